-- Seeds one busy organization for the /logs query plans (bench/logs-plans.sh): 1,000,000 generations over the
-- last 90 days across 50 models (one of them rare: 1 request in 10,000), 8 providers, 20 keys, 2 % errors; plus
-- 200,000 generations of 20 other organizations in the same partitions, so the indexes are shared as in production.
-- The daily_usage trigger rolls every insert up, as the gateway's inserts are.
\set ON_ERROR_STOP on
SELECT ensure_generation_partitions((now() AT TIME ZONE 'UTC' - interval '4 months')::date, 2);

INSERT INTO organizations (id, name, kind)
SELECT ('00000000-0000-0000-0000-' || lpad(to_hex(o), 12, '0'))::uuid, 'bench org ' || o, 'team'
FROM generate_series(1, 21) o;

-- 20 keys per organization: key k of organization o is …-oooo-kkkk
INSERT INTO api_keys (id, organization_id, name, display_prefix, key_hash)
SELECT ('00000000-0000-0000-' || lpad(to_hex(o), 4, '0') || '-' || lpad(to_hex(k), 12, '0'))::uuid,
       ('00000000-0000-0000-0000-' || lpad(to_hex(o), 12, '0'))::uuid,
       'key ' || k, 'sk-sb-v1-bench', encode(sha256(('bench-' || o || '-' || k)::bytea), 'hex')
FROM generate_series(1, 21) o, generate_series(1, 20) k;

-- organization 1: 1M rows. model m-0 … m-48 share the traffic; "bench/rare" gets every 10,000th row.
INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type, tokens_prompt,
                         tokens_completion, cost_nanos, latency_ms, generation_time_ms, streamed, status, finish_reason,
                         provider_responses)
SELECT 'gen-' || extract(epoch FROM t)::bigint || '-' || lpad(i::text, 20, '0'), t,
       '00000000-0000-0000-0000-000000000001'::uuid,
       ('00000000-0000-0000-0001-' || lpad(to_hex(1 + i % 20), 12, '0'))::uuid,
       CASE WHEN i % 10000 = 0 THEN 'bench/rare' ELSE 'bench/m-' || (i % 49) END,
       CASE WHEN i % 10000 = 0 THEN 'rare-provider' ELSE 'provider-' || (i % 7) END,
       'chat', 100 + i % 900, 10 + i % 400, 1000 + i % 100000, 200 + i % 800, 500 + i % 5000, i % 3 = 0,
       CASE WHEN i % 50 = 0 THEN 502 ELSE 200 END, CASE WHEN i % 50 = 0 THEN 'error' ELSE 'stop' END,
       '[{"provider_name":"Bench","status":200,"latency":300}]'::jsonb
FROM (SELECT i, now() - (i * interval '90 days' / 1000000) AS t FROM generate_series(1, 1000000) i) s;

-- organizations 2 … 21: 10,000 rows each
INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type, tokens_prompt,
                         tokens_completion, cost_nanos, streamed, status, finish_reason)
SELECT 'gen-' || extract(epoch FROM t)::bigint || '-o' || lpad(o::text, 2, '0') || lpad(i::text, 17, '0'), t,
       ('00000000-0000-0000-0000-' || lpad(to_hex(o), 12, '0'))::uuid,
       ('00000000-0000-0000-' || lpad(to_hex(o), 4, '0') || '-' || lpad(to_hex(1 + i % 20), 12, '0'))::uuid,
       'bench/m-' || (i % 49), 'provider-' || (i % 7), 'chat', 100, 10, 1000, false,
       CASE WHEN i % 50 = 0 THEN 429 ELSE 200 END, 'stop'
FROM generate_series(2, 21) o,
     LATERAL (SELECT i, now() - (i * interval '90 days' / 10000) AS t FROM generate_series(1, 10000) i) s;

VACUUM ANALYZE generations;
VACUUM ANALYZE daily_usage;
VACUUM ANALYZE api_keys;
