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

    private GenerationIds() {
    }

    public static String next(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] suffix = new char[20];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return "gen-" + at.getEpochSecond() + "-" + new String(suffix);
    }

    /** The second the id was made in, or null when the id is not of this shape. */
    public static Instant timeOf(String id) {
        if (id == null || !id.startsWith("gen-")) {
            return null;
        }
        int end = id.indexOf('-', 4);
        if (end < 0) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(id.substring(4, end)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
