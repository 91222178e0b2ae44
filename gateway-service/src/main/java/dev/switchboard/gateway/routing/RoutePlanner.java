package dev.switchboard.gateway.routing;

import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.catalog.CatalogModel;
import dev.switchboard.gateway.catalog.ModelCatalog;
import dev.switchboard.gateway.catalog.ModelKind;
import dev.switchboard.gateway.catalog.ModelRef;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.routing.Constraints.Removal;
import dev.switchboard.gateway.routing.ProviderPreferences.Sort;
import dev.switchboard.gateway.routing.RoutePlan.Outcome;
import dev.switchboard.gateway.routing.RoutePlan.Step;
import dev.switchboard.gateway.routing.health.EndpointHealth;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.function.Supplier;

/**
 * Turns a request's model (and OpenRouter's {@code models} list and {@code provider} preferences) into a
 * {@link RoutePlan}: the endpoints that may serve it, in the order to try them.
 *
 * <p>For each model in turn: endpoints the client's preferences exclude, that cannot serve the request, or whose
 * circuit is open are skipped, each with its reason. The rest are ordered: {@code provider.order} first; else by
 * {@code provider.sort} (or the {@code :nitro} / {@code :floor} variant); else load-balanced, the first chosen at
 * random weighted by 1/price² (a provider half the price is four times as likely) and the others following by price.
 * With {@code allow_fallbacks: false} only the ordered providers (or the first choice) may serve. When no endpoint is
 * left the error says which constraint removed which endpoint: 404 when the client's preferences did, 400 when the
 * request asks more than the endpoints can do, 503 when health did (with the time until the next probe).
 */
@Singleton
public class RoutePlanner {

    private final ModelCatalog catalog;
    private final EndpointHealth health;
    private final int defaultMaxOutput;
    private final Supplier<RandomGenerator> random;

    @Inject
    public RoutePlanner(ModelCatalog catalog, EndpointHealth health, GatewayConfig config) {
        this(catalog, health, config.defaultMaxOutputTokens(), ThreadLocalRandom::current);
    }

    /** For tests: a seeded random source makes the weighted choice reproducible. */
    public RoutePlanner(ModelCatalog catalog, EndpointHealth health, int defaultMaxOutput, Supplier<RandomGenerator> random) {
        this.catalog = catalog;
        this.health = health;
        this.defaultMaxOutput = defaultMaxOutput;
        this.random = random;
    }

    /**
     * @param model the request's model ({@code author/slug[:variant]})
     * @throws ApiException when a model is unknown, a variant unsupported, or no endpoint is left
     */
    public RoutePlan plan(String model, RoutingOptions options, Demand demand) {
        List<String> models = options.models().isEmpty() ? List.of(model)
                : new ArrayList<>(new LinkedHashSet<>(concat(model, options.models())));
        List<Step> skipped = new ArrayList<>();
        List<Fitting> perModel = new ArrayList<>();
        Map<Constraints.Kind, Integer> removedBy = new LinkedHashMap<>();
        long retryAfter = Long.MAX_VALUE;
        ProviderPreferences base = options.provider();
        for (String name : models) {
            // the common case, a catalog id without a variant, needs no parsing (catalog ids are valid by construction)
            CatalogModel m = catalog.model(name).orElse(null);
            ModelRef ref = m == null ? parse(name) : null;
            ProviderPreferences prefs = ref == null ? base : withVariant(base, ref, name);
            m = m == null ? lookup(ref, name, demand.kind()) : ofKind(m, name, demand.kind());
            if (m == null) {
                continue; // listed but not configured: said in the error if nothing else serves
            }
            boolean freeOnly = ref != null && "free".equals(ref.variant());
            List<CatalogEndpoint> fitting = new ArrayList<>();
            for (CatalogEndpoint e : m.endpoints()) {
                Removal removal = Constraints.preference(e, prefs, freeOnly);
                if (removal == null) {
                    removal = Constraints.capability(e, demand, prefs.requireParameters());
                }
                if (removal == null) {
                    EndpointHealth.Availability availability = health.availability(e.id());
                    if (!availability.available()) {
                        removal = new Removal(Constraints.Kind.HEALTH, availability.reason());
                        retryAfter = Math.min(retryAfter, availability.retryAfterSeconds());
                    }
                }
                if (removal != null) {
                    skipped.add(RoutePlan.step(e, Outcome.SKIPPED, removal.reason(), null, null));
                    removedBy.merge(removal.kind(), 1, Integer::sum);
                } else {
                    fitting.add(e);
                }
            }
            perModel.add(new Fitting(fitting, prefs));
        }
        List<CatalogEndpoint> ordered = order(perModel, skipped, removedBy);
        if (ordered.isEmpty()) {
            throw nothingFits(models, skipped, removedBy, retryAfter);
        }
        List<Candidate> candidates = ordered.stream().map(e -> Candidate.of(e, demand.maxTokens(), defaultMaxOutput)).toList();
        return new RoutePlan(candidates, skipped);
    }

