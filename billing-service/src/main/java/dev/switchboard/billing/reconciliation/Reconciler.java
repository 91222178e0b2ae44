package dev.switchboard.billing.reconciliation;

import dev.switchboard.billing.reconciliation.Discrepancy.Check;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Checks that the money adds up, for every organization at once: each check is one aggregating statement over the
 * whole tables (a pass per check, never a query per organization), all of them in one read-only snapshot.
 * <ul>
 * <li>{@code balance}: the balance projection equals Σ ledger (the trigger keeps it so; this proves it).</li>
 * <li>{@code usage}: Σ usage entries = −(Σ generation costs + Σ costs of parked generations not yet replayed), the
 * gateway's metering invariant; {@code daily_usage}: the rollup the reports read equals Σ generation costs.</li>
 * <li>{@code payment_credited}: every paid payment (also when since refunded) has exactly one purchase entry, whose
 * external reference is its Checkout Session id or, for an auto top-up, its PaymentIntent id, for its credit;
 * {@code purchase_paid}: no purchase entry lacks such a payment.</li>
 * </ul>
 */
@ApplicationScoped
public class Reconciler {

    /** Payment statuses after the money was received: each must have been credited once. */
    static final String PAID = "('paid', 'refunded', 'partially_refunded')";

    @Inject
    EntityManager em;

    @Transactional
    public ReconciliationReport reconcile(Consumer<String> progress) {
        em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").executeUpdate();
        long organizations = ((Number) em.createNativeQuery("SELECT count(*) FROM organizations").getSingleResult()).longValue();
        progress.accept("reconciling " + organizations + " organizations");
        List<Discrepancy> found = new ArrayList<>();
        step(progress, "balance = Σ ledger", found, balances());
        step(progress, "Σ usage entries = −(Σ generations + Σ parked not replayed); daily_usage = Σ generations", found, usage());
        step(progress, "paid payments credited once, their fee charged once", found, paymentsCredited());
        step(progress, "purchases paid", found, purchasesPaid());
        return new ReconciliationReport(found.isEmpty(), organizations, found);
    }

    private static void step(Consumer<String> progress, String what, List<Discrepancy> found, List<Discrepancy> result) {
        progress.accept("  " + what + ": " + (result.isEmpty() ? "ok" : result.size() + " discrepanc" + (result.size() == 1 ? "y" : "ies")));
        found.addAll(result);
    }

