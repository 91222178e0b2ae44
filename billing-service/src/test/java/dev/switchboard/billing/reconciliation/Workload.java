package dev.switchboard.billing.reconciliation;

import dev.switchboard.testkit.seed.Tenants;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A mixed workload that reconciles, written as the owners write it: Checkout and auto top-up payments with their
 * purchase entries (reference = the Checkout Session id, or the PaymentIntent id for an auto top-up), a refunded and a
 * partially refunded payment, a pending one (no purchase yet), a promo, an adjustment, generations with their usage
 * entry, a parked generation billed without a generations row, and a parked one since replayed.
 */
public record Workload(Tenants tenants) {

    /** Every payment's purchase fee here: $0.80. */
    public static final long FEE_NANOS = 800_000_000L;

    /** A new organization with the whole workload; returns it. */
    public UUID organization(String name) {
        Tenants.Tenant tenant = tenants.create(name, 0);
        UUID org = tenant.organizationId();
        paid(org, "checkout", "cs_" + UUID.randomUUID(), null, 10_000_000_000L, "paid", true);
        paid(org, "auto_topup", null, "pi_" + UUID.randomUUID(), 5_000_000_000L, "paid", false);
        paid(org, "checkout", "cs_" + UUID.randomUUID(), "pi_" + UUID.randomUUID(), 20_000_000_000L, "refunded", true);
        entry(org, "refund", -20_000_000_000L, "re_" + UUID.randomUUID());
        paid(org, "checkout", "cs_" + UUID.randomUUID(), "pi_" + UUID.randomUUID(), 7_000_000_000L, "partially_refunded", true);
        entry(org, "refund", -1_000_000_000L, "re_" + UUID.randomUUID());
        payment(org, "checkout", "cs_" + UUID.randomUUID(), null, 50_000_000_000L, "pending");
        entry(org, "promo", 1_000_000_000L, "promo_" + UUID.randomUUID());
        entry(org, "adjustment", -500_000_000L, null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        tenants.generation(org, tenant.keyId(), "acme/alpha", "fake", now.minusSeconds(60), 100, 10, 0, 0, 1_234_567);
        tenants.generation(org, tenant.keyId(), "acme/beta", "fake", now.minusSeconds(30), 10, 1, 0, 0, 89);
        entry(org, "usage", -1_234_656, null);
        park(org, 1_000, null);
        entry(org, "usage", -1_000, null);
        String replayed = park(org, 500, Instant.now());
        tenants.exec("""
                INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type, cost_nanos, streamed, status)
                VALUES (?, now(), ?, ?, 'acme/alpha', 'fake', 'chat', 500, false, 200)""", replayed, org, tenant.keyId());
        entry(org, "usage", -500, null);
        return org;
    }

    /** A payment of {@code status} and, when {@code bySession}, its purchase under the session id, else under the PaymentIntent id. */
    public UUID paid(UUID org, String source, String session, String intent, long creditNanos, String status, boolean bySession) {
        UUID payment = payment(org, source, session, intent, creditNanos, status);
        // as PaymentLedger writes it: what the card paid, and the fee back out
        entry(org, "purchase", creditNanos + FEE_NANOS, bySession ? session : intent);
        entry(org, "fee", -FEE_NANOS, "fee:" + (bySession ? session : intent));
        return payment;
    }

    public UUID payment(UUID org, String source, String session, String intent, long creditNanos, String status) {
        UUID id = UUID.randomUUID();
        tenants.exec("""
                INSERT INTO payments (id, organization_id, source, stripe_session_id, stripe_payment_intent_id, credit_nanos, fee_nanos, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", id, org, source, session, intent, creditNanos, FEE_NANOS, status);
        return id;
    }

    public void entry(UUID org, String kind, long nanos, String reference) {
        tenants.exec("INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference) VALUES (?, ?, ?, ?, ?)",
                UUID.randomUUID(), org, kind, nanos, reference);
    }

    private String park(UUID org, long costNanos, Instant replayedAt) {
        String id = "gen-" + Instant.now().getEpochSecond() + "-" + UUID.randomUUID();
        tenants.exec("""
                INSERT INTO parked_generations (id, organization_id, cost_nanos, reason, record, replayed_at)
                VALUES (?, ?, ?, '23514: a check constraint', '{}', ?)""",
                id, org, costNanos, replayedAt == null ? null : java.time.OffsetDateTime.ofInstant(replayedAt, java.time.ZoneOffset.UTC));
        return id;
    }
}
