-- Switchboard schema, version 1: the whole product's data.
--
-- Conventions
--   * Money is exact: amounts are BIGINT nano-USD (1 USD = 1 000 000 000). Prices per token are BIGINT
--     pico-USD (1 USD = 10^12), because real per-token prices go below one nano-dollar
--     (e.g. $0.01875 per million tokens = 18.75 nano-USD per token = 18 750 pico-USD per token).
--   * Every table has exactly one owning service that writes it (see docs/architecture.md); the owner is
--     named in the comment above each table. Other services only read.
--   * Kinds and roles are TEXT with CHECK constraints (easy to extend in a later migration, readable in psql).

-- ---------------------------------------------------------------------------------------------------------
-- Accounts (owner: accounts-service)
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE users (
    id               UUID PRIMARY KEY,
    keycloak_subject TEXT        NOT NULL UNIQUE,
    email            TEXT        NOT NULL,
    name             TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_login_at    TIMESTAMPTZ,
    CONSTRAINT users_email_shape CHECK (email LIKE '%_@_%' AND length(email) <= 320),
    CONSTRAINT users_name_length CHECK (name IS NULL OR length(name) <= 200)
);
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));

CREATE TABLE organizations (
    id                 UUID PRIMARY KEY,
    name               TEXT        NOT NULL,
    kind               TEXT        NOT NULL,
    -- the user whose personal organization this is; NULL for team organizations. UNIQUE makes a second
    -- personal organization for the same user impossible, whatever the concurrency of first logins.
    personal_user_id   UUID UNIQUE REFERENCES users (id),
    stripe_customer_id TEXT UNIQUE,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at         TIMESTAMPTZ,
    CONSTRAINT organizations_kind CHECK (kind IN ('personal', 'team')),
    CONSTRAINT organizations_personal_has_user CHECK ((kind = 'personal') = (personal_user_id IS NOT NULL)),
    CONSTRAINT organizations_name_length CHECK (length(name) BETWEEN 1 AND 100)
);

CREATE TABLE memberships (
    organization_id UUID        NOT NULL REFERENCES organizations (id),
    user_id         UUID        NOT NULL REFERENCES users (id),
    role            TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id),
    CONSTRAINT memberships_role CHECK (role IN ('owner', 'admin', 'member'))
);
CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE invitations (
    id              UUID PRIMARY KEY,
    organization_id UUID        NOT NULL REFERENCES organizations (id),
    email           TEXT        NOT NULL,
    role            TEXT        NOT NULL,
    invited_by      UUID        NOT NULL REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL,
    accepted_at     TIMESTAMPTZ,
    accepted_by     UUID REFERENCES users (id),
    revoked_at      TIMESTAMPTZ,
    CONSTRAINT invitations_role CHECK (role IN ('owner', 'admin', 'member')),
    CONSTRAINT invitations_email_shape CHECK (email LIKE '%_@_%' AND length(email) <= 320),
    CONSTRAINT invitations_accepted_consistent CHECK ((accepted_at IS NULL) = (accepted_by IS NULL))
);
-- one pending invitation per organization and address
CREATE UNIQUE INDEX invitations_one_pending ON invitations (organization_id, lower(email))
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitations_pending_by_email ON invitations (lower(email)) WHERE accepted_at IS NULL AND revoked_at IS NULL;

