-- Failed sign-ins and kiosk identifications are counted by what was typed and where from, whether
-- or not an account stands behind it (AttemptThrottle), so that a name that exists is answered
-- exactly like one that does not, and one source that guesses wrong slows only itself.

-- The key of the keyed hashes below: names and addresses are personal data, and a plain hash of an
-- IPv4 address or a username is reversed by trying them all. Made once, here, so every node
-- derives the same keys. sha256 over three random UUIDs (gen_random_uuid draws from the
-- operating system's strong random source): 256 bits without the pgcrypto extension.
CREATE TABLE attempt_secret (
  only_one  boolean PRIMARY KEY DEFAULT true CHECK (only_one),
  secret    bytea NOT NULL CHECK (length(secret) = 32)
);
INSERT INTO attempt_secret (secret)
SELECT sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8'));

-- One counter per purpose ('login': a username; 'kiosk': a badge or codice fiscale) and kind:
--   source            attempts from one source (address, kiosk device) in a window; subject_hash is empty
--   subject_at_source failures at one subject from one source; the lock is this source's only.
--                     succeeded_at: this source once got in as this subject (a source the owner uses)
--   subject           failures at one subject from anywhere in a window; source_hash is empty
-- Every attempt is claimed (counted) before it is checked, so parallel guesses cannot pass a limit.
CREATE TABLE attempt_counters (
  purpose            text NOT NULL CHECK (purpose IN ('login', 'kiosk')),
  kind               text NOT NULL CHECK (kind IN ('source', 'subject_at_source', 'subject')),
  subject_hash       bytea NOT NULL,
  source_hash        bytea NOT NULL,
  window_started_at  timestamptz NOT NULL,
  attempts           integer NOT NULL CHECK (attempts >= 0),
  succeeded_at       timestamptz,
  -- Nothing in the row matters after this (its window is over, a trusted source has gone stale).
  forget_after       timestamptz NOT NULL,
  PRIMARY KEY (purpose, kind, subject_hash, source_hash),
  CHECK ((kind = 'source') = (length(subject_hash) = 0)),
  CHECK ((kind = 'subject') = (length(source_hash) = 0)),
  CHECK (succeeded_at IS NULL OR kind = 'subject_at_source')
);
-- Forgetting a subject's counters (a supervisor's unlock, a new PIN) goes by subject.
CREATE INDEX attempt_counters_subject_idx ON attempt_counters (purpose, subject_hash) WHERE kind <> 'source';
CREATE INDEX attempt_counters_forget_idx ON attempt_counters (forget_after);

-- The counters they replace, which existed only for real accounts and so told them apart.
ALTER TABLE accounts DROP COLUMN failed_logins, DROP COLUMN locked_until;
ALTER TABLE kiosk_pins DROP COLUMN failed_attempts, DROP COLUMN locked_until;
DROP TABLE kiosk_device_attempts;
