package dev.switchboard.gateway.metering;

import java.util.Set;

/**
 * Makes a generation storable without changing what it cost: control characters the database cannot hold
 * (NUL above all) are removed from every text, texts are cut to the lengths the reports show, an unknown
 * finish reason is dropped (the native one keeps the provider's word), negative counts become 0. Pure.
 * The api layer refuses such input up front; this is the second line, for what a provider or a bug sends.
 */
final class GenerationSanitizer {

    static final int MAX_ERROR_MESSAGE = 2_000;
    static final int MAX_REFERER = 500;
    static final int MAX_TITLE = 200;
    static final int MAX_USER = 256;
    static final int MAX_SHORT_TEXT = 200;
    private static final Set<String> FINISH_REASONS = Set.of("stop", "length", "tool_calls", "content_filter", "error");

    private GenerationSanitizer() {
    }

    /** The record as it can be stored; the same instance when nothing needed changing. */
    static GenerationRecord sanitize(GenerationRecord g) {
        String finish = g.finishReason() == null || FINISH_REASONS.contains(g.finishReason()) ? g.finishReason() : null;
        GenerationRecord clean = new GenerationRecord(g.id(), g.createdAt(), g.organizationId(), g.apiKeyId(),
                text(g.modelId(), MAX_SHORT_TEXT), text(g.providerId(), MAX_SHORT_TEXT), text(g.providerName(), MAX_SHORT_TEXT),
                g.endpointId(), g.apiType(), text(g.upstreamId(), MAX_SHORT_TEXT),
                Math.max(g.tokensPrompt(), 0), Math.max(g.tokensCompletion(), 0), Math.max(g.tokensReasoning(), 0),
                Math.max(g.tokensCached(), 0), Math.max(g.tokensCacheWrite(), 0), g.tokensEstimated(), g.costNanos(), nonNegative(g.latencyMs()),
                nonNegative(g.generationTimeMs()), g.streamed(), g.cancelled(), finish, text(g.nativeFinishReason(), MAX_SHORT_TEXT),
                g.status(), text(g.errorCode(), MAX_SHORT_TEXT), text(g.errorMessage(), MAX_ERROR_MESSAGE),
                text(g.appReferer(), MAX_REFERER), text(g.appTitle(), MAX_TITLE), text(g.externalUser(), MAX_USER),
                json(g.providerResponsesJson()), g.droppedParameters() == null ? null
                        : g.droppedParameters().stream().map(p -> text(p, MAX_SHORT_TEXT)).toList(),
                g.organizationLeaseId(), g.keyLeaseId());
        return clean.equals(g) ? g : clean;
    }

    /** Without the control characters Postgres or JSON cannot hold, cut to {@code max} characters. */
    static String text(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean drop = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
            if (drop && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            } else if (!drop && out != null) {
                out.append(c);
            }
        }
        String clean = out == null ? value : out.toString();
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    /** jsonb refuses the escape \u0000 as well as a raw NUL: both go; what is left is still the same JSON. */
    private static String json(String value) {
        if (value == null) {
            return null;
        }
        return text(value.replace("\\u0000", ""), Integer.MAX_VALUE);
    }

    private static Integer nonNegative(Integer value) {
        return value == null || value >= 0 ? value : Integer.valueOf(0); // boxed: a bare 0 would unbox a null value
    }
}
