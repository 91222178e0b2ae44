package dev.switchboard.gateway.metering;

import java.util.concurrent.ThreadLocalRandom;
import java.time.Instant;

/**
 * Generation ids: {@code gen-<unix seconds>-<20 random alphanumerics>}. The time in the id lets a lookup
 * by id go straight to the right monthly partition of {@code generations}. The suffix needs uniqueness, not
 * secrecy (a generation is only visible to its own organization), so a fast non-cryptographic source is used.
 */
public final class GenerationIds {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int SUFFIX_LENGTH = 20;
    /**
     * 9999-12-31T23:59:59Z. Ids are made at request time, so a later second is not one of ours; the bound also keeps
     * a lookup clear of {@link Instant}'s range and of Postgres's timestamp range (both throw past them).
     */
    private static final long MAX_SECOND = 253_402_300_799L;
    private static final int MAX_SECOND_DIGITS = String.valueOf(MAX_SECOND).length();

    private GenerationIds() {
    }

    public static String next(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] suffix = new char[SUFFIX_LENGTH];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return "gen-" + at.getEpochSecond() + "-" + new String(suffix);
    }

    /**
     * The second the id was made in, or null when the id is not of the shape {@link #next} makes (ASCII digits, then
     * 20 ASCII letters or digits) or its second is out of range. Never throws: ids come from clients.
     */
    public static Instant timeOf(String id) {
        if (id == null || !id.startsWith("gen-")) {
            return null;
        }
        int end = id.indexOf('-', 4);
        if (end < 0 || end == 4 || end - 4 > MAX_SECOND_DIGITS || id.length() - end - 1 != SUFFIX_LENGTH) {
            return null;
        }
        long second = 0;
        for (int i = 4; i < end; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return null; // Long.parseLong would also take a sign and non-ASCII digits
            }
            second = second * 10 + (c - '0');
        }
        for (int i = end + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return null;
            }
        }
        return second <= MAX_SECOND ? Instant.ofEpochSecond(second) : null;
    }
}
