package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.routing.ProviderPreferences;
import dev.switchboard.gateway.routing.ProviderPreferences.DataCollection;
import dev.switchboard.gateway.routing.ProviderPreferences.MaxPrice;
import dev.switchboard.gateway.routing.ProviderPreferences.Sort;
import dev.switchboard.gateway.routing.RoutingOptions;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads OpenRouter's {@code provider} object (in chat, completions, embeddings and messages requests), each
 * problem a 400 naming the field ({@code provider.sort}, {@code provider.max_price.prompt}). A field this gateway
 * does not implement ({@code provider.max_price.image}, {@code provider.preferred_min_throughput}, …) is refused
 * with a 400 naming it: a routing or privacy wish must never be silently ignored.
 */
public final class ProviderPreferencesReader {

    static final List<String> SORTS = List.of("price", "throughput", "latency");
    static final List<String> PARTITIONS = List.of("model", "none");
    static final List<String> DATA_COLLECTION = List.of("allow", "deny");
    static final List<String> QUANTIZATIONS = List.of("int4", "int8", "fp4", "fp6", "fp8", "fp16", "bf16", "fp32", "unknown");
    private static final Set<String> FIELDS = Set.of("order", "only", "ignore", "allow_fallbacks", "require_parameters",
            "data_collection", "zdr", "quantizations", "sort", "max_price");
    private static final Set<String> MAX_PRICE_FIELDS = Set.of("prompt", "completion", "request");
    private static final Set<String> SORT_FIELDS = Set.of("by", "partition");

    private ProviderPreferencesReader() {
    }

    /**
     * The {@code models} and {@code provider} fields of a request (models read by the caller, as their rules differ):
     * the fallbacks are {@code models} without the request's own {@code model}.
     */
    public static RoutingOptions options(FieldReader request, List<String> models, String model) {
        if (models.isEmpty()) {
            return new RoutingOptions(List.of(), read(request)); // the common case, on every request: no stream
        }
        return new RoutingOptions(models.stream().filter(m -> !m.equals(model)).toList(), read(request));
    }

    /** The {@code provider} field of {@code request}, or {@link ProviderPreferences#NONE} when absent. */
    public static ProviderPreferences read(FieldReader request) {
        FieldReader provider = request.object("provider");
        if (provider == null) {
            return ProviderPreferences.NONE;
        }
        onlyKnown(provider, FIELDS);
        List<String> quantizations = provider.strings("quantizations");
        for (int i = 0; i < quantizations.size(); i++) {
            if (!QUANTIZATIONS.contains(quantizations.get(i))) {
                throw ApiException.badRequest(provider.path("quantizations") + "[" + i + "]",
                        "must be one of " + String.join(", ", QUANTIZATIONS));
            }
        }
        String dataCollection = provider.oneOf("data_collection", DATA_COLLECTION);
        FieldReader sortObject = provider.raw("sort") != null && provider.raw("sort").isObject() ? provider.object("sort") : null;
        if (sortObject != null) {
            onlyKnown(sortObject, SORT_FIELDS);
        }
        String sort = sortObject != null ? sortObject.oneOf("by", SORTS) : provider.oneOf("sort", SORTS);
        String partition = sortObject != null ? sortObject.oneOf("partition", PARTITIONS) : null;
        if (sortObject != null && sort == null) {
            throw ApiException.badRequest(sortObject.path("by"), "is required in the object form of provider.sort");
        }
        return new ProviderPreferences(
                provider.strings("order"),
                provider.strings("only"),
                provider.strings("ignore"),
                provider.bool("allow_fallbacks", true),
                provider.bool("require_parameters", false),
                dataCollection == null ? null : DataCollection.valueOf(dataCollection.toUpperCase(Locale.ROOT)),
                provider.bool("zdr", false),
                quantizations,
                sort == null ? null : Sort.valueOf(sort.toUpperCase(Locale.ROOT)),
                "none".equals(partition),
                maxPrice(provider.object("max_price")));
    }

    private static MaxPrice maxPrice(FieldReader maxPrice) {
        if (maxPrice == null) {
            return null;
        }
        onlyKnown(maxPrice, MAX_PRICE_FIELDS);
        return new MaxPrice(maxPrice.decimal("prompt"), maxPrice.decimal("completion"), maxPrice.decimal("request"));
    }

    private static void onlyKnown(FieldReader object, Set<String> known) {
        for (Iterator<String> names = object.node().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest(object.path(name), "is not supported by this gateway; the supported fields are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
