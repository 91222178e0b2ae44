package dev.switchboard.billing.reports;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What was used: requests, tokens, and the cost (nano-USD inside, exact USD on the wire). */
public record SpendUsage(long requests, long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens,
                         long costNanos) {

    public static final SpendUsage NONE = new SpendUsage(0, 0, 0, 0, 0, 0);
    /** The columns, in the order JSON objects and CSV rows give them. */
    public static final List<String> COLUMNS = List.of("requests", "prompt_tokens", "completion_tokens", "reasoning_tokens",
            "cached_tokens", "cost");

    public SpendUsage plus(SpendUsage o) {
        return new SpendUsage(Math.addExact(requests, o.requests), Math.addExact(promptTokens, o.promptTokens),
                Math.addExact(completionTokens, o.completionTokens), Math.addExact(reasoningTokens, o.reasoningTokens),
                Math.addExact(cachedTokens, o.cachedTokens), Math.addExact(costNanos, o.costNanos));
    }

    @JsonValue
    public Map<String, Object> columns() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("requests", requests);
        columns.put("prompt_tokens", promptTokens);
        columns.put("completion_tokens", completionTokens);
        columns.put("reasoning_tokens", reasoningTokens);
        columns.put("cached_tokens", cachedTokens);
        columns.put("cost", Usd.of(costNanos));
        return columns;
    }
}
