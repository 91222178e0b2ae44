-- Buying credit through Stripe (owner of every table here: billing-service).

-- ---------------------------------------------------------------------------------------------------------
-- The organization's Stripe customer, in billing's own table
-- ---------------------------------------------------------------------------------------------------------
-- organizations belongs to accounts-service; billing keeps the Stripe customer it creates for an organization here
-- (one customer per organization, created on the first purchase or card setup). Nothing ever wrote
-- organizations.stripe_customer_id, so it goes.
CREATE TABLE stripe_customers (
    organization_id    UUID PRIMARY KEY REFERENCES organizations (id),
    stripe_customer_id TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT stripe_customers_customer_unique UNIQUE (stripe_customer_id),
    CONSTRAINT stripe_customers_customer_shape CHECK (stripe_customer_id LIKE 'cus_%')
);
ALTER TABLE organizations DROP COLUMN stripe_customer_id;

-- ---------------------------------------------------------------------------------------------------------
-- Refunds of a payment
-- ---------------------------------------------------------------------------------------------------------
-- A refund asked for through the API is a row BEFORE Stripe is called ('requested'), so a second request sees
-- it and cannot refund the same credit twice; Stripe accepting it makes it 'pending'; the charge.refunded webhook
-- writes the `refund` ledger entry (external_reference = the Stripe refund id) and makes it 'succeeded'. A refund
-- made in Stripe's dashboard arrives by the webhook only and gets its row then. 'failed': Stripe refused it.
CREATE TABLE payment_refunds (
    id               UUID PRIMARY KEY,
    payment_id       UUID        NOT NULL REFERENCES payments (id),
    organization_id  UUID        NOT NULL REFERENCES organizations (id),
    stripe_refund_id TEXT,
    amount_nanos     BIGINT      NOT NULL,
    status           TEXT        NOT NULL,
    failure_reason   TEXT,
    requested_by     UUID REFERENCES users (id),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at     TIMESTAMPTZ,
    CONSTRAINT payment_refunds_stripe_refund_unique UNIQUE (stripe_refund_id),
    CONSTRAINT payment_refunds_amount_positive CHECK (amount_nanos > 0),
    CONSTRAINT payment_refunds_status CHECK (status IN ('requested', 'pending', 'succeeded', 'failed'))
);
CREATE INDEX payment_refunds_by_payment ON payment_refunds (payment_id);
CREATE INDEX payment_refunds_unrecorded ON payment_refunds (organization_id) WHERE status IN ('requested', 'pending');

-- ---------------------------------------------------------------------------------------------------------
-- Auto top-up: the saved card as shown, and the database telling billing when a balance is below the threshold
-- ---------------------------------------------------------------------------------------------------------
ALTER TABLE auto_topups ADD COLUMN card_brand TEXT;
ALTER TABLE auto_topups ADD COLUMN card_last4 TEXT;
ALTER TABLE auto_topups ADD CONSTRAINT auto_topups_card_last4 CHECK (card_last4 IS NULL OR card_last4 ~ '^[0-9]{4}$');

-- The gateway writes usage entries straight into the ledger. When an entry that lowers the balance leaves it below
-- the threshold of an enabled auto top-up with a saved card and no top-up in flight, billing-service is told
-- (LISTEN auto_topup_needed, payload: the organization id) within the writer's commit. The notification is only a
-- hint: billing claims the top-up with one conditional UPDATE of auto_topups (exactly one claimer), and a periodic
-- sweep covers notifications lost while no billing-service listened. This trigger runs after ledger_entries_apply
-- (triggers fire in name order), so organization_balances already holds the new balance.
CREATE FUNCTION notify_auto_topup_needed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM auto_topups a JOIN organization_balances b ON b.organization_id = a.organization_id
               WHERE a.organization_id = NEW.organization_id AND a.enabled AND a.in_flight_payment_id IS NULL
                 AND a.stripe_payment_method_id IS NOT NULL AND b.balance_nanos < a.threshold_nanos) THEN
        PERFORM pg_notify('auto_topup_needed', NEW.organization_id::text);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_auto_topup AFTER INSERT ON ledger_entries
    FOR EACH ROW WHEN (NEW.amount_nanos < 0)
    EXECUTE FUNCTION notify_auto_topup_needed();
