package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.routing.ProviderPreferences;
import dev.switchboard.gateway.routing.ProviderPreferences.DataCollection;
import dev.switchboard.gateway.routing.ProviderPreferences.MaxPrice;
import dev.switchboard.gateway.routing.ProviderPreferences.Sort;
import java.util.List;
import java.util.Locale;

/**
 * Reads OpenRouter's {@code provider} object (in chat, completions, embeddings and messages requests), each
 * problem a 400 naming the field ({@code provider.sort}, {@code provider.max_price.prompt}). Fields OpenRouter
 * has that we do not use yet ({@code zdr}, {@code max_price.image}, …) are accepted and ignored.
 */
public final class ProviderPreferencesReader {

    static final List<String> SORTS = List.of("price", "throughput", "latency");
    static final List<String> DATA_COLLECTION = List.of("allow", "deny");
    static final List<String> QUANTIZATIONS = List.of("int4", "int8", "fp4", "fp6", "fp8", "fp16", "bf16", "fp32", "unknown");

    private ProviderPreferencesReader() {
    }

    /** The {@code provider} field of {@code request}, or null when absent. */
    public static ProviderPreferences read(FieldReader request) {
        FieldReader provider = request.object("provider");
        if (provider == null) {
            return null;
        }
        List<String> quantizations = provider.strings("quantizations");
        for (int i = 0; i < quantizations.size(); i++) {
            if (!QUANTIZATIONS.contains(quantizations.get(i))) {
                throw ApiException.badRequest(provider.path("quantizations") + "[" + i + "]",
                        "must be one of " + String.join(", ", QUANTIZATIONS));
            }
        }
        String dataCollection = provider.oneOf("data_collection", DATA_COLLECTION);
        return new ProviderPreferences(
                provider.strings("order"),
                provider.strings("only"),
                provider.strings("ignore"),
                provider.bool("allow_fallbacks", true),
                provider.bool("require_parameters", false),
                dataCollection == null ? null : DataCollection.valueOf(dataCollection.toUpperCase(Locale.ROOT)),
                quantizations,
                sort(provider),
                maxPrice(provider.object("max_price")));
    }

    /** {@code sort}: a string, or OpenRouter's newer object form {@code {"by": "price", …}}. */
    private static Sort sort(FieldReader provider) {
        FieldReader object = provider.raw("sort") != null && provider.raw("sort").isObject() ? provider.object("sort") : null;
        String sort = object != null ? object.oneOf("by", SORTS) : provider.oneOf("sort", SORTS);
        return sort == null ? null : Sort.valueOf(sort.toUpperCase(Locale.ROOT));
    }

    private static MaxPrice maxPrice(FieldReader maxPrice) {
        if (maxPrice == null) {
            return null;
        }
        return new MaxPrice(maxPrice.decimal("prompt"), maxPrice.decimal("completion"), maxPrice.decimal("request"));
    }
}
