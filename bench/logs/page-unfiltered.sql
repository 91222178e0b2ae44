-- One view of /logs with no filter: the organization's keys, the catalog's providers and models (the form's
-- choices), the newest page, and the histogram of the last 24 hours by hour.
SELECT id, name, deleted_at IS NOT NULL AS deleted FROM api_keys WHERE organization_id = :org ORDER BY deleted_at IS NOT NULL, lower(name), created_at;
SELECT id, name FROM providers ORDER BY id;
SELECT id FROM models ORDER BY id;
SELECT id, created_at, model_id, provider_id, api_key_id, tokens_prompt, tokens_completion, tokens_estimated, cost_nanos, latency_ms, generation_time_ms, streamed, cancelled, finish_reason, status FROM generations WHERE organization_id = :org ORDER BY created_at DESC, id DESC LIMIT 51;
SELECT date_trunc('hour', created_at AT TIME ZONE 'UTC') AS bucket, count(*) AS requests, count(*) FILTER (WHERE (status >= 400 OR finish_reason = 'error')) AS errors FROM generations WHERE organization_id = :org AND created_at >= :hour_start AND created_at < :hour_end GROUP BY 1;
