package dev.switchboard.billing.reconciliation;

import dev.switchboard.billing.reports.Usd;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * One thing that does not add up: in {@code organization_id}, {@code check} expected {@code expected} USD and found
 * {@code actual} ({@code difference} = actual − expected). {@code reference} names the payment or ledger entry for the
 * checks about a single one, and is null for the organization-wide sums.
 */
public record Discrepancy(UUID organizationId, String check, BigDecimal expected, BigDecimal actual, BigDecimal difference,
                          String reference) {

    static Discrepancy of(UUID organizationId, Check check, long expectedNanos, long actualNanos, String reference) {
        return new Discrepancy(organizationId, check.id, Usd.of(expectedNanos), Usd.of(actualNanos),
                Usd.of(Math.subtractExact(actualNanos, expectedNanos)), reference);
    }

    /** What is checked; {@link #id} is the {@code check} of a discrepancy. */
    public enum Check {
        /** organization_balances.balance_nanos (actual) = Σ ledger_entries.amount_nanos (expected). */
        BALANCE("balance"),
        /** Σ usage entries (actual) = −(Σ generations.cost_nanos + Σ parked_generations.cost_nanos not yet replayed). */
        USAGE("usage"),
        /** Σ daily_usage.cost_nanos (actual, what the reports read) = Σ generations.cost_nanos (expected). */
        DAILY_USAGE("daily_usage"),
        /** A paid payment (paid, refunded or partially refunded) has exactly one purchase entry of its credit + fee. */
        PAYMENT_CREDITED("payment_credited"),
        /** A paid payment with a fee has exactly one fee entry of −fee ({@code fee:<session or PaymentIntent id>}). */
        FEE_CHARGED("fee_charged"),
        /** A purchase entry belongs to a paid payment of its organization (by Checkout Session or PaymentIntent id). */
        PURCHASE_PAID("purchase_paid");

        public final String id;

        Check(String id) {
            this.id = id;
        }
    }
}
