package dev.switchboard.web.logs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The log's statements. Every one starts from {@code organization_id = ?} (the signed-in person's current
 * organization) and reads one of the indexes made for it (V1, V7):
 * <ul>
 * <li>no filter, or a date range: {@code generations_by_organization_time};
 * <li>a model: {@code generations_by_organization_model_time}; a provider: {@code generations_by_organization_provider_time};
 * a key: {@code generations_by_key_time};
 * <li>errors: the partial {@code generations_errors_by_organization_time}, whose predicate the statement repeats word
 * for word (the planner uses a partial index only when it can prove the query implies it); one error status: the
 * partial {@code generations_error_status_by_organization_time} ({@code status >= 400}, implied by the status).
 * </ul>
 * Pages are keyset pages in the order (created_at DESC, id DESC); the histogram reads {@code daily_usage} for days
 * and {@code generations} only for hours (at most two days) or for one error status (rows of the partial index).
 */
final class LogSql {

    static final String COLUMNS = "id, created_at, model_id, provider_id, api_key_id, tokens_prompt, tokens_completion, "
            + "tokens_estimated, cost_nanos, latency_ms, generation_time_ms, streamed, cancelled, finish_reason, status";
    /** The partial index's predicate: what daily_usage counts as an error. */
    static final String ERROR = "(status >= 400 OR finish_reason = 'error')";

    private LogSql() {
    }

    /** At most {@code limit} rows of the filtered log, newest first, older than the filter's cursor if it has one. */
    static Sql page(UUID organization, LogFilter filter, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM generations WHERE ");
        conditions(sql, params, organization, filter);
        if (filter.since() != null) {
            sql.append(" AND created_at >= ?");
            params.add(timestamp(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND created_at < ?");
            params.add(timestamp(filter.until()));
        }
        if (filter.before() != null) {
            // created_at <= ? bounds the index scan; the OR orders ties on the same microsecond by id
            sql.append(" AND created_at <= ? AND (created_at < ? OR id < ?)");
            params.add(timestamp(filter.before().createdAt()));
            params.add(timestamp(filter.before().createdAt()));
            params.add(filter.before().id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return new Sql(sql.toString(), params);
    }

    /** Requests and errors per UTC hour in [start, end), from the rows themselves. */
    static Sql hourly(UUID organization, LogFilter filter, Instant start, Instant end) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT date_trunc('hour', created_at AT TIME ZONE 'UTC') AS bucket, count(*) AS requests, "
                + "count(*) FILTER (WHERE " + ERROR + ") AS errors FROM generations WHERE ");
        conditions(sql, params, organization, filter);
        sql.append(" AND created_at >= ? AND created_at < ? GROUP BY 1");
        params.add(timestamp(start));
        params.add(timestamp(end));
        return new Sql(sql.toString(), params);
    }

    /**
     * Requests and errors per UTC day, first to last included. From the {@code daily_usage} rollup (which has the
     * model, provider and key but not the status of each request), except for one HTTP status: those rows are
     * counted from {@code generations}, from the partial status index alone (an index-only scan).
     */
    static Sql daily(UUID organization, LogFilter filter, LocalDate first, LocalDate last) {
        List<Object> params = new ArrayList<>();
        if (filter.status().kind() == LogFilter.Status.Kind.HTTP) {
            StringBuilder sql = new StringBuilder("SELECT (created_at AT TIME ZONE 'UTC')::date AS bucket, count(*) AS requests, "
                    + "count(*) AS errors FROM generations WHERE ");
            conditions(sql, params, organization, filter);
            sql.append(" AND created_at >= ? AND created_at < ? GROUP BY 1");
            params.add(timestamp(first.atStartOfDay(ZoneOffset.UTC).toInstant()));
            params.add(timestamp(last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            return new Sql(sql.toString(), params);
        }
        StringBuilder sql = new StringBuilder("SELECT day AS bucket, sum(requests) AS requests, sum(errors) AS errors "
                + "FROM daily_usage WHERE organization_id = ? AND day >= ? AND day <= ?");
        params.add(organization);
        params.add(first);
        params.add(last);
        dimensions(sql, params, filter);
        sql.append(" GROUP BY day");
        return new Sql(sql.toString(), params);
    }

    /** One generation of the organization, by id and the second its id names (one partition, index on id). */
    static Sql detail(UUID organization, String id, Instant second) {
        return new Sql("""
                SELECT g.*, k.name AS key_name, p.name AS provider_name
                FROM generations g
                LEFT JOIN api_keys k ON k.id = g.api_key_id AND k.organization_id = g.organization_id
                LEFT JOIN providers p ON p.id = g.provider_id
                WHERE g.id = ? AND g.organization_id = ? AND g.created_at >= ? AND g.created_at < ?""",
                List.of(id, organization, timestamp(second), timestamp(second.plusSeconds(1))));
    }

    /** The model, provider and key filters: columns both {@code generations} and its {@code daily_usage} rollup have. */
    private static void dimensions(StringBuilder sql, List<Object> params, LogFilter filter) {
        if (filter.model() != null) {
            sql.append(" AND model_id = ?");
            params.add(filter.model());
        }
        if (filter.provider() != null) {
            sql.append(" AND provider_id = ?");
            params.add(filter.provider());
        }
        if (filter.keyId() != null) {
            sql.append(" AND api_key_id = ?");
            params.add(filter.keyId());
        }
    }

    private static void conditions(StringBuilder sql, List<Object> params, UUID organization, LogFilter filter) {
        sql.append("organization_id = ?");
        params.add(organization);
        dimensions(sql, params, filter);
        switch (filter.status().kind()) {
            case ANY -> {
            }
            case SUCCESS -> sql.append(" AND status < 400 AND finish_reason IS DISTINCT FROM 'error'");
            case ERROR -> sql.append(" AND ").append(ERROR);
            // the code inline (LogFilter allows only 400-599): the planner then proves that status = 502 implies
            // status >= 400, the predicate of the status index, and estimates the status from its statistics. A
            // parameter, or the error predicate repeated, makes it guess ~0.04 % of the rows and, in a generic
            // plan, read and sort every row of the status instead of the newest 51 (745 ms for 20,000 rows).
            case HTTP -> sql.append(" AND status = ").append(filter.status().code());
        }
    }

    private static Object timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
