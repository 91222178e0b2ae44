package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How each provider tells a client when to retry, written onto the fake's error answers so that the gateway's
 * error mappers read the real wire shapes:
 * <ul>
 * <li>OpenAI: a {@code retry-after} header in seconds; on a 429 also {@code x-ratelimit-limit-requests},
 * {@code x-ratelimit-remaining-requests: 0}, {@code x-ratelimit-reset-requests} (a Go duration, {@code "20s"},
 * {@code "1m30s"}) and the token counterparts.</li>
 * <li>Anthropic: a {@code retry-after} header in seconds; on a 429 also {@code anthropic-ratelimit-requests-limit},
 * {@code -remaining: 0} and {@code -reset} (an RFC 3339 instant).</li>
 * <li>Gemini: no header; a {@code google.rpc.RetryInfo} detail with {@code retryDelay: "Ns"} in the error body
 * (after a {@code QuotaFailure} and a {@code Help} detail on a 429).</li>
 * </ul>
 * The delay is the {@code retry-after} directive or rule; without one a 429 asks for
 * {@value #DEFAULT_RATE_LIMIT_SECONDS} s and any other error for nothing.
 */
final class RetryHints {

    /** The delay a 429 asks for when no {@code retry-after} directive or rule is given. */
    static final int DEFAULT_RATE_LIMIT_SECONDS = 1;
    /** The request limit the rate-limit headers and messages report (it is "used up"). */
    static final int REQUEST_LIMIT = 3;
    /** The token limit the rate-limit headers report (untouched: the fake limits requests). */
    static final int TOKEN_LIMIT = 40_000;

    private RetryHints() {
    }

    /** The delay an error answer of {@code status} asks for, in seconds, or -1 for none. */
    static int seconds(int status, Directives directives) {
        int asked = directives == null ? -1 : directives.retryAfterSeconds();
        if (asked >= 0) {
            return asked;
        }
        return status == 429 ? DEFAULT_RATE_LIMIT_SECONDS : -1;
    }

    static void openAi(Exchange exchange, int status, int seconds) {
        if (seconds < 0) {
            return;
        }
        exchange.header("retry-after", Integer.toString(seconds));
        if (status == 429) {
            exchange.header("x-ratelimit-limit-requests", Integer.toString(REQUEST_LIMIT));
            exchange.header("x-ratelimit-remaining-requests", "0");
            exchange.header("x-ratelimit-reset-requests", goDuration(seconds));
            exchange.header("x-ratelimit-limit-tokens", Integer.toString(TOKEN_LIMIT));
            exchange.header("x-ratelimit-remaining-tokens", Integer.toString(TOKEN_LIMIT));
            exchange.header("x-ratelimit-reset-tokens", "0s");
        }
    }

    static void anthropic(Exchange exchange, int status, int seconds, Clock clock) {
        if (seconds < 0) {
            return;
        }
        exchange.header("retry-after", Integer.toString(seconds));
        if (status == 429) {
            Instant reset = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds);
            exchange.header("anthropic-ratelimit-requests-limit", Integer.toString(REQUEST_LIMIT));
            exchange.header("anthropic-ratelimit-requests-remaining", "0");
            exchange.header("anthropic-ratelimit-requests-reset", reset.toString());
        }
    }

    /** Adds Gemini's details to an error body {@code {"error":{…}}}. */
    static void gemini(ObjectNode body, int status, String model, int seconds) {
        if (seconds < 0) {
            return;
        }
        ArrayNode details = ((ObjectNode) body.get("error")).withArray("details");
        if (status == 429) {
            ObjectNode violation = details.addObject()
                    .put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
                    .putArray("violations").addObject();
            violation.put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests");
            violation.put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
            violation.putObject("quotaDimensions").put("location", "global").put("model", model);
            violation.put("quotaValue", Integer.toString(REQUEST_LIMIT));
            details.addObject().put("@type", "type.googleapis.com/google.rpc.Help").putArray("links").addObject()
                    .put("description", "Learn more about Gemini API quotas")
                    .put("url", "https://ai.google.dev/gemini-api/docs/rate-limits");
        }
        details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                .put("retryDelay", seconds + "s");
    }

    /** Seconds as Go prints a duration, the form of OpenAI's reset headers: 0s, 20s, 1m30s, 2h0m5s. */
    static String goDuration(int seconds) {
        int hours = seconds / 3600;
        int minutes = seconds % 3600 / 60;
        int rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        return minutes > 0 ? minutes + "m" + rest + "s" : rest + "s";
    }
}
