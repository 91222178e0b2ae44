package dev.switchboard.billing.activity;

import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.reports.QueryParams;
import dev.switchboard.billing.reports.Usd;
import dev.switchboard.billing.tenancy.ManagementKeyAccess;
import dev.switchboard.billing.tenancy.Tenancy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * OpenRouter's activity API over {@code daily_usage}: what the management key's organization used per UTC day, model
 * and endpoint. One aggregating query; the catalog names the endpoint and the provider when it still lists them.
 */
@ApplicationScoped
public class ActivityService {

    static final String PURPOSE = "the activity API";

    @Inject
    Tenancy tenancy;
    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    /** The key is checked first (401/403), then the parameters (400), then what they name (404). */
    @Transactional
    public ActivityRow.Rows activity(String authorization, Supplier<QueryParams> parameters) {
        ManagementKeyAccess access = tenancy.requireManagementKey(authorization, PURPOSE);
        UUID org = access.organizationId();
        ActivityQuery query = ActivityQuery.from(parameters.get(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        if (query.workspaceId().isPresent() && !query.workspaceId().get().equals(org)) {
            throw BillingException.notFound("Workspace not found");
        }
        UUID keyId = query.apiKeyHash().map(hash -> keyOf(org, hash)).orElse(null);
        return new ActivityRow.Rows(rows(org, query, keyId));
    }

    private UUID keyOf(UUID org, String hash) {
        List<?> ids = em.createNativeQuery("SELECT id FROM api_keys WHERE organization_id = :organization AND key_hash = :hash")
                .setParameter("organization", org)
                .setParameter("hash", hash)
                .getResultList();
        if (ids.isEmpty()) {
            throw BillingException.notFound("API key not found");
        }
        return (UUID) ids.getFirst();
    }

    @SuppressWarnings("unchecked")
    private List<ActivityRow> rows(UUID org, ActivityQuery query, UUID keyId) {
        String sql = String.join(" ",
                "SELECT d.day::text, d.model_id, coalesce(me.id::text, d.provider_id || ':' || d.model_id), coalesce(p.name, d.provider_id),",
                "sum(d.cost_nanos)::bigint, sum(d.requests)::bigint, sum(d.prompt_tokens)::bigint, sum(d.completion_tokens)::bigint,",
                "sum(d.reasoning_tokens)::bigint",
                "FROM daily_usage d",
                "LEFT JOIN model_endpoints me ON me.model_id = d.model_id AND me.provider_id = d.provider_id",
                "LEFT JOIN providers p ON p.id = d.provider_id",
                query.userId().isPresent() ? "JOIN api_keys k ON k.id = d.api_key_id AND k.created_by = :user" : "",
                "WHERE d.organization_id = :organization AND d.day BETWEEN :from AND :to",
                keyId != null ? "AND d.api_key_id = :key" : "",
                "GROUP BY d.day, d.model_id, d.provider_id, me.id, p.name",
                "ORDER BY d.day, sum(d.cost_nanos) DESC, d.model_id, d.provider_id");
        Query q = em.createNativeQuery(sql)
                .setParameter("organization", org)
                .setParameter("from", query.from())
                .setParameter("to", query.to());
        query.userId().ifPresent(user -> q.setParameter("user", user));
        if (keyId != null) {
            q.setParameter("key", keyId);
        }
        String workspace = query.byWorkspace() ? org.toString() : null;
        List<ActivityRow> rows = new ArrayList<>();
        for (Object[] r : (List<Object[]>) q.getResultList()) {
            rows.add(new ActivityRow((String) r[0], (String) r[1], (String) r[1], (String) r[2], (String) r[3],
                    Usd.of(((Number) r[4]).longValue()), BigDecimal.ZERO, ((Number) r[5]).longValue(), ((Number) r[6]).longValue(),
                    ((Number) r[7]).longValue(), ((Number) r[8]).longValue(), workspace));
        }
        return rows;
    }
}
