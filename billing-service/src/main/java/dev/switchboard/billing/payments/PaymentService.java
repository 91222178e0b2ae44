package dev.switchboard.billing.payments;

import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.tenancy.Tenancy;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.billing.Payment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reading an organization's payments. */
@ApplicationScoped
public class PaymentService {

    static final int MAX_LIMIT = 200;

    @Inject
    Tenancy tenancy;
    @Inject
    EntityManager em;

    /** The newest {@code limit} payments with what was refunded of each (purchases and auto top-ups). */
    @Transactional
    public List<PaymentView> list(UUID organizationId, int limit) {
        tenancy.require(organizationId, MemberRole.MEMBER);
        List<Payment> rows = em.createQuery("""
                        SELECT p FROM Payment p WHERE p.organizationId = :organization
                        ORDER BY p.createdAt DESC, p.id""", Payment.class)
                .setParameter("organization", organizationId)
                .setMaxResults(limit)
                .getResultList();
        Map<UUID, long[]> refunds = new HashMap<>();
        if (!rows.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> sums = em.createNativeQuery("""
                            SELECT payment_id,
                                   coalesce(sum(amount_nanos) FILTER (WHERE status = 'succeeded'), 0),
                                   coalesce(sum(amount_nanos) FILTER (WHERE status IN ('requested', 'pending')), 0)
                            FROM payment_refunds WHERE payment_id IN (:payments) GROUP BY payment_id""")
                    .setParameter("payments", rows.stream().map(p -> p.id).toList())
                    .getResultList();
            for (Object[] sum : sums) {
                refunds.put((UUID) sum[0], new long[] {((Number) sum[1]).longValue(), ((Number) sum[2]).longValue()});
            }
        }
        return rows.stream().map(p -> {
            long[] refunded = refunds.getOrDefault(p.id, new long[2]);
            return PaymentView.from(p, refunded[0], refunded[1]);
        }).toList();
    }

    static int limit(String raw) {
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw BillingException.badRequest("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}
