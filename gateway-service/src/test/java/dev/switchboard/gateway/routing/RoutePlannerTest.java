package dev.switchboard.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.catalog.CatalogModel;
import dev.switchboard.gateway.catalog.DataCollection;
import dev.switchboard.gateway.catalog.ModelCatalog;
import dev.switchboard.gateway.catalog.ModelKind;
import dev.switchboard.gateway.catalog.PriceSheet;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.providers.WireFormat;
import dev.switchboard.gateway.routing.ProviderPreferences.MaxPrice;
import dev.switchboard.gateway.routing.ProviderPreferences.Sort;
import dev.switchboard.gateway.routing.health.EndpointHealth;
import dev.switchboard.gateway.routing.health.EndpointStats;
import dev.switchboard.gateway.routing.health.Permit;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The planner alone: a catalog in memory, health as the test says, a seeded random source. No HTTP. */
class RoutePlannerTest {

    /** $1, $2 and $4 per million tokens (prompt + completion), pico-USD per token. */
    private final CatalogEndpoint cheap = endpoint("m/x", "cheap", 500_000, 500_000, DataCollection.DENY, false, null, null);
    private final CatalogEndpoint middle = endpoint("m/x", "middle", 1_000_000, 1_000_000, DataCollection.ALLOW, true, "fp8", 1000);
    private final CatalogEndpoint dear = endpoint("m/x", "dear", 2_000_000, 2_000_000, DataCollection.DENY, true, "bf16", null);
    private final CatalogEndpoint other = endpoint("m/y", "cheap", 100_000, 100_000, DataCollection.DENY, false, null, null);
    private final Map<UUID, EndpointHealth.Availability> down = new HashMap<>();
    private final Map<UUID, EndpointStats> stats = new HashMap<>();
    private final ModelCatalog catalog = new ModelCatalog();
    private final Random random = new Random(16);
    private final RoutePlanner planner;

    RoutePlannerTest() {
        catalog.replace(List.of(model("m/x", cheap, middle, dear), model("m/y", other)), List.of());
        planner = new RoutePlanner(catalog, new TestHealth(), 4096, () -> random);
    }

    @Test
    void load_balancing_chooses_the_first_endpoint_with_weight_one_over_price_squared() {
        Map<String, Integer> first = new HashMap<>();
        int decisions = 10_000;
        for (int i = 0; i < decisions; i++) {
            RoutePlan plan = plan("m/x", ProviderPreferences.NONE);
            first.merge(plan.candidates().getFirst().endpoint().providerId(), 1, Integer::sum);
            assertThat(plan.candidates()).hasSize(3);
        }
        // weights 1/1², 1/2², 1/4² = 1, 0.25, 0.0625 of 1.3125
        assertThat(share(first, "cheap", decisions)).isCloseTo(1 / 1.3125, within(0.03 * (1 / 1.3125)));
        assertThat(share(first, "middle", decisions)).isCloseTo(0.25 / 1.3125, within(0.03 * (0.25 / 1.3125) + 0.005));
        assertThat(share(first, "dear", decisions)).isCloseTo(0.0625 / 1.3125, within(0.03 * (0.0625 / 1.3125) + 0.005));
    }

    @Test
    void the_endpoints_after_the_chosen_one_follow_cheapest_first() {
        for (int i = 0; i < 200; i++) {
            List<String> order = providers(plan("m/x", ProviderPreferences.NONE));
            List<String> rest = new java.util.ArrayList<>(List.of("cheap", "middle", "dear"));
            rest.remove(order.getFirst());
            assertThat(order.subList(1, 3)).isEqualTo(rest);
        }
    }

    @Test
    void sort_by_price_and_order_disable_load_balancing() {
        for (int i = 0; i < 50; i++) {
            assertThat(providers(plan("m/x", prefs().sort(Sort.PRICE).build()))).containsExactly("cheap", "middle", "dear");
            assertThat(providers(plan("m/x:floor", ProviderPreferences.NONE))).containsExactly("cheap", "middle", "dear");
            assertThat(providers(plan("m/x", prefs().order("dear", "Middle").build()))).containsExactly("dear", "middle", "cheap");
        }
    }

    @Test
    void sort_by_throughput_and_latency_use_health_statistics_unmeasured_last() {
        stats.put(middle.id(), new EndpointStats(10, 1, 10, 1, 900.0, 80.0));
        stats.put(dear.id(), new EndpointStats(10, 1, 10, 1, 300.0, 20.0));
        assertThat(providers(plan("m/x", prefs().sort(Sort.THROUGHPUT).build()))).containsExactly("middle", "dear", "cheap");
        assertThat(providers(plan("m/x:nitro", ProviderPreferences.NONE))).containsExactly("middle", "dear", "cheap");
        assertThat(providers(plan("m/x", prefs().sort(Sort.LATENCY).build()))).containsExactly("dear", "middle", "cheap");
    }

