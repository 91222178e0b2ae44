package dev.switchboard.gateway.catalog;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model of the catalog with its serving endpoints, in the catalog file's order (the first is the
 * catalog author's preferred one and the one the models list shows prices for).
 *
 * @param contextLength     the model's context window in tokens
 * @param inputModalities   e.g. ["text", "image"]
 * @param outputModalities  e.g. ["text"], ["embeddings"]
 * @param tokenizer         e.g. "GPT", "Claude"; {@code null} when not stated
 * @param created           epoch seconds when this gateway first listed the model ({@code models.created_at})
 * @param endpoints         serving endpoints only; empty when no provider of the model is enabled
 */
public record CatalogModel(String id, String name, String description, Integer contextLength, List<String> inputModalities,
                           List<String> outputModalities, String tokenizer, ModelKind kind, long created,
                           List<CatalogEndpoint> endpoints) {

    public CatalogModel {
        description = description == null ? "" : description;
        inputModalities = List.copyOf(inputModalities);
        outputModalities = List.copyOf(outputModalities);
        endpoints = List.copyOf(endpoints);
    }

    /** The first serving endpoint, if any. */
    public Optional<CatalogEndpoint> topEndpoint() {
        return endpoints.isEmpty() ? Optional.empty() : Optional.of(endpoints.getFirst());
    }

    public boolean isServable() {
        return !endpoints.isEmpty();
    }

    /** The parameters at least one serving endpoint supports, sorted. */
    public Set<String> supportedParameters() {
        Set<String> union = new TreeSet<>();
        endpoints.forEach(e -> union.addAll(e.supportedParameters()));
        return union;
    }

    /** OpenRouter's modality string, e.g. "text+image->text". */
    public String modality() {
        return String.join("+", inputModalities) + "->" + String.join("+", outputModalities);
    }
}
