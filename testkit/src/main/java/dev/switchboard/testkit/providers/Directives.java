package dev.switchboard.testkit.providers;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test directives that steer the fake. They are read from the model name first, then from the text of the last
 * user message (which wins when both set the same directive). Both are case-insensitive.
 *
 * <pre>
 * message text            model-name form     effect
 * [[error:CODE]]          fail-CODE           answer HTTP CODE (400..599) with the format's real error body
 * [[retry-after:N]]       retry-after-N       an error answer asks to retry after N s, in the format's own form
 * [[hang]]                hang                accept the request and never answer
 * [[slow:MS]]             slow-MS             wait MS ms before the first byte
 * [[chunk-delay:MS]]      chunk-delay-MS      wait MS ms between stream events
 * [[malformed]]           malformed           200 with truncated JSON (streams: one non-JSON data line)
 * [[midstream-error]]     midstream-error     streams: 3 content events, then the format's in-stream error
 * [[no-usage]]            no-usage            report no usage at all
 * [[cached:N]]            cached-N            report N cached prompt tokens (at most the prompt tokens)
 * [[reasoning:N]]         reasoning-N         report N reasoning tokens (OpenAI, Gemini)
 * [[words:N]]             words-N             reply with N words after "Hello from MODEL." (0..10000)
 * </pre>
 *
 * In a model name a directive must stand between separators, e.g. {@code fake-fail-503} or {@code fake-words-20}.
 * The {@code retry-after} form of each format is in {@link RetryHints}: OpenAI and Anthropic send a
 * {@code retry-after} header (with their rate-limit headers on a 429), Gemini a {@code RetryInfo} detail in the
 * error body. Without the directive a 429 asks for 1 s and other errors for nothing.
 *
 * <p>Runtime fault rules ({@link FakeFaults}), keyed by the upstream model name, are merged over these directives
 * ({@link #with(Fault)}): a rule wins.
 *
 * @param errorStatus the HTTP status to fail with, or 0
 * @param words the number of filler words, or -1 for the default
 * @param retryAfterSeconds the retry delay an error answer asks for, or -1 for the format's default
 */
public record Directives(int errorStatus, boolean hang, long slowMillis, long chunkDelayMillis, boolean malformed,
        boolean midstreamError, boolean noUsage, int cachedTokens, int reasoningTokens, int words,
        int retryAfterSeconds) {

    /** Filler words when no {@code words} directive is given: "Hello from MODEL. w1 w2 w3 w4 w5" is 8 words. */
    public static final int DEFAULT_WORDS = 5;
    /** The largest accepted {@code words} directive; larger values are capped. */
    public static final int MAX_WORDS = 10_000;

    static final Directives NONE = new Directives(0, false, 0, 0, false, false, false, 0, 0, -1, -1);

    private static final Pattern TEXT = Pattern.compile(
            "\\[\\[(error|slow|chunk-delay|cached|reasoning|words|retry-after):(\\d{1,9})]]"
                    + "|\\[\\[(hang|malformed|midstream-error|no-usage)]]",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MODEL = Pattern.compile(
            "(?<![a-z0-9])(fail|slow|chunk-delay|cached|reasoning|words|retry-after)-(\\d{1,9})(?![0-9])"
                    + "|(?<![a-z0-9])(hang|malformed|midstream-error|no-usage)(?![a-z0-9])",
            Pattern.CASE_INSENSITIVE);

    /** Reads the directives of a model name and a user text (either may be null). */
    public static Directives parse(String modelName, String userText) {
        Builder builder = new Builder();
        builder.apply(MODEL, modelName);
        builder.apply(TEXT, userText);
        return builder.build();
    }

    /**
     * These directives with a fault rule laid over them: the rule's error, slow, chunk delay and retry delay
     * replace the request's when the rule sets them; its hang, malformed and midstream-error are added.
     */
    Directives with(Fault rule) {
        if (rule == null) {
            return this;
        }
        return new Directives(rule.errorStatus() > 0 ? rule.errorStatus() : errorStatus, hang || rule.hang(),
                rule.slowMillis() > 0 ? rule.slowMillis() : slowMillis,
                rule.chunkDelayMillis() > 0 ? rule.chunkDelayMillis() : chunkDelayMillis,
                malformed || rule.malformed(), midstreamError || rule.midstreamError(), noUsage, cachedTokens,
                reasoningTokens, words, rule.retryAfterSeconds() >= 0 ? rule.retryAfterSeconds() : retryAfterSeconds);
    }

    /** The number of filler words to reply with. */
    int fillerWords() {
        return words < 0 ? DEFAULT_WORDS : Math.min(words, MAX_WORDS);
    }

    private static final class Builder {
        private int errorStatus;
        private boolean hang;
        private long slowMillis;
        private long chunkDelayMillis;
        private boolean malformed;
        private boolean midstreamError;
        private boolean noUsage;
        private int cachedTokens;
        private int reasoningTokens;
        private int words = -1;
        private int retryAfterSeconds = -1;

        void apply(Pattern pattern, String input) {
            if (input == null || input.isEmpty()) {
                return;
            }
            Matcher m = pattern.matcher(input);
            while (m.find()) {
                if (m.group(1) != null) {
                    numeric(m.group(1).toLowerCase(Locale.ROOT), Integer.parseInt(m.group(2)));
                } else {
                    flag(m.group(3).toLowerCase(Locale.ROOT));
                }
            }
        }

        private void numeric(String name, int value) {
            switch (name) {
                case "error", "fail" -> {
                    if (value >= 400 && value <= 599) {
                        errorStatus = value;
                    }
                }
                case "slow" -> slowMillis = value;
                case "chunk-delay" -> chunkDelayMillis = value;
                case "cached" -> cachedTokens = value;
                case "reasoning" -> reasoningTokens = value;
                case "words" -> words = Math.min(value, MAX_WORDS);
                case "retry-after" -> retryAfterSeconds = value;
                default -> throw new IllegalStateException(name);
            }
        }

        private void flag(String name) {
            switch (name) {
                case "hang" -> hang = true;
                case "malformed" -> malformed = true;
                case "midstream-error" -> midstreamError = true;
                case "no-usage" -> noUsage = true;
                default -> throw new IllegalStateException(name);
            }
        }

        Directives build() {
            return new Directives(errorStatus, hang, slowMillis, chunkDelayMillis, malformed, midstreamError, noUsage,
                    cachedTokens, reasoningTokens, words, retryAfterSeconds);
        }
    }
}
