-- Local accounts, sessions with rotating refresh tokens, kiosk devices, bridge tickets, idempotency.
CREATE TABLE accounts (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username        text NOT NULL CHECK (username ~ '^[a-z0-9._@-]{3,120}$'),
  display_name    text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash   text NOT NULL,
  roles           text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[
                    'citizen','employee','operator','welfare_manager','supervisor',
                    'provider_admin','hr_admin','kiosk']::text[]),
  provider_id     uuid REFERENCES providers (id),
  company_id      uuid REFERENCES companies (id),
  municipality    text REFERENCES municipalities (istat_code),
  failed_logins   integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until    timestamptz,
  disabled_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- A provider admin always belongs to a cooperative, an HR admin or employee to a company.
  CHECK (NOT ('provider_admin' = ANY (roles)) OR provider_id IS NOT NULL),
  CHECK (NOT ('hr_admin' = ANY (roles) OR 'employee' = ANY (roles)) OR company_id IS NOT NULL)
);
CREATE UNIQUE INDEX accounts_username_key ON accounts (lower(username));

CREATE TABLE kiosk_devices (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  label         text NOT NULL CHECK (length(label) BETWEEN 2 AND 120),
  location      text NOT NULL CHECK (length(location) BETWEEN 2 AND 200),
  company_id    uuid REFERENCES companies (id),
  municipality  text REFERENCES municipalities (istat_code),
  -- SHA-256 of a 256-bit random secret: high-entropy, so a slow hash adds nothing.
  secret_hash   bytea NOT NULL,
  created_by    uuid NOT NULL REFERENCES accounts (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);

-- One sign-in (of a person or a kiosk device); revoking it kills its refresh tokens and access tokens.
CREATE TABLE auth_sessions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id      uuid REFERENCES accounts (id),
  kiosk_device_id uuid REFERENCES kiosk_devices (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  CHECK ((account_id IS NULL) <> (kiosk_device_id IS NULL))
);
CREATE INDEX auth_sessions_account_idx ON auth_sessions (account_id);
CREATE INDEX auth_sessions_revoked_idx ON auth_sessions (revoked_at) WHERE revoked_at IS NOT NULL;

CREATE TABLE refresh_tokens (
  token_hash    bytea PRIMARY KEY,
  session_id    uuid NOT NULL REFERENCES auth_sessions (id),
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Short-lived single-use tickets that open an event-bus socket without a token in the URL.
CREATE TABLE bridge_tickets (
  ticket_hash   bytea PRIMARY KEY,
  identity      jsonb NOT NULL,
  expires_at    timestamptz NOT NULL
);

-- First outcome of every state-changing call, keyed by who made it and the Idempotency-Key they sent.
CREATE TABLE idempotency_keys (
  principal     text NOT NULL,
  idem_key      text NOT NULL CHECK (length(idem_key) BETWEEN 8 AND 200),
  request_hash  bytea NOT NULL,
  status        integer NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, idem_key)
);
