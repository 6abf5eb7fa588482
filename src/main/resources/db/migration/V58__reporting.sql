-- Reporting (issue 23, parts 3 and 6).

-- The key of the pseudonymous person ids in the reports' exports (HMAC-SHA256 of scope, entity and
-- person): one per network, never shown; replacing it gives every person new ids in later files.
CREATE TABLE report_secret (
  only_one  boolean PRIMARY KEY DEFAULT true CHECK (only_one),
  secret    bytea NOT NULL CHECK (length(secret) = 32)
);
INSERT INTO report_secret (secret)
SELECT sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8'));

-- The exports page through a period's confirmed bookings by (starts_at, id).
CREATE INDEX bookings_confirmed_start_id_idx ON bookings (starts_at, id) WHERE status = 'confirmed';
-- The front desk's chats by the day they began.
CREATE INDEX chat_conversations_queued_idx ON chat_conversations (queued_at);
-- A person's account and employment, joined by the text id bookings carry.
CREATE INDEX employees_account_text_idx ON employees ((account_id::text));
CREATE INDEX accounts_id_text_idx ON accounts ((id::text));
