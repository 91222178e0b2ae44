package dev.switchboard.billing.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The gateway's cost arithmetic on summed usage: exact pico-USD, rounded once, half up, to nano-USD. */
class EndpointPricesTest {

    private static SourceUsage usage(long requests, long prompt, long completion, long cached) {
        return new SourceUsage("a/b", "chat", requests, prompt, completion, 0, cached, 0);
    }

    @Test
    void half_a_nano_dollar_rounds_up_and_less_rounds_down() {
        EndpointPrices prices = new EndpointPrices("p", 1_500, 0, null, 0);
        assertThat(prices.costNanos(usage(1, 1, 0, 0))).isEqualTo(2);   // 1 500 pico = 1.5 nano → 2
        assertThat(prices.costNanos(usage(1, 3, 0, 0))).isEqualTo(5);   // 4 500 pico → 5
        assertThat(new EndpointPrices("p", 1_499, 0, null, 0).costNanos(usage(1, 1, 0, 0))).isEqualTo(1);
        assertThat(new EndpointPrices("p", 499, 0, null, 0).costNanos(usage(1, 1, 0, 0))).isZero();
    }

    @Test
    void cached_tokens_cost_the_cache_read_price_or_else_the_prompt_price_and_each_request_its_price() {
        EndpointPrices withCache = new EndpointPrices("p", 3_000_000, 15_000_000, 300_000L, 0);
        // 600 × 3 000 000 + 400 × 300 000 + 200 × 15 000 000 = 4 920 000 000 pico
        assertThat(withCache.costNanos(usage(1, 1_000, 200, 400))).isEqualTo(4_920_000);
        EndpointPrices noCache = new EndpointPrices("p", 3_000_000, 15_000_000, null, 1_000_000_000L);
        // 1 000 × 3 000 000 + 200 × 15 000 000 + 3 × 1 000 000 000 = 9 000 000 000 pico
        assertThat(noCache.costNanos(usage(3, 1_000, 200, 400))).isEqualTo(9_000_000);
        // more cached than prompt tokens (never recorded, but the gateway's arithmetic): no negative uncached part
        assertThat(withCache.costNanos(usage(1, 10, 0, 20))).isEqualTo(6_000); // 20 × 300 000 pico
    }

    @Test
    void sums_beyond_a_long_of_pico_dollars_stay_exact() {
        // 10^13 tokens at $600 per million: 6 × 10^21 pico-USD, more than a long holds; 6 × 10^18 nano-USD fits
        EndpointPrices dear = new EndpointPrices("p", 600_000_000L, 0, null, 0);
        assertThat(dear.costNanos(usage(1, 10_000_000_000_000L, 0, 0))).isEqualTo(6_000_000_000_000_000_000L);
    }
}
