package dev.switchboard.billing.activity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * One row of OpenRouter's activity API: a UTC day × model × endpoint, every field the official SDK requires
 * ({@code /work/shared/reference/openrouter-sdk.md} §5). {@code usage} is the cost in USD; Switchboard has no BYOK, so
 * {@code byok_usage_inference} is 0; model ids have no dated variants, so {@code model_permaslug} is the model id.
 * {@code workspace_id} (the organization) only with {@code group_by=workspace}.
 */
public record ActivityRow(String date, String model, String modelPermaslug, String endpointId, String providerName,
                          BigDecimal usage, BigDecimal byokUsageInference, long requests, long promptTokens,
                          long completionTokens, long reasoningTokens,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String workspaceId) {

    /** {@code {"data": [row]}} */
    public record Rows(List<ActivityRow> data) {
    }
}
