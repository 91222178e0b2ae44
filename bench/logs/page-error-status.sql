-- /logs?status=502&from=<90 days ago>&to=<today>: one error status; its histogram by day counts rows of the partial index.
SELECT id, name, deleted_at IS NOT NULL AS deleted FROM api_keys WHERE organization_id = :org ORDER BY deleted_at IS NOT NULL, lower(name), created_at;
SELECT id, name FROM providers ORDER BY id;
SELECT id FROM models ORDER BY id;
SELECT id, created_at, model_id, provider_id, api_key_id, tokens_prompt, tokens_completion, tokens_estimated, cost_nanos, latency_ms, generation_time_ms, streamed, cancelled, finish_reason, status FROM generations WHERE organization_id = :org AND status = 502 AND created_at >= :range_start AND created_at < :range_end ORDER BY created_at DESC, id DESC LIMIT 51;
SELECT (created_at AT TIME ZONE 'UTC')::date AS bucket, count(*) AS requests, count(*) AS errors FROM generations WHERE organization_id = :org AND status = 502 AND created_at >= :range_start AND created_at < :range_end GROUP BY 1;
