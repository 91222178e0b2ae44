-- /logs?model=bench/rare&from=<90 days ago>&to=<today>: a model with 1 request in 10,000.
SELECT id, name, deleted_at IS NOT NULL AS deleted FROM api_keys WHERE organization_id = :org ORDER BY deleted_at IS NOT NULL, lower(name), created_at;
SELECT id, name FROM providers ORDER BY id;
SELECT id FROM models ORDER BY id;
SELECT id, created_at, model_id, provider_id, api_key_id, tokens_prompt, tokens_completion, tokens_estimated, cost_nanos, latency_ms, generation_time_ms, streamed, cancelled, finish_reason, status FROM generations WHERE organization_id = :org AND model_id = :model AND created_at >= :range_start AND created_at < :range_end ORDER BY created_at DESC, id DESC LIMIT 51;
SELECT day AS bucket, sum(requests) AS requests, sum(errors) AS errors FROM daily_usage WHERE organization_id = :org AND day >= :first_day AND day <= :last_day AND model_id = :model GROUP BY day;
