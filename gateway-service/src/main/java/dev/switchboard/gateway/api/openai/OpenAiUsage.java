package dev.switchboard.gateway.api.openai;

import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.wire.openai.CompletionUsage;
import dev.switchboard.schema.shared.NanoUsd;
import java.math.BigDecimal;

/** The {@code usage} object of our responses, OpenRouter's shape: tokens, details, cost in USD, cost details. */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** Chat and completions usage; {@code meta.usage()} null counts as zero tokens. */
    static CompletionUsage of(ResponseMeta meta) {
        Usage usage = meta.usage() == null ? Usage.ZERO : meta.usage();
        return new CompletionUsage(
                usage.promptTokens(),
                usage.completionTokens(),
                usage.totalTokens(),
                new CompletionUsage.PromptTokensDetails(usage.cachedPromptTokens(),
                        usage.cacheWriteTokens() > 0 ? usage.cacheWriteTokens() : null),
                new CompletionUsage.CompletionTokensDetails(usage.reasoningTokens()),
                usd(meta.costNanos()),
                false,
                new CompletionUsage.CostDetails(null, usd(meta.promptCostNanos()), usd(meta.completionCostNanos())),
                null,
                null);
    }

    /** Embeddings usage: prompt and total tokens and the cost (never null: the SDK rejects a null cost). */
    static CompletionUsage embeddings(ResponseMeta meta) {
        int promptTokens = meta.usage() == null ? 0 : meta.usage().promptTokens();
        return new CompletionUsage(promptTokens, null, promptTokens, null, null, usd(meta.costNanos()), false, null, null, null);
    }

    /** nano-USD → USD, exact, trailing zeros removed (written plainly: 1 nano is 0.000000001). */
    static BigDecimal usd(long nanos) {
        return NanoUsd.of(nanos).toUsd();
    }
}
