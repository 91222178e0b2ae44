package dev.switchboard.billing.transactions;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One line of an organization's transaction history: a ledger entry other than usage ({@code entries} = 1), or one
 * UTC day's usage summed ({@code kind} usage, {@code id} null, {@code entries} = how many usage entries, {@code
 * created_at} the latest of them). Amounts are signed USD; {@code balance_after} is the balance once this line is
 * booked, in the statement's order (a day's usage at the end of its day).
 */
public record TransactionLine(UUID id, String kind, LocalDate day, BigDecimal amount, BigDecimal balanceAfter,
                              String description, String externalReference, UUID createdBy, Instant createdAt, long entries) {

    static final List<String> COLUMNS = List.of("day", "created_at", "kind", "amount", "balance_after", "description",
            "external_reference", "created_by", "id", "entries");

    List<Object> csvFields() {
        return java.util.Arrays.asList(day, createdAt, kind, amount, balanceAfter, description, externalReference, createdBy, id, entries);
    }
}
