package dev.switchboard.gateway.api.info;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.auth.ApiKeyAuthHandler;
import dev.switchboard.gateway.auth.Caller;
import dev.switchboard.gateway.limits.Limit;
import dev.switchboard.gateway.limits.RateLimiter;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code GET /api/v1/key}: the calling key, its limit and its usage (from the daily rollups), in OpenRouter's shape. */
@ApplicationScoped
public class KeyResource {

    private static final String USAGE = """
            SELECT coalesce(sum(cost_nanos), 0),
                   coalesce(sum(cost_nanos) FILTER (WHERE day >= $2), 0),
                   coalesce(sum(cost_nanos) FILTER (WHERE day >= $3), 0),
                   coalesce(sum(cost_nanos) FILTER (WHERE day >= $4), 0)
            FROM daily_usage WHERE api_key_id = $1""";

    @Inject
    Pool pool;
    @Inject
    ObjectMapper json;
    @Inject
    RateLimiter limiter;

    public void handle(RoutingContext ctx) {
        Caller caller = ApiKeyAuthHandler.caller(ctx);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate first = today.withDayOfMonth(1);
        pool.preparedQuery(USAGE).execute(Tuple.of(caller.apiKeyId(), today, monday, first)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            Row row = result.result().iterator().next();
            long total = row.getLong(0);
            long daily = row.getLong(1);
            long weekly = row.getLong(2);
            long monthly = row.getLong(3);
            long periodUsage = caller.limitReset() == null ? total : switch (caller.limitReset()) {
                case DAILY -> daily;
                case WEEKLY -> weekly;
                case MONTHLY -> monthly;
            };
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("label", caller.label());
            data.put("limit", Usd.ofNullable(caller.limitNanos()));
            data.put("limit_remaining", caller.limitNanos() == null ? null : Usd.of(Math.max(caller.limitNanos() - periodUsage, 0)));
            data.put("limit_reset", caller.limitReset() == null ? null : caller.limitReset().name().toLowerCase(Locale.ROOT));
            data.put("usage", Usd.of(total));
            data.put("usage_daily", Usd.of(daily));
            data.put("usage_weekly", Usd.of(weekly));
            data.put("usage_monthly", Usd.of(monthly));
            data.put("byok_usage", 0);
            data.put("byok_usage_daily", 0);
            data.put("byok_usage_weekly", 0);
            data.put("byok_usage_monthly", 0);
            data.put("include_byok_in_limit", false);
            data.put("is_free_tier", false);
            data.put("is_management_key", caller.management());
            data.put("is_provisioning_key", caller.management());
            data.put("allowed_data_regions", List.of());
            data.put("creator_user_id", caller.createdBy() == null ? null : caller.createdBy().toString());
            data.put("organization_id", caller.organizationId().toString());
            data.put("workspace_id", null);
            data.put("free_model_daily_requests", Map.of("limit", 0, "remaining", 0, "used", 0));
            List<Limit> limits = limiter.limits(caller);
            data.put("rate_limit", rateLimit(limits));
            data.put("rate_limits", limits.stream().map(l -> Map.<String, Object>of("name", l.name(), "limit", l.perMinute())).toList());
            data.put("expires_at", caller.expiresAt() == null ? null : caller.expiresAt().toString());
            JsonResponses.ok(ctx, json, Map.of("data", data));
        });
    }

    /**
     * OpenRouter's (deprecated) {@code rate_limit}: the requests a minute the key meets first (its own or its
     * organization's, whichever is lower), -1 for none. Every limit is under {@code rate_limits}, e.g.
     * {@code {"name":"key_requests_per_minute","limit":60}}.
     */
    private static Map<String, Object> rateLimit(List<Limit> limits) {
        long requests = limits.stream().filter(l -> l.kind() == Limit.Kind.REQUESTS)
                .mapToLong(Limit::perMinute).min().orElse(-1);
        return Map.of("requests", requests, "interval", "1m", "note", requests < 0
                ? "no request rate limit applies to this key" : "requests per minute; all limits are under rate_limits");
    }
}
