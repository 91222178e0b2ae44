package dev.switchboard.gateway.catalog;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog on the hot path: an immutable snapshot of providers, models and their serving endpoints, swapped
 * atomically by {@link CatalogLoader}. Every read is a map lookup; nothing here does I/O.
 * <p>
 * Only servable models (at least one endpoint at an enabled provider with status 0) are returned by
 * {@link #model(String)} and {@link #models()}; a model of the file whose providers all lack their keys is
 * reported by {@link #isListedButUnavailable(String)} instead, so callers can say why it cannot be used.
 */
@Singleton
public class ModelCatalog {

    /** One consistent view of the catalog. */
    private record Snapshot(List<CatalogModel> servable, Map<String, CatalogModel> byId, Set<String> unavailable,
                            List<CatalogProvider> providers, Map<String, CatalogProvider> providersById) {

        static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), Set.of(), List.of(), Map.of());
    }

    private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);

    /** Builds a snapshot from models (in catalog order, servable or not) and providers, and makes it current. */
    public void replace(List<CatalogModel> models, List<CatalogProvider> providers) {
        List<CatalogModel> servable = models.stream().filter(CatalogModel::isServable).toList();
        Map<String, CatalogModel> byId = new HashMap<>();
        servable.forEach(m -> byId.put(m.id(), m));
        Set<String> unavailable = new HashSet<>();
        models.stream().filter(m -> !m.isServable()).forEach(m -> unavailable.add(m.id()));
        Map<String, CatalogProvider> providersById = new HashMap<>();
        providers.forEach(p -> providersById.put(p.id(), p));
        current.set(new Snapshot(servable, Map.copyOf(byId), Set.copyOf(unavailable), List.copyOf(providers),
                Map.copyOf(providersById)));
    }

    /** The servable model with exactly this id ({@code author/slug}; strip variants with {@link ModelRef} first). */
    public Optional<CatalogModel> model(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(current.get().byId().get(id));
    }

    /** Every servable model, in catalog order. */
    public List<CatalogModel> models() {
        return current.get().servable();
    }

    /** The servable models of one kind (the models list shows chat models, the embeddings list the others). */
    public List<CatalogModel> models(ModelKind kind) {
        return current.get().servable().stream().filter(m -> m.kind() == kind).toList();
    }

    /** True for a model of the catalog file that has no serving endpoint (e.g. its provider's key is not set). */
    public boolean isListedButUnavailable(String id) {
        return id != null && current.get().unavailable().contains(id);
    }

    /** Every provider of the catalog, enabled or not, in catalog order. */
    public List<CatalogProvider> providers() {
        return current.get().providers();
    }

    /** The enabled providers only (the public providers list). */
    public List<CatalogProvider> enabledProviders() {
        return current.get().providers().stream().filter(CatalogProvider::enabled).toList();
    }

    public Optional<CatalogProvider> provider(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(current.get().providersById().get(id));
    }
}
