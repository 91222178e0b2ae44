package dev.switchboard.gateway.routing;

import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.routing.ProviderPreferences.Sort;
import dev.switchboard.gateway.routing.health.EndpointHealth;
import dev.switchboard.gateway.routing.health.EndpointStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/** The orders a model's fitting endpoints can be tried in. Pure: no state, the random source and health are given. */
final class Ordering {

    /** Cheapest first: prompt + completion price per token, then the per-request price. */
    static final Comparator<CatalogEndpoint> BY_PRICE = Comparator
            .comparingLong((CatalogEndpoint e) -> e.prices().prompt() + e.prices().completion())
            .thenComparingLong(e -> e.prices().request());

    private Ordering() {
    }

    /**
     * Load balancing: the first endpoint chosen at random with weight 1/price² (price = prompt + completion per
     * token), the others after it, cheapest first. Free endpoints, when there are any, share the first place evenly
     * (their weight would be infinite).
     */
    static List<CatalogEndpoint> weighted(List<CatalogEndpoint> endpoints, RandomGenerator random) {
        List<CatalogEndpoint> byPrice = new ArrayList<>(endpoints);
        byPrice.sort(BY_PRICE);
        if (byPrice.size() < 2) {
            return byPrice;
        }
        int chosen = choose(byPrice, random);
        List<CatalogEndpoint> ordered = new ArrayList<>(byPrice.size());
        ordered.add(byPrice.get(chosen));
        for (int i = 0; i < byPrice.size(); i++) {
            if (i != chosen) {
                ordered.add(byPrice.get(i));
            }
        }
        return ordered;
    }

    /** The index of the endpoint chosen with probability proportional to 1/price². */
    static int choose(List<CatalogEndpoint> byPrice, RandomGenerator random) {
        long free = byPrice.stream().filter(e -> price(e) == 0).count();
        if (free > 0) {
            return random.nextInt((int) free); // free ones sort first
        }
        double[] cumulative = new double[byPrice.size()];
        double total = 0;
        for (int i = 0; i < byPrice.size(); i++) {
            double p = price(byPrice.get(i));
            total += 1.0 / (p * p);
            cumulative[i] = total;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < cumulative.length; i++) {
            if (x < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** The weight's price: prompt + completion, pico-USD per token. */
    static long price(CatalogEndpoint e) {
        return e.prices().prompt() + e.prices().completion();
    }

    /**
     * {@code sort}: price (cheapest first), throughput (fastest output first) or latency (quickest first token first).
     * Endpoints without measurements follow the measured ones; ties go to the cheaper.
     */
    static List<CatalogEndpoint> sorted(List<CatalogEndpoint> endpoints, Sort sort, EndpointHealth health) {
        List<CatalogEndpoint> ordered = new ArrayList<>(endpoints);
        ordered.sort(comparator(sort, health));
        return ordered;
    }

    /** {@code order}: the named providers first, in the client's order; the others after them, by {@code sort} or price. */
    static List<CatalogEndpoint> byOrder(List<CatalogEndpoint> endpoints, List<String> order, Sort sort, EndpointHealth health) {
        Comparator<CatalogEndpoint> rest = sort == null ? BY_PRICE : comparator(sort, health);
        List<CatalogEndpoint> ordered = new ArrayList<>(endpoints);
        ordered.sort(Comparator.comparingInt((CatalogEndpoint e) -> {
            int position = Constraints.position(order, e);
            return position < 0 ? Integer.MAX_VALUE : position;
        }).thenComparing(rest));
        return ordered;
    }

    private static Comparator<CatalogEndpoint> comparator(Sort sort, EndpointHealth health) {
        return switch (sort) {
            case PRICE -> BY_PRICE;
            case THROUGHPUT -> Comparator.comparingDouble((CatalogEndpoint e) -> {
                EndpointStats s = health.stats(e.id());
                return s.throughputTps() == null ? Double.POSITIVE_INFINITY : -s.throughputTps();
            }).thenComparing(BY_PRICE);
            case LATENCY -> Comparator.comparingDouble((CatalogEndpoint e) -> {
                EndpointStats s = health.stats(e.id());
                return s.latencyMillis() == null ? Double.POSITIVE_INFINITY : s.latencyMillis();
            }).thenComparing(BY_PRICE);
        };
    }
}
