-- Card webhook events already acted on (issue 21). Stripe delivers an event at least once and may
-- replay it: the handler inserts the event's id in the same transaction that acts on it, so a
-- repeat finds the id and changes nothing, and a handler that failed rolled its id back with it.
CREATE TABLE card_events (
  event_id    text PRIMARY KEY CHECK (length(event_id) BETWEEN 1 AND 255),
  kind        text NOT NULL,
  handled_at  timestamptz NOT NULL DEFAULT now()
);

-- Card refunds recorded but not yet asked of Stripe (the request goes after commit; the sweep
-- asks again for any whose request was lost).
CREATE INDEX refunds_pending_card_idx ON refunds (created_at) WHERE state = 'pending' AND stripe_refund IS NULL;

-- Bookings paid with welfare credit before payments had rows of their own (V9 kept only
-- bookings.paid_cents): each gets its completed payment and its ledger row, so that every booking's
-- money is in money_ledger and a later cancellation or reschedule finds the payment it undoes.
WITH paid AS (
  INSERT INTO payments (booking_id, provider_id, person, method, amount_cents, state, wallet_plan, created_by,
                        created_at, completed_at)
  SELECT b.id, sv.provider_id, b.person, 'welfare_credit', b.paid_cents, 'completed', b.paid_from_plan, 'migration',
         b.updated_at, b.updated_at
    FROM bookings b JOIN services sv ON sv.id = b.service_id
   WHERE b.paid_cents > 0 AND b.paid_from_plan IS NOT NULL
  RETURNING *)
INSERT INTO money_ledger (payment_id, booking_id, provider_id, method, kind, amount_cents, actor, at)
SELECT id, booking_id, provider_id, method, 'payment', amount_cents, 'migration', completed_at FROM paid;
