-- Outbound webhooks (issue 19, point 8): an organisation's own software told what happened, as a
-- signed JSON POST per event to a URL it chose. Each delivery is a notification_messages row of
-- channel 'webhook' whose address is the subscription's id, so retries, dead letters and the
-- delivery log are the relay's own (docs/WEBHOOKS.md).

-- One subscription belongs to exactly one organisation: a cooperative (its provider_admin manages
-- it) or a company (its hr_admin). The secret signs every delivery (HMAC-SHA256): it is kept as it
-- was shown, because signing needs the key itself; a hash of it could check a secret but never
-- sign with one. It leaves the database only to the relay, and once to its creator.
CREATE TABLE webhook_subscriptions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id  uuid REFERENCES providers (id),
  company_id   uuid REFERENCES companies (id),
  url          text NOT NULL CHECK (length(url) <= 2000 AND url ~ '^https?://[^[:space:]]+$'),
  event_types  text[] NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 5
                 AND event_types <@ ARRAY['booking.held', 'booking.confirmed', 'booking.cancelled',
                                          'booking.rescheduled', 'booking.waitlist-offer']::text[]),
  secret       text NOT NULL CHECK (length(secret) BETWEEN 40 AND 100),
  created_by   text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
  created_at   timestamptz NOT NULL DEFAULT now(),
  disabled_at  timestamptz,
  CHECK ((provider_id IS NULL) <> (company_id IS NULL)),
  -- What a person booked is never a company's to know (issue 20: HR sees aggregates only).
  CHECK (company_id IS NULL OR NOT event_types && ARRAY['booking.held', 'booking.confirmed', 'booking.cancelled',
                                                        'booking.rescheduled', 'booking.waitlist-offer']::text[])
);
-- Planning finds a cooperative's live subscriptions for each outbox row of its services.
CREATE INDEX webhook_subscriptions_provider_idx ON webhook_subscriptions (provider_id) WHERE provider_id IS NOT NULL;

-- A subscription's delivery log (its latest messages) is a range scan, not a scan of every message.
CREATE INDEX notification_messages_webhook_idx ON notification_messages (address, created_at)
  WHERE channel = 'webhook';
