package dev.switchboard.gateway.routing;

import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.catalog.DataCollection;
import dev.switchboard.gateway.catalog.PriceSheet;
import dev.switchboard.gateway.routing.ProviderPreferences.MaxPrice;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Why an endpoint may not serve a request, in words a client can act on, or null when it may. Three kinds of reason,
 * checked in this order: what the client asked for ({@code provider.only}, {@code data_collection}, {@code max_price},
 * a {@code :free} variant, …), what the request needs (tools, context length, output length, parameters), and health.
 * The kind decides the status when no endpoint is left (404, 400, 503).
 */
final class Constraints {

    /** Why an endpoint was removed. */
    enum Kind { PREFERENCE, CAPABILITY, HEALTH }

    record Removal(Kind kind, String reason) {
    }

    /** pico-USD per token in one USD per million tokens. */
    private static final BigDecimal PICO_PER_TOKEN_PER_USD_PER_MILLION = BigDecimal.valueOf(1_000_000L);
    private static final BigDecimal PICO_PER_USD = BigDecimal.valueOf(1_000_000_000_000L);

    private Constraints() {
    }

    /** The client's wishes; null when the endpoint meets them. */
    static Removal preference(CatalogEndpoint e, ProviderPreferences p, boolean freeOnly) {
        if (!p.only().isEmpty() && !names(p.only(), e)) {
            return pref("is not in provider.only");
        }
        if (names(p.ignore(), e)) {
            return pref("is in provider.ignore");
        }
        if (p.dataCollection() == ProviderPreferences.DataCollection.DENY && e.dataCollection() == DataCollection.ALLOW) {
            return pref("may retain or train on prompts, and provider.data_collection is \"deny\"");
        }
        if (p.zdr() && !e.zdr()) {
            return pref("does not promise zero data retention, and provider.zdr is true");
        }
        String quantization = e.quantization() == null ? "unknown" : e.quantization();
        if (!p.quantizations().isEmpty() && !p.quantizations().contains(quantization)) {
            return pref("serves quantization " + quantization + ", not one of provider.quantizations " + p.quantizations());
        }
        Removal price = maxPrice(e.prices(), p.maxPrice());
        if (price != null) {
            return price;
        }
        if (freeOnly && (e.prices().prompt() != 0 || e.prices().completion() != 0 || e.prices().request() != 0)) {
            return pref("is not free (the model was asked for with :free)");
        }
        return null;
    }

    /** What the request needs; null when the endpoint can serve it. */
    static Removal capability(CatalogEndpoint e, Demand demand, boolean requireParameters) {
        if (demand.tools() && !e.supports("tools")) {
            return cap("does not support tool use");
        }
        if (demand.promptTokens() > e.contextLength()) {
            return cap("context length " + e.contextLength() + " tokens is below the prompt (~" + demand.promptTokens() + " tokens)");
        }
        if (demand.maxTokens() != null && e.maxOutput() != null && demand.maxTokens() > e.maxOutput()) {
            return cap("max output is " + e.maxOutput() + " tokens, below max_tokens " + demand.maxTokens());
        }
        if (requireParameters && !demand.parametersUsed().stream().allMatch(e::supports)) {
            List<String> missing = demand.parametersUsed().stream().filter(x -> !e.supports(x)).sorted().toList();
            return cap("does not support " + String.join(", ", missing) + " (provider.require_parameters is true)");
        }
        return null;
    }

    private static Removal maxPrice(PriceSheet prices, MaxPrice max) {
        if (max == null) {
            return null;
        }
        if (max.prompt() != null && perMillion(prices.prompt()).compareTo(max.prompt()) > 0) {
            return pref("prompt price $" + perMillion(prices.prompt()).toPlainString() + "/M tokens is above provider.max_price.prompt $"
                    + max.prompt().toPlainString());
        }
        if (max.completion() != null && perMillion(prices.completion()).compareTo(max.completion()) > 0) {
            return pref("completion price $" + perMillion(prices.completion()).toPlainString()
                    + "/M tokens is above provider.max_price.completion $" + max.completion().toPlainString());
        }
        BigDecimal request = new BigDecimal(prices.request()).divide(PICO_PER_USD);
        if (max.request() != null && request.compareTo(max.request()) > 0) {
            return pref("request price $" + request.stripTrailingZeros().toPlainString() + " is above provider.max_price.request $"
                    + max.request().toPlainString());
        }
        return null;
    }

    /** A price in pico-USD per token as USD per million tokens, exactly. */
    static BigDecimal perMillion(long picoPerToken) {
        BigDecimal value = new BigDecimal(picoPerToken).divide(PICO_PER_TOKEN_PER_USD_PER_MILLION).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    /** Whether a list of provider ids or names names this endpoint's provider (case does not matter). */
    static boolean names(List<String> providers, CatalogEndpoint e) {
        for (String p : providers) {
            String wanted = p.toLowerCase(Locale.ROOT);
            if (wanted.equals(e.providerId().toLowerCase(Locale.ROOT)) || wanted.equals(e.providerName().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** The position of the endpoint's provider in {@code order}, or -1. */
    static int position(List<String> order, CatalogEndpoint e) {
        for (int i = 0; i < order.size(); i++) {
            if (names(List.of(order.get(i)), e)) {
                return i;
            }
        }
        return -1;
    }

    private static Removal pref(String reason) {
        return new Removal(Kind.PREFERENCE, reason);
    }

    private static Removal cap(String reason) {
        return new Removal(Kind.CAPABILITY, reason);
    }
}
