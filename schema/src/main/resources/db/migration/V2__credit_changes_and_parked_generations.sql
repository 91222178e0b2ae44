-- Hardening of the credit path (issue: "no request is ever free, credit changes bite at once").

-- ---------------------------------------------------------------------------------------------------------
-- Credit changes reach every gateway replica within a second
-- ---------------------------------------------------------------------------------------------------------
-- A replica holds leases: slices of an organization's balance (and of a key's limit) it spends from memory.
-- Anything that lowers what an organization may spend must make every replica hand back the unreserved
-- part of its leases, so the next request re-reads the truth. Usage entries are left out: the gateway
-- writes them itself, already net of its own lease.

CREATE FUNCTION notify_credit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('credit_changes', NEW.organization_id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_notify AFTER INSERT ON ledger_entries
    FOR EACH ROW WHEN (NEW.kind <> 'usage' AND NEW.amount_nanos < 0)
    EXECUTE FUNCTION notify_credit_change();

-- Deleting (or restoring) an organization must stop its keys at once, as disabling a key does.
CREATE FUNCTION notify_organization_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('organization_changes', NEW.id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER organizations_notify AFTER UPDATE ON organizations
    FOR EACH ROW WHEN (OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
    EXECUTE FUNCTION notify_organization_change();

-- ---------------------------------------------------------------------------------------------------------
-- Generations the database refused (owner: gateway-service)
-- ---------------------------------------------------------------------------------------------------------
-- A served response is always billed. When a generation row cannot be stored even after sanitising it
-- (a missing partition, a constraint a bug violates), its cost is still written as usage in the same
-- transaction as this row, and the record is kept here whole, as JSON text (so even a NUL survives as the
-- escape \u0000), for an operator to inspect and replay into generations. Reconciliation:
-- Σ usage entries = −(Σ generations.cost_nanos + Σ parked_generations.cost_nanos not yet replayed).
CREATE TABLE parked_generations (
    id              TEXT        PRIMARY KEY,
    organization_id UUID        NOT NULL REFERENCES organizations (id),
    cost_nanos      BIGINT      NOT NULL,
    -- why the database refused the row: SQLSTATE and message
    reason          TEXT        NOT NULL,
    record          TEXT        NOT NULL,
    parked_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- set when an operator has replayed the row into generations (without a second usage entry)
    replayed_at     TIMESTAMPTZ,
    CONSTRAINT parked_generations_cost_non_negative CHECK (cost_nanos >= 0)
);
CREATE INDEX parked_generations_by_organization ON parked_generations (organization_id);
