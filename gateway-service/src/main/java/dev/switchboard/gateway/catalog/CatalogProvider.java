package dev.switchboard.gateway.catalog;

import dev.switchboard.gateway.providers.WireFormat;

/**
 * A provider of the catalog as the gateway sees it after loading (no secret here).
 *
 * @param baseUrl   resolved (placeholders replaced), no trailing slash
 * @param apiKeyEnv the environment variable holding its key; {@code null} when it needs none (local vLLM, the fake)
 * @param zdr       zero data retention: the provider keeps neither prompts nor outputs
 * @param enabled   false when its key is missing: its endpoints are then not served
 */
public record CatalogProvider(String id, String name, WireFormat format, String baseUrl, String apiKeyEnv,
                              DataCollection dataCollection, boolean zdr, String privacyPolicyUrl, boolean enabled) {
}
