-- Notifications (issue 19): the outbox written by every booking change is read by a relay that
-- turns each row into messages (e-mail, SMS, webhook), one row per message with its own state.

-- Where a person can be told, in which language. Sign-up (issue 20) fills these; demo data sets them.
ALTER TABLE accounts ADD COLUMN email text
  CHECK (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$');
ALTER TABLE accounts ADD COLUMN language text NOT NULL DEFAULT 'it' CHECK (language IN ('it', 'en'));

-- Messages about a cooperative's service go out under its name; replies reach this address.
ALTER TABLE providers ADD COLUMN reply_to_email text
  CHECK (length(reply_to_email) <= 254 AND reply_to_email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$');

-- Per person: the channels wanted (empty: none), quiet hours (Europe/Rome wall clock, may wrap
-- midnight), and whether the optional messages (reminders, chat replies) were unsubscribed.
-- No row means the defaults: e-mail only, no quiet hours, optional messages on.
CREATE TABLE notification_preferences (
  account_id        uuid PRIMARY KEY REFERENCES accounts (id),
  channels          text[] NOT NULL DEFAULT '{email}' CHECK (channels <@ ARRAY['email', 'sms']::text[]),
  quiet_from        time,
  quiet_until       time,
  optional_muted    boolean NOT NULL DEFAULT false,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((quiet_from IS NULL) = (quiet_until IS NULL)),
  CHECK (quiet_from IS NULL OR quiet_from <> quiet_until)
);

-- The outbox now has a reader: a row is planned (turned into messages) once, by whichever node
-- claims it first (FOR UPDATE SKIP LOCKED), in the transaction that writes its messages.
ALTER TABLE outbox RENAME COLUMN delivered_at TO planned_at;
ALTER INDEX outbox_pending_idx RENAME TO outbox_unplanned_idx;
COMMENT ON TABLE outbox IS 'What a change should tell people, written in the transaction of the change; '
  'the notifications relay plans each row into notification_messages once (planned_at).';

-- One message to one address over one channel. Its id is the idempotency key a receiver can dedupe
-- on (the e-mail Message-ID, the SMS gateway''s message id, the webhook''s delivery id), so a retry
-- after a crash between "sent" and its record is recognisable as the same message.
--   queued  never tried        failed  tried, retried at next_attempt_at (capped exponential backoff)
--   sent    accepted by the server or gateway                dead    given up after the last attempt
-- A sender claims due rows by setting lease_until (FOR UPDATE SKIP LOCKED): a node that dies
-- mid-batch leaves leases that expire, and another node takes the rows over.
CREATE TABLE notification_messages (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  outbox_id        bigint REFERENCES outbox (id) ON DELETE SET NULL,
  kind             text NOT NULL CHECK (kind ~ '^[a-z]+(\.[a-z-]+)+$'),
  channel          text NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),
  recipient        text,
  address          text NOT NULL CHECK (length(address) BETWEEN 3 AND 2000),
  language         text NOT NULL CHECK (language IN ('it', 'en')),
  content          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'failed', 'sent', 'dead')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  lease_until      timestamptz,
  last_error       text,
  last_response    jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
-- A planned outbox row yields each message once, even if two nodes planned it.
CREATE UNIQUE INDEX notification_messages_once_idx ON notification_messages (outbox_id, channel, address)
  WHERE outbox_id IS NOT NULL;
CREATE INDEX notification_messages_due_idx ON notification_messages (next_attempt_at)
  WHERE status IN ('queued', 'failed');
CREATE INDEX notification_messages_status_idx ON notification_messages (status, created_at);
CREATE INDEX notification_messages_recipient_idx ON notification_messages (recipient, created_at)
  WHERE recipient IS NOT NULL;

-- Reminders before the start: minutes before, per service (default one day and two hours).
ALTER TABLE services ADD COLUMN reminder_minutes integer[] NOT NULL DEFAULT '{1440,120}'
  CHECK (cardinality(reminder_minutes) <= 4 AND 10 <= ALL (reminder_minutes) AND 20160 >= ALL (reminder_minutes));
-- Each reminder of a booking is announced once: the row is claimed with the outbox row it writes.
CREATE TABLE booking_reminders (
  booking_id      uuid NOT NULL REFERENCES bookings (id),
  minutes_before  integer NOT NULL,
  announced_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (booking_id, minutes_before)
);
-- Finding the reminders due is a range scan over confirmed bookings starting soon.
CREATE INDEX bookings_confirmed_start_idx ON bookings (starts_at) WHERE status = 'confirmed';

-- The key that signs links in messages (manage my booking, unsubscribe): made once here so every
-- node signs and checks alike (as attempt_secret, V19).
CREATE TABLE link_secret (
  only_one  boolean PRIMARY KEY DEFAULT true CHECK (only_one),
  secret    bytea NOT NULL CHECK (length(secret) = 32)
);
INSERT INTO link_secret (secret)
SELECT sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8'));
