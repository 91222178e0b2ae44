-- Seeds one organization with a large history for bench/web-pages.sh: :n generations over 90 days across 50 models
-- (skewed: a few models carry most traffic, the last ones are rare) and 20 keys, 2 % errors, with the gateway's
-- rollup (daily_usage, by the statement trigger), hourly usage ledger entries and the promo credit that pays for them.
-- Variables: org, user (the owner's users.id), n. Runs in the bench's own database, never the local platform's.
\set ON_ERROR_STOP on
SELECT ensure_generation_partitions((now() AT TIME ZONE 'UTC' - interval '100 days')::date, 2);

INSERT INTO api_keys (id, organization_id, created_by, name, display_prefix, key_hash, created_at)
SELECT gen_random_uuid(), :'org', :'user', 'bench key ' || k, 'sk-sb-v1-bench' || lpad(k::text, 2, '0') || '…',
       encode(sha256(convert_to('bench-' || :'org' || '-' || k, 'UTF8')), 'hex'), now() - interval '91 days'
FROM generate_series(1, 20) k;

CREATE TEMP TABLE bench_models AS
SELECT (row_number() OVER (ORDER BY source, id)) - 1 AS i, id
FROM (SELECT 0 AS source, id FROM models UNION ALL SELECT 1, 'bench/model-' || lpad(g::text, 2, '0') FROM generate_series(1, 50) g) m
ORDER BY source, id LIMIT 50;
CREATE TEMP TABLE bench_keys AS
SELECT (row_number() OVER (ORDER BY name)) - 1 AS i, id FROM api_keys WHERE organization_id = :'org' AND name LIKE 'bench key %';

-- Day by day, oldest first and in time order within a day, as the gateway writes them: the rollup's rows of a day
-- then sit together, as in production (one statement over all 90 days interleaves them and doubles report costs).
SELECT set_config('bench.org', :'org', false), set_config('bench.n', :'n', false);
DO $$
DECLARE
    org  UUID   := current_setting('bench.org')::uuid;
    n    BIGINT := current_setting('bench.n')::bigint;
    day0 TIMESTAMPTZ := date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '89 days';
    per  BIGINT := n / 90;
BEGIN
    FOR d IN 0..89 LOOP
        INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type,
                                 tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos,
                                 latency_ms, generation_time_ms, streamed, finish_reason, status, error_code, error_message,
                                 provider_responses)
        SELECT 'gen-' || extract(epoch FROM s.t)::bigint || '-' || substr(md5(s.g::text || org::text), 1, 20), s.t, org, k.id, m.id,
               split_part(m.id, '/', 1), 'chat',
               s.prompt, CASE WHEN s.failed THEN 0 ELSE s.completion END, 0, s.prompt / 4,
               CASE WHEN s.failed THEN 0 ELSE s.prompt * (100 + 37 * (m.i % 7)) + s.completion * (400 + 91 * (m.i % 5)) END,
               200 + (s.g % 900), 300 + (s.g % 4000), s.g % 3 = 0,
               CASE WHEN s.failed THEN NULL ELSE 'stop' END, CASE WHEN s.failed THEN 502 ELSE 200 END,
               CASE WHEN s.failed THEN 'upstream_error' END, CASE WHEN s.failed THEN 'the provider answered 500' END,
               jsonb_build_array(jsonb_build_object('provider_name', split_part(m.id, '/', 1),
                                                    'status', CASE WHEN s.failed THEN 500 ELSE 200 END, 'latency', 200 + (s.g % 900)))
        FROM (SELECT g, least(day0 + d * interval '1 day' + random() * interval '1 day', now()) AS t,
                     floor(50 * power(random(), 3))::int AS model, (g % 20) AS key,
                     50 + (g * 7919) % 4000 AS prompt, 10 + (g * 104729) % 1000 AS completion, (g % 50) = 0 AS failed
              FROM generate_series(d * per + 1, (d + 1) * per) g) s
        JOIN bench_models m ON m.i = s.model
        JOIN bench_keys k ON k.i = s.key
        ORDER BY s.t;
    END LOOP;
END $$;

INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference, description, created_at)
SELECT gen_random_uuid(), :'org', 'promo', sum(cost_nanos) + 100000000000, 'bench-promo-' || :'org', 'bench credit',
       now() - interval '91 days'
FROM generations WHERE organization_id = :'org';
INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference, description, created_at)
SELECT gen_random_uuid(), :'org', 'usage', -sum(cost_nanos), 'bench-usage-' || :'org' || '-' || extract(epoch FROM date_trunc('hour', created_at)),
       'usage', date_trunc('hour', created_at) + interval '59 minutes'
FROM generations WHERE organization_id = :'org'
GROUP BY date_trunc('hour', created_at);
ANALYZE generations; ANALYZE daily_usage; ANALYZE ledger_entries;
SELECT count(*) AS generations, count(DISTINCT model_id) AS models, count(DISTINCT api_key_id) AS keys,
       min(created_at)::date AS first_day, max(created_at)::date AS last_day
FROM generations WHERE organization_id = :'org';
