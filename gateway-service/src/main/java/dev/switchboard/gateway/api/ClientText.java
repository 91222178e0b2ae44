package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ApiException;

/**
 * The rule for a client's string that the gateway records (on the generation, in logs) or echoes: it must be storable
 * as Postgres text and safe to print. Postgres refuses U+0000 and an unpaired UTF-16 surrogate has no UTF-8 form, so
 * either would make the generation row unwritable after the provider was paid; other control characters (but tab, LF
 * and CR) would let a client forge log lines or terminal escapes. Length is counted in characters (code points), as
 * clients count them, and bounded so a row stays small. Every reader and header check uses this one rule.
 */
public final class ClientText {

    /** {@code user} (chat, completions, embeddings) and {@code metadata.user_id} (/messages). */
    public static final int USER = 256;
    /** {@code X-Title} / {@code X-OpenRouter-Title}. */
    public static final int TITLE = 200;
    /** {@code HTTP-Referer}. */
    public static final int REFERER = 500;
    /** {@code model} and {@code models[i]}, a {@code :variant} suffix included. */
    public static final int MODEL = 200;

    private ClientText() {
    }

    /**
     * {@code value} when it follows the rule (null passes).
     *
     * @param field     how the client names it: {@code user}, {@code models[1]}, {@code X-Title header}
     * @param maxLength the most characters (code points) allowed
     * @throws ApiException 400 naming the field and the first offending character by its code point, never raw
     */
    public static String check(String field, String value, int maxLength) {
        String problem = problem(value, maxLength);
        if (problem != null) {
            throw ApiException.badRequest(field, problem);
        }
        return value;
    }

    /** What breaks the rule, e.g. {@code must be at most 256 characters (it has 300)}; null when nothing does. */
    public static String problem(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        int characters = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            characters++;
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a pair is one character
            } else if (Character.isSurrogate(c)) {
                return "must not contain an unpaired UTF-16 surrogate (" + codePoint(c) + " at character " + characters + ")";
            } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                return "must not contain control characters (" + codePoint(c) + " at character " + characters + ")";
            }
        }
        return characters > maxLength ? "must be at most " + maxLength + " characters (it has " + characters + ")" : null;
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
