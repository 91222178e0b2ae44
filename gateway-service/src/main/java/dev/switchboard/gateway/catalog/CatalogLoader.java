package dev.switchboard.gateway.catalog;

import dev.switchboard.gateway.catalog.CatalogFile.EndpointEntry;
import dev.switchboard.gateway.catalog.CatalogFile.ModelEntry;
import dev.switchboard.gateway.catalog.CatalogFile.ProviderEntry;
import dev.switchboard.gateway.catalog.CatalogStore.EndpointKey;
import dev.switchboard.gateway.catalog.CatalogStore.StoredEndpoint;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Loads the catalog at start (after Flyway has migrated): reads the YAML named by {@code switchboard.catalog.path}
 * ({@code SWITCHBOARD_CATALOG}) or the bundled {@code catalog/default-catalog.yaml}, writes it to the catalog tables
 * ({@link CatalogStore}) and publishes the in-memory snapshot ({@link ModelCatalog}).
 * <p>
 * A provider whose {@code api_key_env} variable is unset or blank is stored with {@code enabled = false} and not
 * served; one info line says so. A provider without {@code api_key_env} needs no key.
 */
@ApplicationScoped
public class CatalogLoader {

    private static final Logger LOG = Logger.getLogger(CatalogLoader.class);
    private static final String CLASSPATH = "classpath:";

    @Inject
    CatalogConfig catalogConfig;
    @Inject
    Config config;
    @Inject
    CatalogStore store;
    @Inject
    ModelCatalog catalog;

    void onStart(@Observes StartupEvent event) {
        loadConfigured();
    }

    /** Loads the configured catalog (or the bundled one) again, e.g. after the file changed. */
    public LoadReport loadConfigured() {
        return load(catalogConfig.path().filter(p -> !p.isBlank()).orElse(CLASSPATH + CatalogConfig.DEFAULT_RESOURCE));
    }

    /**
     * Loads a catalog: a filesystem path or {@code classpath:<resource>}.
     *
     * @throws CatalogException when it cannot be read or is invalid (nothing is written then)
     */
    public LoadReport load(String source) {
        return load(source, new ProviderKeys(this::configValue));
    }

    LoadReport load(String source, ProviderKeys keys) {
        return load(source, CatalogFile.parse(read(source), source, this::configValue), keys);
    }

    synchronized LoadReport load(String source, CatalogFile file, ProviderKeys keys) {
        Map<String, Optional<String>> keyValues = new HashMap<>();
        Map<String, Boolean> enabled = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        for (ProviderEntry p : file.providers()) {
            Optional<String> key = keys.keyFor(p.id(), p.apiKeyEnv());
            keyValues.put(p.id(), key);
            boolean served = p.apiKeyEnv() == null || key.isPresent();
            enabled.put(p.id(), served);
            if (!served) {
                skipped.add(p.id());
                LOG.infof("provider %s skipped: %s is not set", p.id(), p.apiKeyEnv());
            }
        }
        CatalogStore.Stored stored = store.write(file, enabled);

        List<CatalogProvider> providers = new ArrayList<>();
        Map<String, CatalogProvider> byId = new HashMap<>();
        for (ProviderEntry p : file.providers()) {
            CatalogProvider provider = new CatalogProvider(p.id(), p.name(), p.format(), p.baseUrl(), p.apiKeyEnv(),
                    p.dataCollection(), p.zdr(), p.privacyPolicyUrl(), enabled.get(p.id()));
            providers.add(provider);
            byId.put(p.id(), provider);
        }
        List<CatalogModel> models = new ArrayList<>();
        for (ModelEntry m : file.models()) {
            List<CatalogEndpoint> endpoints = new ArrayList<>();
            for (EndpointEntry e : m.endpoints()) {
                CatalogProvider provider = byId.get(e.provider());
                StoredEndpoint row = stored.endpoints().get(new EndpointKey(m.id(), e.provider()));
                if (provider.enabled() && row.status() == CatalogStore.STATUS_SERVING) {
                    endpoints.add(new CatalogEndpoint(row.id(), m.id(), provider.id(), provider.name(), provider.format(),
                            provider.baseUrl(), keyValues.get(provider.id()).orElse(null), e.upstreamModel(), e.pricing(),
                            e.contextLength(), e.maxOutput(), new HashSet<>(e.supportedParameters()), e.quantization(),
                            provider.dataCollection(), provider.zdr()));
                }
            }
            models.add(new CatalogModel(m.id(), m.name(), m.description(), m.contextLength(), m.inputModalities(),
                    m.outputModalities(), m.tokenizer(), m.kind(), stored.modelCreatedEpochSeconds().getOrDefault(m.id(), 0L),
                    endpoints));
        }
        catalog.replace(models, providers);

        int servable = (int) models.stream().filter(CatalogModel::isServable).count();
        LoadReport report = new LoadReport(source, stored.changes(), skipped, models.size(), servable);
        LoadReport.Changes c = report.changes();
        LOG.infof("catalog %s loaded: %d models (%d servable), %d providers (%d skipped); rows written: providers +%d ~%d, "
                        + "models +%d ~%d, endpoints +%d ~%d -%d", source, models.size(), servable, providers.size(),
                skipped.size(), c.providersInserted(), c.providersUpdated(), c.modelsInserted(), c.modelsUpdated(),
                c.endpointsInserted(), c.endpointsUpdated(), c.endpointsRemoved());
        return report;
    }

    private Optional<String> configValue(String name) {
        return config.getOptionalValue(name, String.class);
    }

    private static String read(String source) {
        try {
            if (source.startsWith(CLASSPATH)) {
                String resource = source.substring(CLASSPATH.length());
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                try (InputStream in = (loader != null ? loader : CatalogLoader.class.getClassLoader()).getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new CatalogException("catalog resource not found: " + source, (Throwable) null);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CatalogException("catalog file not found: " + source + " (set SWITCHBOARD_CATALOG)", e);
        } catch (IOException e) {
            throw new CatalogException("cannot read catalog " + source + ": " + e.getMessage(), e);
        }
    }
}