    /** Orders each model's fitting endpoints, then the models one after the other (or all together for partition none). */
    private List<CatalogEndpoint> order(List<Fitting> perModel, List<Step> skipped, Map<Constraints.Kind, Integer> removedBy) {
        List<CatalogEndpoint> all = new ArrayList<>();
        ProviderPreferences first = perModel.isEmpty() ? ProviderPreferences.NONE : perModel.getFirst().prefs();
        if (first.sort() != null && first.sortAcrossModels() && first.order().isEmpty()) {
            perModel.forEach(f -> all.addAll(f.endpoints()));
            return restrict(Ordering.sorted(all, first.sort(), health), first, skipped, removedBy);
        }
        for (Fitting f : perModel) {
            List<CatalogEndpoint> fitting = f.endpoints();
            ProviderPreferences prefs = f.prefs();
            List<CatalogEndpoint> ordered;
            if (!prefs.order().isEmpty()) {
                ordered = Ordering.byOrder(fitting, prefs.order(), prefs.sort(), health);
            } else if (prefs.sort() != null) {
                ordered = Ordering.sorted(fitting, prefs.sort(), health);
            } else {
                ordered = Ordering.weighted(fitting, random.get());
            }
            all.addAll(restrict(ordered, prefs, skipped, removedBy));
        }
        return all;
    }

    /** A model's endpoints that may serve, and the preferences they are ordered by (its variant's sort included). */
    private record Fitting(List<CatalogEndpoint> endpoints, ProviderPreferences prefs) {
    }

    /** {@code allow_fallbacks: false}: only the ordered providers, or else only the first choice, may serve. */
    private static List<CatalogEndpoint> restrict(List<CatalogEndpoint> ordered, ProviderPreferences prefs, List<Step> skipped,
                                                  Map<Constraints.Kind, Integer> removedBy) {
        if (prefs.allowFallbacks() || ordered.isEmpty()) {
            return ordered;
        }
        List<CatalogEndpoint> kept = new ArrayList<>();
        for (CatalogEndpoint e : ordered) {
            boolean keep = prefs.order().isEmpty() ? kept.isEmpty() : Constraints.position(prefs.order(), e) >= 0;
            if (keep) {
                kept.add(e);
            } else {
                skipped.add(RoutePlan.step(e, Outcome.SKIPPED, prefs.order().isEmpty()
                        ? "provider.allow_fallbacks is false: only the first choice may serve"
                        : "is not in provider.order, and provider.allow_fallbacks is false", null, null));
                removedBy.merge(Constraints.Kind.PREFERENCE, 1, Integer::sum);
            }
        }
        return kept;
    }

    private static ProviderPreferences withVariant(ProviderPreferences prefs, ModelRef ref, String name) {
        if (ref.variant() == null) {
            return prefs;
        }
        return switch (ref.variant()) {
            case "nitro" -> prefs.withSort(Sort.THROUGHPUT);
            case "floor" -> prefs.withSort(Sort.PRICE);
            case "free" -> prefs;
            default -> throw ApiException.badRequest("model", "'" + name + "': the variant ':" + ref.variant()
                    + "' is not supported by this gateway (supported: :nitro, :floor, :free)");
        };
    }

