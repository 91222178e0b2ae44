-- The /logs page's statements (as web's LogSql writes them, literals in place of parameters) on the seeded
-- organization: EXPLAIN (ANALYZE, BUFFERS) of each, for bench/logs-plans.sh.
\set org '''00000000-0000-0000-0000-000000000001'''
\echo '== unfiltered first page'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, created_at, model_id FROM generations WHERE organization_id = :org
  ORDER BY created_at DESC, id DESC LIMIT 51;
\echo '== a page 60 days back (keyset: the "Older" link)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, created_at, model_id FROM generations WHERE organization_id = :org
  AND created_at <= now() - interval '60 days' AND (created_at < now() - interval '60 days' OR id < 'gen-z')
  ORDER BY created_at DESC, id DESC LIMIT 51;
\echo '== a rare model (1 request in 10,000)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, created_at, model_id FROM generations WHERE organization_id = :org
  AND model_id = 'bench/rare' ORDER BY created_at DESC, id DESC LIMIT 51;
\echo '== a rare provider and a key'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, created_at, model_id FROM generations WHERE organization_id = :org
  AND provider_id = 'rare-provider' AND api_key_id = '00000000-0000-0000-0001-000000000001'
  ORDER BY created_at DESC, id DESC LIMIT 51;
\echo '== errors'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, created_at, model_id FROM generations WHERE organization_id = :org
  AND (status >= 400 OR finish_reason = 'error') ORDER BY created_at DESC, id DESC LIMIT 51;
\echo '== one error status over 90 days'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, created_at, model_id FROM generations WHERE organization_id = :org
  AND status = 502 AND created_at >= now() - interval '90 days'
  ORDER BY created_at DESC, id DESC LIMIT 51;
\echo '== histogram per hour, last 24 hours'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT date_trunc('hour', created_at AT TIME ZONE 'UTC') AS bucket, count(*) AS requests,
  count(*) FILTER (WHERE (status >= 400 OR finish_reason = 'error')) AS errors FROM generations WHERE organization_id = :org
  AND created_at >= date_trunc('hour', now()) - interval '23 hours' AND created_at < date_trunc('hour', now()) + interval '1 hour' GROUP BY 1;
\echo '== histogram per hour, a rare model over 2 days'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT date_trunc('hour', created_at AT TIME ZONE 'UTC') AS bucket, count(*) AS requests,
  count(*) FILTER (WHERE (status >= 400 OR finish_reason = 'error')) AS errors FROM generations WHERE organization_id = :org
  AND model_id = 'bench/rare' AND created_at >= current_date - 1 AND created_at < current_date + 1 GROUP BY 1;
\echo '== histogram per day, 90 days (daily_usage)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT day AS bucket, sum(requests) AS requests, sum(errors) AS errors FROM daily_usage
  WHERE organization_id = :org AND day >= current_date - 89 AND day <= current_date GROUP BY day;
\echo '== histogram per day, 90 days, one provider (daily_usage)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT day AS bucket, sum(requests) AS requests, sum(errors) AS errors FROM daily_usage
  WHERE organization_id = :org AND day >= current_date - 89 AND day <= current_date AND provider_id = 'provider-3' GROUP BY day;
\echo '== histogram per day, 90 days, one error status (generations, partial index)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT (created_at AT TIME ZONE 'UTC')::date AS bucket, count(*) AS requests, count(*) AS errors
  FROM generations WHERE organization_id = :org AND status = 502
  AND created_at >= current_date - 89 AND created_at < current_date + 1 GROUP BY 1;
\echo '== one generation by id (detail view)'
SELECT id AS detail_id, to_timestamp(split_part(id, '-', 2)::bigint) AS detail_second
  FROM generations WHERE organization_id = :org ORDER BY created_at DESC LIMIT 1 OFFSET 500000 \gset
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT g.*, k.name AS key_name, p.name AS provider_name FROM generations g
  LEFT JOIN api_keys k ON k.id = g.api_key_id AND k.organization_id = g.organization_id LEFT JOIN providers p ON p.id = g.provider_id
  WHERE g.id = :'detail_id' AND g.organization_id = :org
  AND g.created_at >= :'detail_second' AND g.created_at < timestamptz :'detail_second' + interval '1 second';
