-- Buoni spesa (issue 22): a municipality's vouchers, granted to the admitted applications of its
-- bandi. The Comune funds them; Sportello records them; a shop accredited by the Comune charges a
-- wallet at its counter (the citizen confirms) and is reimbursed by the Comune from the monthly
-- statement. A wallet is personal, not transferable and not cash: money leaves it only to a shop's
-- confirmed charge or to a booking of a service of that municipality, and comes back only by a
-- refund of one of those.

CREATE TABLE voucher_wallets (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The holder's account id (as bookings.person and bando_applications.person).
  person          text NOT NULL,
  municipality    text NOT NULL REFERENCES municipalities (istat_code),
  bando_id        uuid NOT NULL REFERENCES bandi (id),
  -- One wallet per admitted application: granting it again finds this one.
  application_id  uuid NOT NULL UNIQUE REFERENCES bando_applications (id),
  -- What the holder shows at the counter (typed or as a QR code). Not a credential on its own: the
  -- holder's PIN or a one-time code from their own phone confirms every charge.
  code            text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{12}$'),
  granted_cents   integer NOT NULL CHECK (granted_cents > 0),
  balance_cents   integer NOT NULL,
  -- Spendable until the end of valid_until, Europe/Rome: expires_at is the first instant after it.
  valid_until     date NOT NULL,
  expires_at      timestamptz NOT NULL,
  state           text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'expired')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT voucher_wallets_balance_never_negative CHECK (balance_cents >= 0),
  CONSTRAINT voucher_wallets_balance_within_grant CHECK (balance_cents <= granted_cents),
  CHECK (state = 'active' OR balance_cents = 0)
);
CREATE INDEX voucher_wallets_person_idx ON voucher_wallets (person, created_at DESC);
CREATE INDEX voucher_wallets_expiry_idx ON voucher_wallets (expires_at) WHERE state = 'active';

-- A shop's request to charge a wallet at its counter. It is pending until the holder confirms it
-- (their kiosk PIN typed on the shop's phone, or the one-time code shown on their own phone), and
-- then confirmed with its ledger row; a pending charge expires after a few minutes or after too
-- many wrong confirmations; a confirmed one can be refunded (storno) by its shop the same day.
-- A charge asked with a code that is no wallet's is kept too (wallet_id NULL, person a stand-in),
-- so that it is answered exactly as a wallet's charge confirmed with a wrong PIN.
CREATE TABLE voucher_charges (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  shop_id         uuid NOT NULL REFERENCES providers (id),
  wallet_id       uuid REFERENCES voucher_wallets (id),
  -- Whose PIN confirms it: the wallet's holder, or the stand-in of an unknown code.
  person          uuid NOT NULL,
  amount_cents    integer NOT NULL CHECK (amount_cents > 0),
  -- The one-time code the holder sees on their own phone for this charge.
  one_time_code   text NOT NULL CHECK (one_time_code ~ '^[0-9]{6}$'),
  wrong_attempts  integer NOT NULL DEFAULT 0 CHECK (wrong_attempts >= 0),
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'cancelled', 'expired', 'refunded')),
  requested_by    text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  confirmed_by    text CHECK (confirmed_by IN ('pin', 'one_time_code')),
  confirmed_at    timestamptz,
  refunded_by     text,
  refunded_at     timestamptz,
  CHECK (expires_at > created_at),
  CHECK ((state IN ('confirmed', 'refunded')) = (confirmed_at IS NOT NULL)),
  CHECK ((state IN ('confirmed', 'refunded')) = (confirmed_by IS NOT NULL)),
  CHECK (state NOT IN ('confirmed', 'refunded') OR wallet_id IS NOT NULL),
  CHECK ((state = 'refunded') = (refunded_at IS NOT NULL))
);
CREATE INDEX voucher_charges_shop_idx ON voucher_charges (shop_id, created_at DESC);
CREATE INDEX voucher_charges_wallet_pending_idx ON voucher_charges (wallet_id) WHERE state = 'pending';

-- Every movement of a wallet: grant (+), spend (−, at a shop's counter or for a booking), refund
-- (+, a shop's storno or a booking's money given back), expiry (− what was left). For every wallet
-- balance_cents is the sum of its rows; the ledger only grows.
CREATE TABLE voucher_ledger (
  id            bigserial PRIMARY KEY,
  wallet_id     uuid NOT NULL REFERENCES voucher_wallets (id),
  kind          text NOT NULL CHECK (kind IN ('grant', 'spend', 'refund', 'expiry')),
  amount_cents  integer NOT NULL CHECK (amount_cents <> 0),
  charge_id     uuid REFERENCES voucher_charges (id),
  booking_id    uuid REFERENCES bookings (id),
  actor         text NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind IN ('grant', 'refund')) = (amount_cents > 0)),
  CHECK (kind IN ('spend', 'refund') OR (charge_id IS NULL AND booking_id IS NULL)),
  CHECK (kind NOT IN ('spend', 'refund') OR ((charge_id IS NULL) <> (booking_id IS NULL)))
);
CREATE INDEX voucher_ledger_wallet_idx ON voucher_ledger (wallet_id, id);
CREATE INDEX voucher_ledger_at_idx ON voucher_ledger (at) WHERE charge_id IS NOT NULL;
-- A wallet is granted once; a charge is spent once and refunded at most once.
CREATE UNIQUE INDEX voucher_ledger_granted_once ON voucher_ledger (wallet_id) WHERE kind = 'grant';
CREATE UNIQUE INDEX voucher_ledger_charge_spent_once ON voucher_ledger (charge_id) WHERE kind = 'spend';
CREATE UNIQUE INDEX voucher_ledger_charge_refunded_once ON voucher_ledger (charge_id) WHERE kind = 'refund';
CREATE TRIGGER voucher_ledger_append_only BEFORE UPDATE OR DELETE ON voucher_ledger
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- The voucher wallet that paid a booking is one of these wallets.
ALTER TABLE payments ADD CONSTRAINT payments_voucher_wallet_fkey
  FOREIGN KEY (voucher_wallet) REFERENCES voucher_wallets (id);
