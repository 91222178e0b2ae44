package dev.switchboard.gateway.catalog;

import dev.switchboard.gateway.providers.WireFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The catalog YAML file (the one named by {@code SWITCHBOARD_CATALOG}, else {@code catalog/default-catalog.yaml}),
 * validated: every id unique and well-formed, every provider reference known, every price exact.
 * <pre>
 * providers:
 *   - {id, name, api: openai|anthropic|gemini, base_url, api_key_env?, data_collection?: allow|deny, zdr?: true|false,
 *      privacy_policy_url?}
 * models:
 *   - id: author/slug
 *     name, description?, context_length, input_modalities?, output_modalities?, tokenizer?, kind?: chat|embedding
 *     endpoints:
 *       - {provider, upstream_model, pricing: {prompt, completion, cache_read?, cache_write?, request?, image?},
 *          max_output?, context_length?, supported_parameters: [...], quantization?}
 * </pre>
 * Token prices are USD per million tokens, {@code request} is USD per request and {@code image} USD per input image.
 * {@code base_url} may contain {@code ${name}} or {@code ${name:default}}, resolved from MicroProfile Config.
 */
public record CatalogFile(List<ProviderEntry> providers, List<ModelEntry> models) {

    public CatalogFile {
        providers = List.copyOf(providers);
        models = List.copyOf(models);
    }

    /**
     * Parses and validates a catalog.
     *
     * @param yaml   the file's text
     * @param source where it came from, for messages (a path or "classpath:…")
     * @param config resolves the {@code ${name}} placeholders of base URLs (MicroProfile Config in the service)
     * @throws CatalogException listing every problem, each with its path in the file
     */
    public static CatalogFile parse(String yaml, String source, Function<String, Optional<String>> config) {
        return new CatalogFileParser(source, config).parse(yaml);
    }

    /**
     * @param baseUrl   resolved, without a trailing slash
     * @param apiKeyEnv {@code null} when the provider needs no key
     * @param zdr       whether the provider keeps no prompts or outputs at all (zero data retention), which a
     *                  request's {@code provider.zdr: true} requires; false when the file does not say
     */
    public record ProviderEntry(String id, String name, WireFormat format, String baseUrl, String apiKeyEnv,
                                DataCollection dataCollection, boolean zdr, String privacyPolicyUrl) {
    }

    /** @param tokenizer {@code null} when not stated */
    public record ModelEntry(String id, String name, String description, int contextLength, List<String> inputModalities,
                             List<String> outputModalities, String tokenizer, ModelKind kind, List<EndpointEntry> endpoints) {

        public ModelEntry {
            inputModalities = List.copyOf(inputModalities);
            outputModalities = List.copyOf(outputModalities);
            endpoints = List.copyOf(endpoints);
        }
    }

    /**
     * @param pricing       converted to pico-USD
     * @param contextLength the endpoint's, defaulting to the model's
     */
    public record EndpointEntry(String provider, String upstreamModel, PriceSheet pricing, Integer maxOutput,
                                int contextLength, List<String> supportedParameters, String quantization) {

        public EndpointEntry {
            supportedParameters = List.copyOf(supportedParameters);
        }
    }
}
