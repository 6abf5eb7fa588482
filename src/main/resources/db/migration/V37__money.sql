-- Money (issue 21). What a booking costs is fixed when it is held, so the price shown is the
-- price charged; each way it is paid (welfare credit, municipal voucher, card, at the provider) is
-- a payment with its own state; every movement of money for a booking is a row of money_ledger,
-- which only grows. The network never holds the families' money: card payments go to the
-- provider's own Stripe connected account.

-- Tariff units: by the hour (pro rata of the slot's length), the session, the day, the place;
-- services sold by the week or the month are enrolments over a period.
ALTER TABLE services DROP CONSTRAINT services_tariff_unit_check;
ALTER TABLE services ADD CONSTRAINT services_tariff_unit_check
  CHECK (tariff_unit IN ('hour', 'session', 'day', 'place', 'week', 'month'));

-- The price of the booking in cents as quoted when it was held, with the quote's lines as shown
-- (unit, quantity, discounts). Bookings held before prices were quoted keep the rule they were
-- charged by (tariff × places).
ALTER TABLE bookings ADD COLUMN price_cents integer CHECK (price_cents >= 0);
UPDATE bookings b SET price_cents = s.tariff_cents * b.places FROM services s WHERE s.id = b.service_id;
ALTER TABLE bookings ALTER COLUMN price_cents SET NOT NULL;
ALTER TABLE bookings ADD COLUMN price_detail jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Where a provider's card payments go (Stripe Connect); NULL: the provider takes no card payments.
-- The platform's fee, if the network charges one, in basis points of each card payment.
ALTER TABLE providers
  ADD COLUMN stripe_account text UNIQUE CHECK (stripe_account ~ '^acct_[A-Za-z0-9]{1,64}$'),
  ADD COLUMN platform_fee_bps integer NOT NULL DEFAULT 0 CHECK (platform_fee_bps BETWEEN 0 AND 2000);

-- One way a booking is (to be) paid. States: pending (a card checkout under way), due (to be paid
-- at the provider), completed (money received), failed (the card was not charged), cancelled
-- (never to be paid: the hold ended, or the booking was cancelled before paying).
CREATE TABLE payments (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id          uuid NOT NULL REFERENCES bookings (id),
  provider_id         uuid NOT NULL REFERENCES providers (id),
  person              text NOT NULL,
  method              text NOT NULL CHECK (method IN ('welfare_credit', 'voucher', 'card', 'at_provider')),
  amount_cents        integer NOT NULL CHECK (amount_cents > 0),
  refunded_cents      integer NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
  state               text NOT NULL CHECK (state IN ('pending', 'due', 'completed', 'failed', 'cancelled')),
  -- welfare_credit: the plan whose wallet paid.
  wallet_plan         uuid REFERENCES welfare_plans (id),
  -- voucher: the municipal voucher wallet that paid (issue 22 adds the wallets).
  voucher_wallet      uuid,
  -- at_provider: how the provider was paid (recorded by its admin).
  means               text CHECK (means IN ('cash', 'pos', 'bank_transfer')),
  -- card: the Checkout Session on the provider's connected account, and the PaymentIntent it made.
  stripe_account      text,
  stripe_session      text UNIQUE,
  stripe_payment_intent text UNIQUE,
  session_expires_at  timestamptz,
  created_by          text NOT NULL,
  recorded_by         text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  completed_at        timestamptz,
  CHECK (refunded_cents <= amount_cents),
  CHECK (refunded_cents = 0 OR state = 'completed'),
  CHECK ((state = 'completed') = (completed_at IS NOT NULL)),
  CHECK ((method = 'welfare_credit') = (wallet_plan IS NOT NULL)),
  CHECK ((method = 'voucher') = (voucher_wallet IS NOT NULL)),
  CHECK (means IS NULL OR method = 'at_provider'),
  CHECK ((method = 'card') = (stripe_account IS NOT NULL)),
  CHECK (method <> 'card' OR state NOT IN ('pending', 'completed') OR stripe_session IS NOT NULL)
);
-- A booking has at most one live payment per method: a retry or a second click cannot pay twice.
CREATE UNIQUE INDEX payments_one_live_per_method ON payments (booking_id, method)
  WHERE state IN ('pending', 'due', 'completed');
CREATE INDEX payments_booking_idx ON payments (booking_id);
CREATE INDEX payments_provider_idx ON payments (provider_id, created_at);
CREATE INDEX payments_person_idx ON payments (person, created_at);
CREATE INDEX payments_pending_card_idx ON payments (session_expires_at) WHERE state = 'pending';

-- A refund of (part of) a completed payment. Card refunds are asked of Stripe (pending) and
-- completed by its charge.refunded webhook; the others complete at once.
CREATE TABLE refunds (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_id    uuid NOT NULL REFERENCES payments (id),
  amount_cents  integer NOT NULL CHECK (amount_cents > 0),
  state         text NOT NULL CHECK (state IN ('pending', 'completed', 'failed')),
  reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  stripe_refund text UNIQUE,
  requested_by  text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  completed_at  timestamptz,
  CHECK ((state = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX refunds_payment_idx ON refunds (payment_id);

-- Every movement of a booking's money: a payment received (+) or a refund given (−). For every
-- booking the sum is what it was paid net of refunds; receipts and credit notes are issued from
-- these rows, statements are summed from them.
CREATE TABLE money_ledger (
  id            bigserial PRIMARY KEY,
  payment_id    uuid NOT NULL REFERENCES payments (id),
  refund_id     uuid UNIQUE REFERENCES refunds (id),
  booking_id    uuid NOT NULL REFERENCES bookings (id),
  provider_id   uuid NOT NULL REFERENCES providers (id),
  method        text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('payment', 'refund')),
  amount_cents  integer NOT NULL CHECK (amount_cents <> 0),
  actor         text NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'payment') = (amount_cents > 0)),
  CHECK ((kind = 'refund') = (refund_id IS NOT NULL))
);
-- A payment is received once; a refund is given once (refund_id UNIQUE).
CREATE UNIQUE INDEX money_ledger_paid_once ON money_ledger (payment_id) WHERE kind = 'payment';
CREATE INDEX money_ledger_booking_idx ON money_ledger (booking_id);
CREATE INDEX money_ledger_provider_idx ON money_ledger (provider_id, at);
CREATE TRIGGER money_ledger_append_only BEFORE UPDATE OR DELETE ON money_ledger
  FOR EACH ROW EXECUTE FUNCTION forbid_change();
