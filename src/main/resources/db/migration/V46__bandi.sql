-- Bandi (calls for applications) of the municipalities and their applications (issue 22). The
-- budget is a hard limit held here: granted_cents never passes budget_cents, and admitting an
-- application is the conditional update that adds its amount (as a hold adds to a slot's taken).

CREATE TABLE bandi (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The Comune that publishes it (a provider of kind municipality) and its municipality.
  comune_id               uuid NOT NULL REFERENCES providers (id),
  municipality            text NOT NULL REFERENCES municipalities (istat_code),
  title                   text NOT NULL CHECK (length(title) BETWEEN 5 AND 200),
  -- A sentence or two in plain words for the list; the body is the bando's full text.
  summary                 text NOT NULL CHECK (length(summary) BETWEEN 10 AND 600),
  body                    text NOT NULL CHECK (length(body) BETWEEN 10 AND 20000),
  -- buoni_spesa: admitted applications get a voucher wallet; contributo: a sum the Comune pays out.
  kind                    text NOT NULL CHECK (kind IN ('buoni_spesa', 'contributo')),
  -- Who may apply: typed rules (bandi.domain), evaluated by one domain function.
  rules                   jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rules) = 'array'),
  -- The amount per household: base + per member beyond the applicant + per child, up to max.
  amount_base_cents       integer NOT NULL CHECK (amount_base_cents >= 0),
  amount_per_member_cents integer NOT NULL DEFAULT 0 CHECK (amount_per_member_cents >= 0),
  amount_per_child_cents  integer NOT NULL DEFAULT 0 CHECK (amount_per_child_cents >= 0),
  amount_max_cents        integer CHECK (amount_max_cents > 0),
  budget_cents            bigint NOT NULL CHECK (budget_cents > 0),
  granted_cents           bigint NOT NULL DEFAULT 0,
  -- The window, as instants (entered and shown in Europe/Rome).
  opens_at                timestamptz NOT NULL,
  closes_at               timestamptz NOT NULL,
  -- first_come: by protocol (the server's receive order) within budget; score: by the rules' points.
  ranking                 text NOT NULL CHECK (ranking IN ('first_come', 'score')),
  -- The documents asked: [{kind, label, required}].
  documents               jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(documents) = 'array'),
  -- buoni_spesa: until when the vouchers can be spent.
  voucher_valid_until     date,
  status                  text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'withdrawn')),
  created_by              text NOT NULL,
  created_at              timestamptz NOT NULL DEFAULT now(),
  published_at            timestamptz,
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bandi_budget_never_exceeded CHECK (granted_cents >= 0 AND granted_cents <= budget_cents),
  CHECK (closes_at > opens_at),
  CHECK ((kind = 'buoni_spesa') = (voucher_valid_until IS NOT NULL)),
  CHECK ((status = 'draft') = (published_at IS NULL))
);
CREATE INDEX bandi_municipality_idx ON bandi (municipality, closes_at DESC);
CREATE INDEX bandi_published_idx ON bandi (closes_at) WHERE status = 'published';

-- The receive order: one sequence for every bando, so a protocol number is unique and, taken in
-- the statement that stores the application, follows the server's receive order.
CREATE SEQUENCE bando_protocol AS bigint;

CREATE TABLE bando_applications (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bando_id        uuid NOT NULL REFERENCES bandi (id),
  -- The applicant's account (as bookings.person), and who filed it (the person, or an operator for a caller).
  person          text NOT NULL,
  filed_by        text NOT NULL,
  protocol        bigint NOT NULL UNIQUE DEFAULT nextval('bando_protocol'),
  received_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- What the form asked, as declared (ISEE, household, the rules' answers).
  answers         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
  household_size  smallint NOT NULL CHECK (household_size BETWEEN 1 AND 20),
  children        smallint NOT NULL DEFAULT 0 CHECK (children >= 0 AND children < household_size),
  -- What admitting it grants (computed by the bando's amount rule when received).
  amount_cents    integer NOT NULL CHECK (amount_cents > 0),
  score           integer,
  status          text NOT NULL DEFAULT 'submitted'
                  CHECK (status IN ('submitted', 'incomplete', 'admitted', 'rejected', 'paid', 'withdrawn')),
  -- Why it was rejected or what is missing, in plain words for the applicant.
  reason          text CHECK (length(reason) BETWEEN 3 AND 2000),
  decided_by      text,
  decided_at      timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (status NOT IN ('rejected', 'incomplete') OR reason IS NOT NULL)
);
CREATE INDEX bando_applications_queue_idx ON bando_applications (bando_id, status, protocol);
CREATE INDEX bando_applications_person_idx ON bando_applications (person, received_at DESC);

-- One application per household: every member's codice fiscale once among a bando's live
-- applications (a rejected or withdrawn one frees its household to apply again).
CREATE TABLE bando_household_members (
  application_id  uuid NOT NULL REFERENCES bando_applications (id) ON DELETE CASCADE,
  bando_id        uuid NOT NULL REFERENCES bandi (id),
  codice_fiscale  text NOT NULL CHECK (codice_fiscale ~ '^[A-Z0-9]{16}$'),
  relation        text NOT NULL CHECK (relation IN ('applicant', 'partner', 'child', 'other')),
  birth_date      date,
  live            boolean NOT NULL DEFAULT true,
  PRIMARY KEY (application_id, codice_fiscale)
);
CREATE UNIQUE INDEX bando_one_application_per_household ON bando_household_members (bando_id, codice_fiscale) WHERE live;

-- Uploaded documents, in the database (never under webroot, on every node alike), served only to
-- the applicant and the Comune's officers. The type is the one read from the content.
CREATE TABLE bando_documents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id  uuid NOT NULL REFERENCES bando_applications (id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (length(kind) BETWEEN 2 AND 60),
  filename        text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  content_type    text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes      integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  sha256          bytea NOT NULL CHECK (length(sha256) = 32),
  content         bytea NOT NULL,
  uploaded_by     text NOT NULL,
  uploaded_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (length(content) = size_bytes)
);
CREATE INDEX bando_documents_application_idx ON bando_documents (application_id);

-- Every change of an application's status, for the applicant's history and the officers' audit.
CREATE TABLE bando_application_events (
  id              bigserial PRIMARY KEY,
  application_id  uuid NOT NULL REFERENCES bando_applications (id) ON DELETE CASCADE,
  status          text NOT NULL,
  reason          text,
  actor           text NOT NULL,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bando_application_events_application_idx ON bando_application_events (application_id, id);
