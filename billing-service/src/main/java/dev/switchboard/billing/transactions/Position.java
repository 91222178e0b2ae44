package dev.switchboard.billing.transactions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A line's place in the history, newest first. An entry sits at its {@code created_at} (ties broken by id, as
 * Postgres orders uuids). A day's usage line sits at the end of its UTC day ({@code day + 1} at 00:00 UTC), above
 * every other entry of that day and below an entry made exactly at the next midnight: in the statement, a day's
 * usage is booked when the day closes.
 */
sealed interface Position {

    /** The instant the line sorts at. */
    Instant at();

    /** Usage days strictly before this UTC day lie below this position. */
    LocalDate usageDaysBefore();

    record Entry(Instant createdAt, UUID id) implements Position {
        @Override
        public Instant at() {
            return createdAt;
        }

        @Override
        public LocalDate usageDaysBefore() {
            // the usage line of day D sorts at D+1 00:00, which is at or before createdAt exactly when D < createdAt's day
            return LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
        }
    }

    record UsageDay(LocalDate day) implements Position {
        @Override
        public Instant at() {
            return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        @Override
        public LocalDate usageDaysBefore() {
            return day;
        }
    }
}