    @SuppressWarnings("unchecked")
    private List<Discrepancy> balances() {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT coalesce(b.organization_id, l.organization_id), coalesce(l.total, 0), coalesce(b.balance_nanos, 0)
                FROM organization_balances b
                FULL JOIN (SELECT organization_id, sum(amount_nanos)::bigint AS total FROM ledger_entries GROUP BY organization_id) l
                  ON l.organization_id = b.organization_id
                WHERE coalesce(l.total, 0) <> coalesce(b.balance_nanos, 0)
                ORDER BY 1""").getResultList();
        return rows.stream().map(r -> Discrepancy.of((UUID) r[0], Check.BALANCE, n(r[1]), n(r[2]), null)).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Discrepancy> usage() {
        List<Object[]> rows = em.createNativeQuery("""
                WITH g AS (SELECT organization_id, sum(cost_nanos)::bigint AS cost FROM generations GROUP BY organization_id),
                     p AS (SELECT organization_id, sum(cost_nanos)::bigint AS cost FROM parked_generations
                           WHERE replayed_at IS NULL GROUP BY organization_id),
                     u AS (SELECT organization_id, sum(amount_nanos)::bigint AS amount FROM ledger_entries
                           WHERE kind = 'usage' GROUP BY organization_id),
                     d AS (SELECT organization_id, sum(cost_nanos)::bigint AS cost FROM daily_usage GROUP BY organization_id),
                     o AS (SELECT organization_id FROM g UNION SELECT organization_id FROM p
                           UNION SELECT organization_id FROM u UNION SELECT organization_id FROM d)
                SELECT o.organization_id, coalesce(g.cost, 0), coalesce(p.cost, 0), coalesce(u.amount, 0), coalesce(d.cost, 0)
                FROM o LEFT JOIN g USING (organization_id) LEFT JOIN p USING (organization_id)
                       LEFT JOIN u USING (organization_id) LEFT JOIN d USING (organization_id)
                WHERE coalesce(u.amount, 0) <> -(coalesce(g.cost, 0) + coalesce(p.cost, 0))
                   OR coalesce(d.cost, 0) <> coalesce(g.cost, 0)
                ORDER BY 1""").getResultList();
        List<Discrepancy> found = new ArrayList<>();
        for (Object[] r : rows) {
            UUID org = (UUID) r[0];
            long generations = n(r[1]);
            long parked = n(r[2]);
            long usage = n(r[3]);
            long rollup = n(r[4]);
            long expectedUsage = -Math.addExact(generations, parked);
            if (usage != expectedUsage) {
                found.add(Discrepancy.of(org, Check.USAGE, expectedUsage, usage, null));
            }
            if (rollup != generations) {
                found.add(Discrepancy.of(org, Check.DAILY_USAGE, generations, rollup, null));
            }
        }
        return found;
    }

    /**
     * What PaymentLedger writes for a paid payment: one {@code purchase} of credit + fee (what the card paid) under the
     * Checkout Session or PaymentIntent id, and, when there is a fee, one {@code fee} entry of −fee under
     * {@code fee:<that id>}; the net is the credit asked for.
     */
    @SuppressWarnings("unchecked")
    private List<Discrepancy> paymentsCredited() {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT p.organization_id, p.id::text, p.credit_nanos + p.fee_nanos, coalesce(sum(l.amount_nanos), 0)::bigint
                FROM payments p
                LEFT JOIN ledger_entries l ON l.kind = 'purchase' AND l.organization_id = p.organization_id
                     AND (l.external_reference = p.stripe_session_id OR l.external_reference = p.stripe_payment_intent_id)
                WHERE p.status IN """ + PAID + """
                 GROUP BY p.organization_id, p.id, p.credit_nanos, p.fee_nanos
                HAVING count(l.id) <> 1 OR coalesce(sum(l.amount_nanos), 0) <> p.credit_nanos + p.fee_nanos
                ORDER BY 1, 2""").getResultList();
        List<Discrepancy> found = new ArrayList<>(rows.stream()
                .map(r -> Discrepancy.of((UUID) r[0], Check.PAYMENT_CREDITED, n(r[2]), n(r[3]), "payment " + r[1])).toList());
        List<Object[]> fees = em.createNativeQuery("""
                SELECT p.organization_id, p.id::text, -p.fee_nanos, coalesce(sum(l.amount_nanos), 0)::bigint
                FROM payments p
                LEFT JOIN ledger_entries l ON l.kind = 'fee' AND l.organization_id = p.organization_id
                     AND (l.external_reference = 'fee:' || p.stripe_session_id OR l.external_reference = 'fee:' || p.stripe_payment_intent_id)
                WHERE p.status IN """ + PAID + """
                 GROUP BY p.organization_id, p.id, p.fee_nanos
                HAVING count(l.id) <> CASE WHEN p.fee_nanos > 0 THEN 1 ELSE 0 END OR coalesce(sum(l.amount_nanos), 0) <> -p.fee_nanos
                ORDER BY 1, 2""").getResultList();
        fees.forEach(r -> found.add(Discrepancy.of((UUID) r[0], Check.FEE_CHARGED, n(r[2]), n(r[3]), "payment " + r[1])));
        return found;
    }

    @SuppressWarnings("unchecked")
    private List<Discrepancy> purchasesPaid() {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT l.organization_id, l.external_reference, l.amount_nanos
                FROM ledger_entries l
                WHERE l.kind = 'purchase' AND NOT EXISTS (
                    SELECT 1 FROM payments p
                    WHERE p.organization_id = l.organization_id AND p.status IN """ + PAID + """
                      AND (p.stripe_session_id = l.external_reference OR p.stripe_payment_intent_id = l.external_reference))
                ORDER BY 1, 2""").getResultList();
        return rows.stream().map(r -> Discrepancy.of((UUID) r[0], Check.PURCHASE_PAID, 0, n(r[2]), "ledger entry " + r[1])).toList();
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }
}