    @Test
    void only_ignore_data_collection_zdr_quantizations_and_max_price_remove_endpoints_with_their_reason() {
        assertThat(providers(plan("m/x", prefs().only("middle", "dear").sort(Sort.PRICE).build()))).containsExactly("middle", "dear");
        assertThat(providers(plan("m/x", prefs().ignore("CHEAP").sort(Sort.PRICE).build()))).containsExactly("middle", "dear");
        assertThat(providers(plan("m/x", prefs().dataCollection().sort(Sort.PRICE).build()))).containsExactly("cheap", "dear");
        assertThat(providers(plan("m/x", prefs().zdr().sort(Sort.PRICE).build()))).containsExactly("middle", "dear");
        assertThat(providers(plan("m/x", prefs().quantizations("fp8", "unknown").sort(Sort.PRICE).build()))).containsExactly("cheap", "middle");
        RoutePlan capped = plan("m/x", prefs().maxPrice(new MaxPrice(new BigDecimal("1"), null, null)).sort(Sort.PRICE).build());
        assertThat(providers(capped)).containsExactly("cheap", "middle");
        assertThat(capped.trace()).filteredOn(s -> s.outcome() == RoutePlan.Outcome.SKIPPED).singleElement().satisfies(s -> {
            assertThat(s.providerName()).isEqualTo("dear");
            assertThat(s.reason()).isEqualTo("prompt price $2/M tokens is above provider.max_price.prompt $1");
        });
    }

    @Test
    void allow_fallbacks_false_keeps_only_the_ordered_providers_or_the_first_choice() {
        assertThat(providers(plan("m/x", prefs().order("dear").noFallbacks().build()))).containsExactly("dear");
        assertThat(providers(plan("m/x", prefs().noFallbacks().build()))).hasSize(1);
    }

    @Test
    void models_fall_back_model_by_model_and_partition_none_sorts_across_them() {
        RoutingOptions options = new RoutingOptions(List.of("m/y"), prefs().sort(Sort.PRICE).build());
        assertThat(planner.plan("m/x", options, chat()).candidates()).extracting(c -> c.endpoint().modelId())
                .containsExactly("m/x", "m/x", "m/x", "m/y");
        RoutingOptions across = new RoutingOptions(List.of("m/y"), prefs().sort(Sort.PRICE).acrossModels().build());
        assertThat(planner.plan("m/x", across, chat()).candidates().getFirst().endpoint().modelId()).isEqualTo("m/y");
    }

