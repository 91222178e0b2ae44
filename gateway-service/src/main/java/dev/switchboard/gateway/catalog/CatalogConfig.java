package dev.switchboard.gateway.catalog;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Where the gateway reads its catalog of providers, models and prices from. */
@ConfigMapping(prefix = "switchboard.catalog")
public interface CatalogConfig {

    /** The bundled catalog, used when {@link #path()} is not set. */
    String DEFAULT_RESOURCE = "catalog/default-catalog.yaml";

    /**
     * The catalog YAML file: a filesystem path, or {@code classpath:<resource>}. Set from the environment
     * variable {@code SWITCHBOARD_CATALOG}. When unset, the bundled {@code catalog/default-catalog.yaml} is used.
     */
    Optional<String> path();
}
