-- Indexes for the dashboard's generation log (/logs in web): a page of the log is the newest 50 rows of one
-- organization that match its filters, read by keyset (created_at, id), never by OFFSET. The organization/time
-- index serves the unfiltered log, the key/time index a key filter; a filter on a model, a provider or errors
-- that matches few rows would otherwise walk the organization's whole history to fill a page. Measured on one
-- organization with 1,000,000 generations over 90 days (bench/logs-plans.sh): a model with 1 request in 10,000
-- took 568 ms (parallel seq scan of every partition) and takes 3-27 ms with the index below.
-- Cost: two more btree entries per generation insert, and two more for an error row: 100,000 generations inserted in
-- batches of 500 (as metering writes them, with the rollup trigger) took 6.4-6.6 s with these indexes, 5.8-5.9 s without.

CREATE INDEX generations_by_organization_model_time ON generations (organization_id, model_id, created_at DESC);
CREATE INDEX generations_by_organization_provider_time ON generations (organization_id, provider_id, created_at DESC);

-- Errors as daily_usage counts them (roll_up_generations): an HTTP error status, or a stream that ended in error.
-- Partial, so it holds only the (few) failed rows; the "error" filter repeats this predicate for the planner to use it.
CREATE INDEX generations_errors_by_organization_time ON generations (organization_id, created_at DESC)
    WHERE status >= 400 OR finish_reason = 'error';

-- One error status (429, 502…): its rows in time order for a page, and counted per hour or day from the index alone
-- for the histogram (the rollup has no status). The log writes the status inline (status = 502), which implies this
-- predicate. Without it, 20,000 errors of one status cost 20,000 heap pages: 520 ms for a 90-day histogram.
CREATE INDEX generations_error_status_by_organization_time ON generations (organization_id, status, created_at DESC)
    WHERE status >= 400;

-- The log's request histogram by day sums requests and errors of up to ~1,000 rollup rows per day (50 models x
-- 20 keys) over up to a year; covering them lets that be an index-only scan (88,000 rows for 90 days: ~140 ms
-- through the heap, ~30 ms index-only on the same machine). provider_id is included for the provider filter.
CREATE INDEX daily_usage_by_organization_day ON daily_usage (organization_id, day) INCLUDE (provider_id, requests, errors);