CREATE TABLE api_keys (
    id              UUID PRIMARY KEY,
    organization_id UUID        NOT NULL REFERENCES organizations (id),
    created_by      UUID REFERENCES users (id),
    name            TEXT        NOT NULL,
    -- shown in lists, e.g. "sk-sb-v1-3f9…a1c"; never enough to use the key
    display_prefix  TEXT        NOT NULL,
    -- lower-case hex SHA-256 of the whole secret; the secret itself is never stored
    key_hash        TEXT        NOT NULL,
    limit_nanos     BIGINT,
    limit_reset     TEXT,
    disabled        BOOLEAN     NOT NULL DEFAULT false,
    is_management   BOOLEAN     NOT NULL DEFAULT false,
    expires_at      TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ,
    last_used_at    TIMESTAMPTZ,
    -- keys are soft-deleted: generations keep pointing at them, and the gateway must learn of the deletion
    deleted_at      TIMESTAMPTZ,
    CONSTRAINT api_keys_key_hash_unique UNIQUE (key_hash),
    CONSTRAINT api_keys_key_hash_shape CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT api_keys_limit_non_negative CHECK (limit_nanos IS NULL OR limit_nanos >= 0),
    CONSTRAINT api_keys_limit_reset CHECK (limit_reset IS NULL OR limit_reset IN ('daily', 'weekly', 'monthly')),
    CONSTRAINT api_keys_name_length CHECK (length(name) BETWEEN 1 AND 100)
);
CREATE INDEX api_keys_by_organization ON api_keys (organization_id) WHERE deleted_at IS NULL;

-- Tell every gateway replica (LISTEN api_key_changes) that a key changed, so that its in-memory key cache
-- drops the entry at once: a disabled, deleted or expired key must stop working within a second.
CREATE FUNCTION notify_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('api_key_changes', COALESCE(NEW.key_hash, OLD.key_hash));
    RETURN NULL;
END $$;
CREATE TRIGGER api_keys_notify AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION notify_api_key_change();

-- ---------------------------------------------------------------------------------------------------------
-- Catalog (owner: gateway-service, which upserts it from the YAML catalog at start)
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE providers (
    id              TEXT PRIMARY KEY,
    name            TEXT        NOT NULL,
    api             TEXT        NOT NULL,
    base_url        TEXT        NOT NULL,
    api_key_env     TEXT,
    data_collection TEXT        NOT NULL DEFAULT 'deny',
    privacy_policy_url TEXT,
    enabled         BOOLEAN     NOT NULL DEFAULT true,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT providers_id_shape CHECK (id ~ '^[a-z0-9][a-z0-9._-]*$'),
    CONSTRAINT providers_api CHECK (api IN ('openai', 'anthropic', 'gemini')),
    CONSTRAINT providers_data_collection CHECK (data_collection IN ('allow', 'deny'))
);

CREATE TABLE models (
    id                TEXT PRIMARY KEY,
    name              TEXT        NOT NULL,
    description       TEXT        NOT NULL DEFAULT '',
    context_length    INTEGER,
    input_modalities  TEXT[]      NOT NULL DEFAULT '{text}',
    output_modalities TEXT[]      NOT NULL DEFAULT '{text}',
    tokenizer         TEXT,
    kind              TEXT        NOT NULL DEFAULT 'chat',
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT models_id_shape CHECK (id ~ '^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-zA-Z0-9._:-]*$'),
    CONSTRAINT models_kind CHECK (kind IN ('chat', 'embedding')),
    CONSTRAINT models_context_positive CHECK (context_length IS NULL OR context_length > 0)
);

CREATE TABLE model_endpoints (
    id                     UUID PRIMARY KEY,
    model_id               TEXT        NOT NULL REFERENCES models (id),
    provider_id            TEXT        NOT NULL REFERENCES providers (id),
    upstream_model         TEXT        NOT NULL,
    -- prices in pico-USD per token (per request for request_price_pico, per image for image_price_pico)
    prompt_price_pico      BIGINT      NOT NULL,
    completion_price_pico  BIGINT      NOT NULL,
    cache_read_price_pico  BIGINT,
    cache_write_price_pico BIGINT,
    request_price_pico     BIGINT      NOT NULL DEFAULT 0,
    image_price_pico       BIGINT      NOT NULL DEFAULT 0,
    context_length         INTEGER     NOT NULL,
    max_output             INTEGER,
    supported_parameters   TEXT[]      NOT NULL DEFAULT '{}',
    quantization           TEXT,
    -- 0 = serving; negative values as OpenRouter's endpoint status (-1 degraded … -10 removed from the catalog)
    status                 INTEGER     NOT NULL DEFAULT 0,
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT model_endpoints_one_per_provider UNIQUE (model_id, provider_id),
    CONSTRAINT model_endpoints_prices_non_negative CHECK (
        prompt_price_pico >= 0 AND completion_price_pico >= 0 AND request_price_pico >= 0 AND image_price_pico >= 0
        AND (cache_read_price_pico IS NULL OR cache_read_price_pico >= 0)
        AND (cache_write_price_pico IS NULL OR cache_write_price_pico >= 0)),
    CONSTRAINT model_endpoints_context_positive CHECK (context_length > 0),
    CONSTRAINT model_endpoints_max_output_positive CHECK (max_output IS NULL OR max_output > 0)
);
CREATE INDEX model_endpoints_by_provider ON model_endpoints (provider_id);

