package dev.switchboard.gateway.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.schema.shared.PicoUsd;

/**
 * OpenRouter's {@code pricing} object: USD per token (per request for {@code request}, per image for
 * {@code image}) as plain decimal strings, e.g. {@code "0.0000025"}. The cache prices appear only when known.
 */
@JsonInclude(Include.ALWAYS)
public record PricingView(String prompt, String completion, String request, String image,
                          @JsonProperty("input_cache_read") @JsonInclude(Include.NON_NULL) String inputCacheRead,
                          @JsonProperty("input_cache_write") @JsonInclude(Include.NON_NULL) String inputCacheWrite) {

    public static final PricingView FREE = from(PriceSheet.FREE);

    public static PricingView from(PriceSheet prices) {
        return new PricingView(usd(prices.prompt()), usd(prices.completion()), usd(prices.request()), usd(prices.image()),
                prices.cacheRead() == null ? null : usd(prices.cacheRead()),
                prices.cacheWrite() == null ? null : usd(prices.cacheWrite()));
    }

    private static String usd(long picos) {
        return new PicoUsd(picos).toUsdPerTokenString();
    }
}
