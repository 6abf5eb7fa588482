-- E-mail accounts (issue 20): sign-up, verification of an address, forgotten password, change of
-- e-mail, each through a single-use link.

-- The links' secrets, stored as SHA-256 (256 random bits: a slow hash adds nothing). One row per
-- link sent; used_at makes it single-use, expires_at short-lived.
--   verify-email    proves {email} belongs to the account (at sign-up, or the new address of a change)
--   password-reset  proves the account's current address; sets a password ("primo accesso" too)
CREATE TABLE account_tokens (
  token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  account_id  uuid NOT NULL REFERENCES accounts (id),
  purpose     text NOT NULL CHECK (purpose IN ('verify-email', 'password-reset')),
  email       text CHECK (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  CHECK ((purpose = 'verify-email') = (email IS NOT NULL)),
  CHECK (expires_at > created_at)
);
CREATE INDEX account_tokens_account_idx ON account_tokens (account_id, purpose) WHERE used_at IS NULL;
CREATE INDEX account_tokens_expires_idx ON account_tokens (expires_at);

-- The privacy notice accepted at sign-up (the minimum; consents with their versions are the
-- privacy part's own tables, which may take this time as the first acceptance).
ALTER TABLE accounts ADD COLUMN privacy_notice_accepted_at timestamptz;

-- Sign-up, reset and verification requests are counted per address and per source like sign-ins
-- (AttemptThrottle), before anyone looks up whether the address has an account.
ALTER TABLE attempt_counters DROP CONSTRAINT attempt_counters_purpose_check;
ALTER TABLE attempt_counters ADD CONSTRAINT attempt_counters_purpose_check
  CHECK (purpose IN ('login', 'kiosk', 'sign-up', 'password-reset', 'email-verification'));
