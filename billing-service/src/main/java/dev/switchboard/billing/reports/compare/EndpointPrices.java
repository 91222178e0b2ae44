package dev.switchboard.billing.reports.compare;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The current prices of one serving endpoint of a model (a {@code model_endpoints} row), in pico-USD: per token for
 * prompt, completion and cache reads, per request for {@code requestPico}; {@code cacheReadPico} is null when the
 * provider gives no cache discount.
 *
 * <p>{@link #costNanos} is the gateway's arithmetic ({@code gateway/metering/SpendCalculator.costNanos}) applied to a
 * sum of requests: exact integers in pico-USD, rounded once, half up, to nano-USD. Cached prompt tokens are billed at
 * the cache-read price (the prompt price without one); the rollup does not keep cache <em>writes</em>, so they are
 * billed as ordinary prompt tokens, as the gateway bills them on an endpoint without a cache-write price; each request
 * adds the per-request price.
 */
public record EndpointPrices(String providerId, long promptPico, long completionPico, Long cacheReadPico, long requestPico) {

    private static final BigInteger PICO_PER_NANO = BigInteger.valueOf(1_000);
    private static final BigInteger HALF_NANO = BigInteger.valueOf(500);

    public long cacheReadOrPromptPico() {
        return cacheReadPico != null ? cacheReadPico : promptPico;
    }

    /**
     * What {@code usage} costs at these prices, in nano-USD. The gateway rounds each request on its own; this rounds
     * the sum once, so it may differ from the sum of per-request costs by at most half a nano-dollar per request.
     * BigInteger, not long: a year of a busy organization's tokens times a dear price leaves the range of a long.
     */
    public long costNanos(SourceUsage usage) {
        long cached = usage.cachedTokens();
        long uncached = Math.max(usage.promptTokens() - cached, 0);
        BigInteger pico = BigInteger.valueOf(uncached).multiply(BigInteger.valueOf(promptPico))
                .add(BigInteger.valueOf(cached).multiply(BigInteger.valueOf(cacheReadOrPromptPico())))
                .add(BigInteger.valueOf(usage.completionTokens()).multiply(BigInteger.valueOf(completionPico)))
                .add(BigInteger.valueOf(usage.requests()).multiply(BigInteger.valueOf(requestPico)));
        // floor((pico + 500) / 1000): half up, as SpendCalculator.roundToNanos (pico is never negative)
        return pico.add(HALF_NANO).divide(PICO_PER_NANO).longValueExact();
    }

    /** A per-token price in USD per million tokens, as catalogs quote it: 2 500 000 pico-USD → 2.5. */
    static BigDecimal perMillion(long pico) {
        BigDecimal usd = BigDecimal.valueOf(pico, 6).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }

    /** A per-request price in USD: 1 000 000 000 pico-USD → 0.001. */
    static BigDecimal perRequest(long pico) {
        BigDecimal usd = BigDecimal.valueOf(pico, 12).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }
}