-- Rolling health per endpoint, persisted periodically by the gateways for the endpoints API and the
-- dashboard (routing keeps the live figures in memory / Redis). One row per endpoint and minute.
CREATE TABLE endpoint_health (
    endpoint_id        UUID        NOT NULL REFERENCES model_endpoints (id),
    minute             TIMESTAMPTZ NOT NULL,
    requests           INTEGER     NOT NULL DEFAULT 0,
    failures           INTEGER     NOT NULL DEFAULT 0,
    latency_p50_ms     INTEGER,
    latency_p99_ms     INTEGER,
    throughput_p50_tps INTEGER,
    PRIMARY KEY (endpoint_id, minute),
    CONSTRAINT endpoint_health_counts CHECK (requests >= 0 AND failures >= 0 AND failures <= requests)
);

-- ---------------------------------------------------------------------------------------------------------
-- Credit (owner: billing-service, except `usage` entries and leases, which the gateway writes)
-- ---------------------------------------------------------------------------------------------------------

-- Append-only credit movements. amount_nanos is signed: credit in, usage out.
CREATE TABLE ledger_entries (
    id                 UUID PRIMARY KEY,
    organization_id    UUID        NOT NULL REFERENCES organizations (id),
    kind               TEXT        NOT NULL,
    amount_nanos       BIGINT      NOT NULL,
    -- idempotency: e.g. the Stripe Checkout Session id of a purchase, the refund id, the gateway batch id
    external_reference TEXT,
    description        TEXT,
    created_by         UUID REFERENCES users (id),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ledger_entries_external_reference_unique UNIQUE (external_reference),
    CONSTRAINT ledger_entries_kind CHECK (kind IN ('purchase', 'fee', 'refund', 'adjustment', 'promo', 'usage')),
    CONSTRAINT ledger_entries_sign CHECK (
        CASE kind
            WHEN 'purchase'   THEN amount_nanos > 0
            WHEN 'promo'      THEN amount_nanos > 0
            WHEN 'fee'        THEN amount_nanos < 0
            WHEN 'refund'     THEN amount_nanos < 0
            WHEN 'usage'      THEN amount_nanos <= 0
            WHEN 'adjustment' THEN amount_nanos <> 0
        END),
    -- money-moving entries other than usage must be traceable to their cause
    CONSTRAINT ledger_entries_reference_required CHECK (kind IN ('adjustment', 'usage') OR external_reference IS NOT NULL)
);
CREATE INDEX ledger_entries_by_organization ON ledger_entries (organization_id, created_at DESC);

-- The balance projection: kept in step with ledger_entries by the trigger below, in the same transaction,
-- so balance_nanos = Σ ledger_entries.amount_nanos holds after every commit whichever service inserts.
-- leased_nanos is the part of the balance that gateway replicas hold as leases (see credit_leases);
-- available credit = balance_nanos - leased_nanos. Balance may go below zero (a provider reporting more
-- tokens than the reservation assumed must still be billed), so there is deliberately no sign check on it.
CREATE TABLE organization_balances (
    organization_id     UUID PRIMARY KEY REFERENCES organizations (id),
    balance_nanos       BIGINT      NOT NULL DEFAULT 0,
    leased_nanos        BIGINT      NOT NULL DEFAULT 0,
    total_credits_nanos BIGINT      NOT NULL DEFAULT 0,
    total_usage_nanos   BIGINT      NOT NULL DEFAULT 0,
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT organization_balances_leased_non_negative CHECK (leased_nanos >= 0),
    CONSTRAINT organization_balances_totals_non_negative CHECK (total_credits_nanos >= 0 AND total_usage_nanos >= 0)
);

