-- The gateway stamps api_keys.last_used_at (at most once a minute per key). That must not look like a change of
-- the key: every api_key_changes NOTIFY makes every gateway replica drop the key from its cache and recall its
-- limit lease. So an UPDATE notifies only when a column the gateway authenticates or bills with changes
-- (everything its cached caller holds); last_used_at and updated_at alone stay silent. INSERT and DELETE always
-- notify (a new key joins the gateways' known-key filter).
DROP TRIGGER api_keys_notify ON api_keys;
CREATE TRIGGER api_keys_notify_insert_delete AFTER INSERT OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION notify_api_key_change();
CREATE TRIGGER api_keys_notify_update AFTER UPDATE ON api_keys
    FOR EACH ROW WHEN (
        OLD.key_hash IS DISTINCT FROM NEW.key_hash
        OR OLD.organization_id IS DISTINCT FROM NEW.organization_id
        OR OLD.disabled IS DISTINCT FROM NEW.disabled
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
        OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
        OR OLD.limit_nanos IS DISTINCT FROM NEW.limit_nanos
        OR OLD.limit_reset IS DISTINCT FROM NEW.limit_reset
        OR OLD.is_management IS DISTINCT FROM NEW.is_management
        OR OLD.name IS DISTINCT FROM NEW.name
        OR OLD.display_prefix IS DISTINCT FROM NEW.display_prefix
        OR OLD.created_by IS DISTINCT FROM NEW.created_by)
    EXECUTE FUNCTION notify_api_key_change();
