-- Per-key rate limits, set in the key's settings (accounts-service). NULL = the gateway's configured default for
-- keys (switchboard.gateway.rate-limits.key-*); a value replaces that default for this key, upwards or downwards.
-- The organization's limits (configured per gateway) apply on top, so a key can never take more than its
-- organization may. Enforced by the gateway across replicas through Redis (docs/architecture.md, "Rate limits").
ALTER TABLE api_keys
    ADD COLUMN rate_limit_rpm INTEGER,
    ADD COLUMN rate_limit_tpm BIGINT,
    ADD CONSTRAINT api_keys_rate_limit_rpm_positive CHECK (rate_limit_rpm IS NULL OR rate_limit_rpm BETWEEN 1 AND 1000000),
    ADD CONSTRAINT api_keys_rate_limit_tpm_positive CHECK (rate_limit_tpm IS NULL OR rate_limit_tpm BETWEEN 1 AND 10000000000);

-- The gateway caches a key's rate limits with the rest of its caller: a change must reach every replica at once,
-- like a change of its credit limit (V3).
DROP TRIGGER api_keys_notify_update ON api_keys;
CREATE TRIGGER api_keys_notify_update AFTER UPDATE ON api_keys
    FOR EACH ROW WHEN (
        OLD.key_hash IS DISTINCT FROM NEW.key_hash
        OR OLD.organization_id IS DISTINCT FROM NEW.organization_id
        OR OLD.disabled IS DISTINCT FROM NEW.disabled
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
        OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
        OR OLD.limit_nanos IS DISTINCT FROM NEW.limit_nanos
        OR OLD.limit_reset IS DISTINCT FROM NEW.limit_reset
        OR OLD.rate_limit_rpm IS DISTINCT FROM NEW.rate_limit_rpm
        OR OLD.rate_limit_tpm IS DISTINCT FROM NEW.rate_limit_tpm
        OR OLD.is_management IS DISTINCT FROM NEW.is_management
        OR OLD.name IS DISTINCT FROM NEW.name
        OR OLD.display_prefix IS DISTINCT FROM NEW.display_prefix
        OR OLD.created_by IS DISTINCT FROM NEW.created_by)
    EXECUTE FUNCTION notify_api_key_change();