CREATE FUNCTION apply_ledger_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO organization_balances AS b (organization_id, balance_nanos, total_credits_nanos, total_usage_nanos, updated_at)
    VALUES (NEW.organization_id, NEW.amount_nanos,
            CASE WHEN NEW.kind IN ('purchase', 'promo') THEN NEW.amount_nanos ELSE 0 END,
            CASE WHEN NEW.kind = 'usage' THEN -NEW.amount_nanos ELSE 0 END,
            now())
    ON CONFLICT (organization_id) DO UPDATE SET
        balance_nanos       = b.balance_nanos + EXCLUDED.balance_nanos,
        total_credits_nanos = b.total_credits_nanos + EXCLUDED.total_credits_nanos,
        total_usage_nanos   = b.total_usage_nanos + EXCLUDED.total_usage_nanos,
        updated_at          = now();
    RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION apply_ledger_entry();

CREATE FUNCTION refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only: % refused (correct with a new adjustment entry)', TG_OP
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change();

-- A slice of an organization's available credit held by one gateway replica (or, with api_key_id, a slice
-- of a key's remaining limit). Requests reserve from the lease in memory; settled usage shrinks it; an idle
-- lease is handed back; an expired one (a replica that died) is reclaimed by any replica.
CREATE TABLE credit_leases (
    id              UUID PRIMARY KEY,
    organization_id UUID        NOT NULL REFERENCES organizations (id),
    api_key_id      UUID REFERENCES api_keys (id),
    holder          TEXT        NOT NULL,
    amount_nanos    BIGINT      NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    renewed_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT credit_leases_amount_non_negative CHECK (amount_nanos >= 0)
);
CREATE INDEX credit_leases_by_organization ON credit_leases (organization_id);
CREATE INDEX credit_leases_by_expiry ON credit_leases (expires_at);

-- Card payments through Stripe Checkout (mode payment) or auto top-up (off-session PaymentIntent).
-- The purchase fee is recorded here; the credit itself is a `purchase` ledger entry referencing the payment.
CREATE TABLE payments (
    id                       UUID PRIMARY KEY,
    organization_id          UUID        NOT NULL REFERENCES organizations (id),
    created_by               UUID REFERENCES users (id),
    source                   TEXT        NOT NULL,
    stripe_session_id        TEXT UNIQUE,
    stripe_payment_intent_id TEXT UNIQUE,
    credit_nanos             BIGINT      NOT NULL,
    fee_nanos                BIGINT      NOT NULL,
    currency                 TEXT        NOT NULL DEFAULT 'usd',
    status                   TEXT        NOT NULL,
    failure_reason           TEXT,
    created_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at             TIMESTAMPTZ,
    CONSTRAINT payments_source CHECK (source IN ('checkout', 'auto_topup')),
    CONSTRAINT payments_status CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'refunded', 'partially_refunded')),
    CONSTRAINT payments_amounts CHECK (credit_nanos > 0 AND fee_nanos >= 0),
    CONSTRAINT payments_currency CHECK (currency ~ '^[a-z]{3}$')
);
CREATE INDEX payments_by_organization ON payments (organization_id, created_at DESC);

-- Auto top-up: a saved card (Checkout in setup mode) and a threshold; one row per organization.
CREATE TABLE auto_topups (
    organization_id          UUID PRIMARY KEY REFERENCES organizations (id),
    enabled                  BOOLEAN     NOT NULL DEFAULT false,
    threshold_nanos          BIGINT      NOT NULL,
    amount_nanos             BIGINT      NOT NULL,
    stripe_payment_method_id TEXT,
    -- set while a top-up is being charged, so concurrent settlements crossing the threshold charge once
    in_flight_payment_id     UUID REFERENCES payments (id),
    last_error               TEXT,
    updated_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT auto_topups_amounts CHECK (threshold_nanos >= 0 AND amount_nanos > 0)
);

