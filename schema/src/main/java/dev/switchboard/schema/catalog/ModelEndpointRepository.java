package dev.switchboard.schema.catalog;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ModelEndpointRepository implements PanacheRepositoryBase<ModelEndpoint, UUID> {

    public List<ModelEndpoint> listByModel(String modelId) {
        return list("modelId", modelId);
    }
}
