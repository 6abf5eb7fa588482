-- Signing in with SPID or CIE through OpenID Connect (issue 20): what a sign-in in flight needs
-- between the browser's two visits, on whichever node each lands, and who came from which provider.

-- A sign-in started: the provider will send the browser back with this state. Kept for minutes,
-- taken once (DELETE ... RETURNING), so a state seen twice is refused. Only a hash of the state is
-- kept: the database does not hold what would complete someone else's sign-in.
CREATE TABLE oidc_authorizations (
  state_hash     bytea PRIMARY KEY,
  provider       text NOT NULL CHECK (provider ~ '^[a-z0-9-]{2,20}$'),
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  -- Same-origin path the person started from (checked before it is stored).
  return_to      text NOT NULL CHECK (return_to ~ '^/[A-Za-z0-9._~/-]*$'),
  expires_at     timestamptz NOT NULL
);
CREATE INDEX oidc_authorizations_expires_at ON oidc_authorizations (expires_at);

-- The provider's account of a person (issuer + subject) belongs to one Sportello account, found by
-- the codice fiscale the verified ID token carried.
CREATE TABLE oidc_links (
  issuer              text NOT NULL,
  subject             text NOT NULL,
  account_id          uuid NOT NULL REFERENCES accounts (id),
  provider            text NOT NULL,
  level_of_assurance  text,
  first_signed_in_at  timestamptz NOT NULL DEFAULT now(),
  last_signed_in_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_links_account_id ON oidc_links (account_id);

-- The browser comes back with a short-lived single-use code in the page's fragment and trades it
-- for its tokens: no token ever travels in a URL. Hash only, as for the state.
CREATE TABLE oidc_handoffs (
  code_hash    bytea PRIMARY KEY,
  account_id   uuid NOT NULL REFERENCES accounts (id),
  expires_at   timestamptz NOT NULL
);