-- Stripe webhook events already processed: the event id makes redelivery a no-op.
CREATE TABLE stripe_events (
    id           TEXT PRIMARY KEY,
    type         TEXT        NOT NULL,
    livemode     BOOLEAN     NOT NULL DEFAULT false,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    processed_at TIMESTAMPTZ,
    CONSTRAINT stripe_events_id_shape CHECK (id LIKE 'evt_%')
);

-- ---------------------------------------------------------------------------------------------------------
-- Usage (owner: gateway-service)
-- ---------------------------------------------------------------------------------------------------------

-- One row per inference request that reached a provider. Range-partitioned by month on created_at;
-- ids are "gen-<unix seconds>-<random>", so a lookup by id can derive created_at's month and prune.
CREATE TABLE generations (
    id                   TEXT        NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    organization_id      UUID        NOT NULL REFERENCES organizations (id),
    api_key_id           UUID        NOT NULL REFERENCES api_keys (id),
    model_id             TEXT        NOT NULL,
    provider_id          TEXT        NOT NULL,
    endpoint_id          UUID,
    api_type             TEXT        NOT NULL,
    upstream_id          TEXT,
    tokens_prompt        INTEGER     NOT NULL DEFAULT 0,
    tokens_completion    INTEGER     NOT NULL DEFAULT 0,
    tokens_reasoning     INTEGER     NOT NULL DEFAULT 0,
    tokens_cached        INTEGER     NOT NULL DEFAULT 0,
    -- true when the provider reported no usage and the gateway counted the tokens itself
    tokens_estimated     BOOLEAN     NOT NULL DEFAULT false,
    cost_nanos           BIGINT      NOT NULL,
    upstream_cost_nanos  BIGINT,
    latency_ms           INTEGER,
    generation_time_ms   INTEGER,
    streamed             BOOLEAN     NOT NULL,
    cancelled            BOOLEAN     NOT NULL DEFAULT false,
    finish_reason        TEXT,
    native_finish_reason TEXT,
    -- HTTP status returned to the client, and the error reason when there was one
    status               INTEGER     NOT NULL,
    error_code           TEXT,
    error_message        TEXT,
    app_referer          TEXT,
    app_title            TEXT,
    external_user        TEXT,
    -- every attempt the router made: [{provider_name, status, latency}], only the serving one is billed
    provider_responses   JSONB,
    dropped_parameters   TEXT[],
    PRIMARY KEY (id, created_at),
    CONSTRAINT generations_id_shape CHECK (id LIKE 'gen-%'),
    CONSTRAINT generations_api_type CHECK (api_type IN ('chat', 'completions', 'messages', 'embeddings')),
    CONSTRAINT generations_tokens_non_negative CHECK (
        tokens_prompt >= 0 AND tokens_completion >= 0 AND tokens_reasoning >= 0 AND tokens_cached >= 0),
    CONSTRAINT generations_cost_non_negative CHECK (cost_nanos >= 0 AND (upstream_cost_nanos IS NULL OR upstream_cost_nanos >= 0)),
    CONSTRAINT generations_finish_reason CHECK (
        finish_reason IS NULL OR finish_reason IN ('stop', 'length', 'tool_calls', 'content_filter', 'error'))
) PARTITION BY RANGE (created_at);
CREATE INDEX generations_by_organization_time ON generations (organization_id, created_at DESC);
CREATE INDEX generations_by_key_time ON generations (api_key_id, created_at DESC);
CREATE INDEX generations_by_id ON generations (id);

-- Creates the monthly partitions of generations from `from_month` through `months_ahead` months after
-- the current month. Idempotent; every service that writes generations calls it at start (and a
-- scheduled job keeps it ahead), so a missing partition can never refuse a usage batch.
CREATE FUNCTION ensure_generation_partitions(from_month DATE, months_ahead INTEGER) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    m       DATE := date_trunc('month', from_month)::date;
    last    DATE := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => months_ahead))::date;
    created INTEGER := 0;
    part    TEXT;
