package dev.switchboard.web.logs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where a page of the log ends: the last row's {@code created_at} (microseconds, Postgres's precision) and id. The
 * next page is the rows strictly older in the order (created_at DESC, id DESC), so a page boundary never skips or
 * repeats a row, however many share a microsecond, and the database seeks instead of counting past an OFFSET.
 * In the URL as {@code <epoch microseconds>~<id>}.
 */
public record Cursor(Instant createdAt, String id) {

    private static final long MAX_MICROS = 253_402_300_799_999_999L;

    public static Cursor of(Instant createdAt, String id) {
        return new Cursor(createdAt.truncatedTo(ChronoUnit.MICROS), id);
    }

    public String encode() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, createdAt) + "~" + id;
    }

    /** null when the text is not a cursor this page wrote. */
    static Cursor parse(String text) {
        int tilde = text.indexOf('~');
        if (tilde < 1 || tilde > 18) {
            return null;
        }
        long micros = 0;
        for (int i = 0; i < tilde; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            micros = micros * 10 + (c - '0');
        }
        String id = text.substring(tilde + 1);
        if (micros > MAX_MICROS || GenerationIds.secondOf(id) == null) {
            return null;
        }
        return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
    }
}
