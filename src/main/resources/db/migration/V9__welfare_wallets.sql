-- Welfare credit. A wallet per employee and plan year holds the balance (never below zero, by
-- CHECK and by the conditional debit); the ledger records every movement and only grows, so each
-- balance can be recomputed from it. Fringe benefits (TUIR art. 51 c.3) have a yearly limit per
-- employee: exceeding it by one cent makes the whole amount taxable, so the limit is refused, not passed.
CREATE TABLE wallets (
  account_id     uuid NOT NULL REFERENCES accounts (id),
  plan_id        uuid NOT NULL REFERENCES welfare_plans (id),
  balance_cents  integer NOT NULL CHECK (balance_cents >= 0),
  PRIMARY KEY (account_id, plan_id)
);

CREATE TABLE wallet_ledger (
  id            bigserial PRIMARY KEY,
  account_id    uuid NOT NULL,
  plan_id       uuid NOT NULL,
  amount_cents  integer NOT NULL CHECK (amount_cents <> 0),
  kind          text NOT NULL CHECK (kind IN ('fund', 'payment', 'refund', 'expiry')),
  booking_id    uuid REFERENCES bookings (id),
  actor         text NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (account_id, plan_id) REFERENCES wallets (account_id, plan_id),
  CHECK ((kind IN ('fund', 'refund')) = (amount_cents > 0))
);
CREATE INDEX wallet_ledger_wallet_idx ON wallet_ledger (account_id, plan_id, id);
CREATE TRIGGER wallet_ledger_append_only BEFORE UPDATE OR DELETE ON wallet_ledger
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE fringe_benefit_usage (
  account_id   uuid NOT NULL REFERENCES accounts (id),
  tax_year     integer NOT NULL,
  used_cents   integer NOT NULL CHECK (used_cents >= 0),
  limit_cents  integer NOT NULL,
  PRIMARY KEY (account_id, tax_year),
  CHECK (used_cents <= limit_cents)
);

-- What a booking paid with welfare credit, so that a cancellation refunds exactly that.
ALTER TABLE bookings
  ADD COLUMN paid_cents integer NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
  ADD COLUMN paid_from_plan uuid REFERENCES welfare_plans (id),
  ADD COLUMN fringe_year integer;
