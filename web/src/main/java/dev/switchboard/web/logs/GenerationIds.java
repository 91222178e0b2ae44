package dev.switchboard.web.logs;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the second a generation id was made in ({@code gen-<unix seconds>-<suffix>}): the gateway stores the row
 * with {@code created_at} in that second, so a lookup by id can name the monthly partition of {@code generations}
 * instead of probing every one. The gateway's suffix is 20 letters or digits; test seeding uses a UUID, so the
 * suffix allowed here is wider, but still short and of URL-safe characters only.
 */
final class GenerationIds {

    private static final Pattern SHAPE = Pattern.compile("gen-([0-9]{1,12})-[A-Za-z0-9-]{1,64}");
    /** 9999-12-31T23:59:59Z, the gateway's bound too: later seconds are not ids anyone made, and overflow Postgres. */
    private static final long MAX_SECOND = 253_402_300_799L;

    private GenerationIds() {
    }

    /** The second of the id, or null when it is not of a generation id's shape (no lookup is worth making then). */
    static Instant secondOf(String id) {
        if (id == null) {
            return null;
        }
        Matcher m = SHAPE.matcher(id);
        if (!m.matches()) {
            return null;
        }
        long second = Long.parseLong(m.group(1));
        return second <= MAX_SECOND ? Instant.ofEpochSecond(second) : null;
    }
}