    @Test
    void unhealthy_endpoints_are_skipped_and_when_all_are_the_error_is_503_with_the_wait() {
        down.put(cheap.id(), new EndpointHealth.Availability(false, "circuit open after 5 failures in a row; next probe in 7 s", 7));
        assertThat(providers(plan("m/x", prefs().sort(Sort.PRICE).build()))).containsExactly("middle", "dear");
        down.put(middle.id(), new EndpointHealth.Availability(false, "circuit open", 3));
        down.put(dear.id(), new EndpointHealth.Availability(false, "circuit open", 9));
        assertThatThrownBy(() -> plan("m/x", ProviderPreferences.NONE)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_AVAILABLE_PROVIDER);
            assertThat(e.metadata()).containsEntry("retry_after_seconds", 3L);
            assertThat(e.getMessage()).contains("cheap circuit open after 5 failures");
        });
    }

    @Test
    void when_preferences_remove_every_endpoint_the_404_names_each_and_why() {
        assertThatThrownBy(() -> plan("m/x", prefs().only("nobody").build())).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).startsWith("No endpoint of 'm/x' matches the request's provider preferences:");
            @SuppressWarnings("unchecked")
            Map<String, Object> removed = (Map<String, Object>) e.metadata().get("removed_endpoints");
            assertThat(removed).containsOnlyKeys("cheap", "middle", "dear").containsValue("is not in provider.only");
        });
    }

    @Test
    void capability_filters_give_a_400_and_max_tokens_is_capped_per_target() {
        Demand tooLong = new Demand(ModelKind.CHAT, 10, 5000, false, Set.of());
        RoutePlan plan = planner.plan("m/x", new RoutingOptions(List.of(), prefs().sort(Sort.PRICE).build()), tooLong);
        assertThat(providers(plan)).containsExactly("cheap", "dear");
        assertThat(plan.candidates()).allSatisfy(c -> assertThat(c.maxOutputTokens()).isEqualTo(5000));
        RoutePlan open = planner.plan("m/x", new RoutingOptions(List.of(), prefs().sort(Sort.PRICE).build()), chat());
        assertThat(open.candidates()).extracting(Candidate::maxOutputTokens).containsExactly(4096, 1000, 4096);
        assertThat(open.candidates()).extracting(Candidate::capOutput).containsExactly(true, false, true);
        Demand tools = new Demand(ModelKind.CHAT, 10, null, true, Set.of("tools"));
        assertThatThrownBy(() -> planner.plan("m/x", RoutingOptions.NONE, tools)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void unknown_models_and_variants_are_refused() {
        assertThatThrownBy(() -> plan("m/nope", ProviderPreferences.NONE)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND));
        assertThatThrownBy(() -> plan("m/x:online", ProviderPreferences.NONE)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).contains(":online").contains("not supported"));
    }

    @Test
    void the_reservation_covers_the_dearest_candidate() {
        RoutePlan plan = plan("m/x", ProviderPreferences.NONE);
        // dear: 100 prompt tokens × 2,000,000 pico + 4096 × 2,000,000 pico = 8,392,000,000 pico = 8,392,000 nano
        assertThat(plan.worstCaseNanos(100)).isEqualTo(8_392_000L);
    }

    private RoutePlan plan(String model, ProviderPreferences prefs) {
        return planner.plan(model, new RoutingOptions(List.of(), prefs), chat());
    }

    private static Demand chat() {
        return new Demand(ModelKind.CHAT, 10, null, false, Set.of());
    }

    private static List<String> providers(RoutePlan plan) {
        return plan.candidates().stream().map(c -> c.endpoint().providerId()).toList();
    }

    private static double share(Map<String, Integer> counts, String provider, int total) {
        return counts.getOrDefault(provider, 0) / (double) total;
    }

    private static CatalogEndpoint endpoint(String model, String provider, long prompt, long completion, DataCollection dataCollection,
                                            boolean zdr, String quantization, Integer maxOutput) {
        return new CatalogEndpoint(UUID.randomUUID(), model, provider, provider, WireFormat.OPENAI, "https://" + provider + ".test",
                null, "up-" + provider, new PriceSheet(prompt, completion, null, null, 0, 0), 32000, maxOutput,
                new HashSet<>(List.of("temperature")), quantization, dataCollection, zdr);
    }

    private static CatalogModel model(String id, CatalogEndpoint... endpoints) {
        return new CatalogModel(id, id, "", 32000, List.of("text"), List.of("text"), null, ModelKind.CHAT, 0, List.of(endpoints));
    }

    private static Prefs prefs() {
        return new Prefs();
    }

    /** A small builder of preferences for the tests. */
    private static final class Prefs {
        private List<String> order = List.of();
        private List<String> only = List.of();
        private List<String> ignore = List.of();
        private boolean fallbacks = true;
        private ProviderPreferences.DataCollection dataCollection;
        private boolean zdr;
        private List<String> quantizations = List.of();
        private Sort sort;
        private boolean across;
        private MaxPrice maxPrice;

        Prefs order(String... p) { order = List.of(p); return this; }
        Prefs only(String... p) { only = List.of(p); return this; }
        Prefs ignore(String... p) { ignore = List.of(p); return this; }
        Prefs noFallbacks() { fallbacks = false; return this; }
        Prefs dataCollection() { dataCollection = ProviderPreferences.DataCollection.DENY; return this; }
        Prefs zdr() { zdr = true; return this; }
        Prefs quantizations(String... q) { quantizations = List.of(q); return this; }
        Prefs sort(Sort s) { sort = s; return this; }
        Prefs acrossModels() { across = true; return this; }
        Prefs maxPrice(MaxPrice m) { maxPrice = m; return this; }

        ProviderPreferences build() {
            return new ProviderPreferences(order, only, ignore, fallbacks, false, dataCollection, zdr, quantizations, sort, across, maxPrice);
        }
    }

    private final class TestHealth implements EndpointHealth {
        @Override
        public Availability availability(UUID endpointId) {
            return down.getOrDefault(endpointId, Availability.AVAILABLE);
        }

        @Override
        public Permit tryAcquire(UUID endpointId) {
            throw new UnsupportedOperationException("the planner never takes permits");
        }

        @Override
        public EndpointStats stats(UUID endpointId) {
            return stats.getOrDefault(endpointId, EndpointStats.NONE);
        }
    }
}
