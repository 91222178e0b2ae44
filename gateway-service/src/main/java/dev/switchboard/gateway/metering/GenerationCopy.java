package dev.switchboard.gateway.metering;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A batch of generations as the body of one {@code COPY generations (...) FROM STDIN} in Postgres' text format. The
 * writer used to send a batched multi-row INSERT; COPY costs Postgres far less per row (no parse and plan of thousands of
 * parameters, one statement, so the daily_usage roll-up trigger fires once per batch rather than once per chunk), and
 * Postgres shares the gateway's cores. Pure: the same records give the same bytes.
 *
 * <p>Text format: one line per row, columns separated by a tab, {@code \N} for null; backslash, tab, newline and
 * carriage return escaped with a backslash. {@code dropped_parameters} is a text[] literal with every element quoted.
 * Rows are sanitised before ({@link GenerationSanitizer}: no NUL or other control characters a column may not hold).
 */
final class GenerationCopy {

    static final String SQL = "COPY generations (id, created_at, organization_id, api_key_id, model_id, provider_id, endpoint_id, "
            + "api_type, upstream_id, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, tokens_cache_write, "
            + "tokens_estimated, cost_nanos, latency_ms, generation_time_ms, streamed, cancelled, finish_reason, "
            + "native_finish_reason, status, error_code, error_message, app_referer, app_title, external_user, provider_responses, "
            + "dropped_parameters) FROM STDIN";

    private static final String NULL = "\\N";

    private GenerationCopy() {
    }

    static byte[] rows(List<GenerationRecord> batch) {
        StringBuilder out = new StringBuilder(batch.size() * 512);
        for (GenerationRecord g : batch) {
            row(out, g);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void row(StringBuilder out, GenerationRecord g) {
        text(out, g.id()).append('\t');
        // ISO-8601 with its zone; Postgres rounds the nanoseconds to microseconds as it did for the bound timestamp
        out.append(g.createdAt()).append('\t');
        out.append(g.organizationId()).append('\t');
        out.append(g.apiKeyId()).append('\t');
        text(out, g.modelId()).append('\t');
        text(out, g.providerId()).append('\t');
        nullable(out, g.endpointId()).append('\t');
        text(out, g.apiType()).append('\t');
        text(out, g.upstreamId()).append('\t');
        out.append(g.tokensPrompt()).append('\t');
        out.append(g.tokensCompletion()).append('\t');
        out.append(g.tokensReasoning()).append('\t');
        out.append(g.tokensCached()).append('\t');
        out.append(g.tokensCacheWrite()).append('\t');
        out.append(g.tokensEstimated() ? 't' : 'f').append('\t');
        out.append(g.costNanos()).append('\t');
        nullable(out, g.latencyMs()).append('\t');
        nullable(out, g.generationTimeMs()).append('\t');
        out.append(g.streamed() ? 't' : 'f').append('\t');
        out.append(g.cancelled() ? 't' : 'f').append('\t');
        text(out, g.finishReason()).append('\t');
        text(out, g.nativeFinishReason()).append('\t');
        out.append(g.status()).append('\t');
        text(out, g.errorCode()).append('\t');
        text(out, g.errorMessage()).append('\t');
        text(out, g.appReferer()).append('\t');
        text(out, g.appTitle()).append('\t');
        text(out, g.externalUser()).append('\t');
        text(out, g.providerResponsesJson()).append('\t');
        array(out, g.droppedParameters()).append('\n');
    }

    private static StringBuilder nullable(StringBuilder out, Object value) {
        return value == null ? out.append(NULL) : out.append(value);
    }

    /** A text value with COPY's escapes, or null. */
    static StringBuilder text(StringBuilder out, String value) {
        if (value == null) {
            return out.append(NULL);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    /** A text[] literal, every element quoted (array syntax escapes {@code "} and {@code \}), then COPY-escaped; none is null. */
    private static StringBuilder array(StringBuilder out, List<String> values) {
        if (values == null || values.isEmpty()) {
            return out.append(NULL);
        }
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"');
            String v = values.get(i);
            for (int j = 0; j < v.length(); j++) {
                char c = v.charAt(j);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return text(out, literal.append('}').toString());
    }
}
