package dev.switchboard.billing.transactions;

import java.util.List;
import java.util.UUID;

/** A page of the history, newest first; {@code next_cursor} (as {@code ?before=}) reads on while {@code has_more}. */
public record TransactionPage(UUID organizationId, String timezone, List<TransactionLine> data, boolean hasMore, String nextCursor) {
}