BEGIN
    -- serialise concurrent callers (several replicas starting at once)
    PERFORM pg_advisory_xact_lock(hashtext('ensure_generation_partitions'));
    WHILE m <= last LOOP
        part := format('generations_%s', to_char(m, 'YYYY_MM'));
        IF to_regclass(part) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF generations FOR VALUES FROM (%L) TO (%L)',
                           part, (m::timestamp AT TIME ZONE 'UTC'),
                           ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
            created := created + 1;
        END IF;
        m := (m + interval '1 month')::date;
    END LOOP;
    RETURN created;
END $$;

SELECT ensure_generation_partitions((now() AT TIME ZONE 'UTC' - interval '1 month')::date, 12);

-- Daily rollup that the reports read: organization × UTC day × model × provider × key.
-- Kept in step with generations by the statement trigger below (one aggregated upsert per insert
-- statement), so Σ rollup = Σ generations at every commit.
CREATE TABLE daily_usage (
    organization_id   UUID    NOT NULL REFERENCES organizations (id),
    day               DATE    NOT NULL,
    model_id          TEXT    NOT NULL,
    provider_id       TEXT    NOT NULL,
    api_key_id        UUID    NOT NULL REFERENCES api_keys (id),
    requests          BIGINT  NOT NULL DEFAULT 0,
    errors            BIGINT  NOT NULL DEFAULT 0,
    prompt_tokens     BIGINT  NOT NULL DEFAULT 0,
    completion_tokens BIGINT  NOT NULL DEFAULT 0,
    reasoning_tokens  BIGINT  NOT NULL DEFAULT 0,
    cached_tokens     BIGINT  NOT NULL DEFAULT 0,
    cost_nanos        BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, day, model_id, provider_id, api_key_id),
    CONSTRAINT daily_usage_non_negative CHECK (
        requests >= 0 AND errors >= 0 AND prompt_tokens >= 0 AND completion_tokens >= 0
        AND reasoning_tokens >= 0 AND cached_tokens >= 0 AND cost_nanos >= 0)
);
CREATE INDEX daily_usage_by_organization_model ON daily_usage (organization_id, model_id, day);
CREATE INDEX daily_usage_by_key_day ON daily_usage (api_key_id, day);

CREATE FUNCTION roll_up_generations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO daily_usage AS d (organization_id, day, model_id, provider_id, api_key_id, requests, errors,
                                  prompt_tokens, completion_tokens, reasoning_tokens, cached_tokens, cost_nanos)
    SELECT organization_id, (created_at AT TIME ZONE 'UTC')::date, model_id, provider_id, api_key_id,
           count(*), count(*) FILTER (WHERE status >= 400 OR finish_reason = 'error'),
           sum(tokens_prompt), sum(tokens_completion), sum(tokens_reasoning), sum(tokens_cached), sum(cost_nanos)
    FROM new_generations
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (organization_id, day, model_id, provider_id, api_key_id) DO UPDATE SET
        requests          = d.requests + EXCLUDED.requests,
        errors            = d.errors + EXCLUDED.errors,
        prompt_tokens     = d.prompt_tokens + EXCLUDED.prompt_tokens,
        completion_tokens = d.completion_tokens + EXCLUDED.completion_tokens,
        reasoning_tokens  = d.reasoning_tokens + EXCLUDED.reasoning_tokens,
        cached_tokens     = d.cached_tokens + EXCLUDED.cached_tokens,
        cost_nanos        = d.cost_nanos + EXCLUDED.cost_nanos;
    RETURN NULL;
END $$;
CREATE TRIGGER generations_roll_up AFTER INSERT ON generations
    REFERENCING NEW TABLE AS new_generations
    FOR EACH STATEMENT EXECUTE FUNCTION roll_up_generations();

-- Generations are facts: corrections go to the ledger, never into history.
CREATE FUNCTION refuse_generation_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'generations are immutable: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER generations_immutable BEFORE UPDATE ON generations
    FOR EACH ROW EXECUTE FUNCTION refuse_generation_change();