    private static ModelRef parse(String name) {
        try {
            return ModelRef.parse(name);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.MODEL_NOT_FOUND, "Model '" + name + "' is not available here; GET /api/v1/models lists the models.",
                    Map.of("model", name));
        }
    }

    /** The model, null when it is listed but none of its providers is configured; unknown models and wrong kinds are errors. */
    private CatalogModel lookup(ModelRef ref, String name, ModelKind kind) {
        CatalogModel m = catalog.model(ref.id()).orElse(null);
        if (m == null) {
            if (catalog.isListedButUnavailable(ref.id())) {
                return null;
            }
            // a 4xx, not a 5xx: SDKs retry 5xx for a long time
            throw new ApiException(ErrorCode.MODEL_NOT_FOUND, "Model '" + name + "' is not available here; GET /api/v1/models lists the models.",
                    Map.of("model", name));
        }
        return ofKind(m, name, kind);
    }

    private static CatalogModel ofKind(CatalogModel m, String name, ModelKind kind) {
        if (m.kind() != kind) {
            throw ApiException.badRequest("model", kind == ModelKind.EMBEDDING
                    ? "'" + name + "' is a chat model; embeddings need an embedding model (GET /api/v1/embeddings/models)"
                    : "'" + name + "' is an embedding model; use POST /api/v1/embeddings");
        }
        return m;
    }

    private ApiException nothingFits(List<String> models, List<Step> skipped, Map<Constraints.Kind, Integer> removedBy, long retryAfter) {
        List<String> unconfigured = models.stream().filter(m -> catalog.isListedButUnavailable(idOf(m))).toList();
        if (unconfigured.size() == models.size() && models.size() == 1) {
            return new ApiException(ErrorCode.MODEL_NOT_FOUND, "Model '" + models.getFirst()
                    + "' is in the catalog, but none of its providers is configured on this gateway (their API keys are not set).",
                    Map.of("model", models.getFirst(), "reason", "no_configured_provider"));
        }
        String subject = models.size() == 1 ? "'" + models.getFirst() + "'" : "any of " + models;
        StringBuilder message = new StringBuilder();
        Map<String, Object> removed = new LinkedHashMap<>();
        for (Step s : skipped) {
            message.append(' ').append(s.providerName()).append(models.size() > 1 ? " (" + s.model() + ")" : "").append(' ')
                    .append(s.reason()).append(';');
            removed.put(models.size() > 1 ? s.model() + " at " + s.providerName() : s.providerName(), s.reason());
        }
        for (String m : unconfigured) {
            message.append(" '").append(m).append("' has no provider configured on this gateway (their API keys are not set);");
            removed.put(m, "no configured provider");
        }
        message.setLength(Math.max(0, message.length() - 1));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("models", models);
        metadata.put("removed_endpoints", removed);
        ErrorCode code;
        String head;
        if (removedBy.containsKey(Constraints.Kind.HEALTH)) {
            code = ErrorCode.NO_AVAILABLE_PROVIDER;
            head = "No endpoint of " + subject + " is available right now:";
            if (retryAfter != Long.MAX_VALUE) {
                metadata.put("retry_after_seconds", Math.max(1, retryAfter));
            }
        } else if (removedBy.containsKey(Constraints.Kind.CAPABILITY)) {
            code = ErrorCode.BAD_REQUEST;
            head = "No endpoint of " + subject + " can serve this request:";
        } else {
            code = unconfigured.size() == models.size() ? ErrorCode.MODEL_NOT_FOUND : ErrorCode.NOT_FOUND;
            head = removedBy.isEmpty() ? "No endpoint of " + subject + " is served here:"
                    : "No endpoint of " + subject + " matches the request's provider preferences:";
        }
        return new ApiException(code, head + message + ".", metadata);
    }

    private static String idOf(String model) {
        int colon = model.indexOf(':');
        return colon < 0 ? model : model.substring(0, colon);
    }

    private static List<String> concat(String model, List<String> models) {
        List<String> all = new ArrayList<>();
        all.add(model);
        all.addAll(models);
        return all;
    }

}
