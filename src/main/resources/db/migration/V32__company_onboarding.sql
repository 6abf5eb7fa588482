-- Company onboarding (issue 20, point 3): a company's HR admin imports its employees from a CSV
-- file, closes leavers and edits its welfare plans until they are funded.

-- A leaver keeps their employees row (their history, their bookings, what their wallet did) with
-- the day they left; closing is a conditional update (left_on IS NULL), so it happens once.
ALTER TABLE employees ADD COLUMN left_on date;
-- When the import created the person's account and invited them (NULL: the account was theirs
-- already, or the demo data made it). Only an invited account that never signed in may have its
-- e-mail changed by a later import: an address a person chose is theirs.
ALTER TABLE employees ADD COLUMN invited_at timestamptz;
CREATE INDEX employees_company_idx ON employees (company_id) WHERE left_on IS NULL;

-- Every applied import: who, when, which file (SHA-256 of its text), what it did. Never edited.
CREATE TABLE employee_imports (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id     uuid NOT NULL REFERENCES companies (id),
  imported_by    uuid NOT NULL REFERENCES accounts (id),
  imported_at    timestamptz NOT NULL DEFAULT now(),
  file_sha256    bytea NOT NULL CHECK (length(file_sha256) = 32),
  closes_missing boolean NOT NULL,
  rows_total     integer NOT NULL CHECK (rows_total >= 0),
  created        integer NOT NULL CHECK (created >= 0),
  attached       integer NOT NULL CHECK (attached >= 0),
  updated        integer NOT NULL CHECK (updated >= 0),
  unchanged      integer NOT NULL CHECK (unchanged >= 0),
  closed         integer NOT NULL CHECK (closed >= 0),
  CHECK (created + attached + updated + unchanged = rows_total)
);
CREATE INDEX employee_imports_company_idx ON employee_imports (company_id, imported_at DESC);
CREATE TRIGGER employee_imports_append_only BEFORE UPDATE OR DELETE ON employee_imports
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- A plan's terms are what its wallets were funded with: once one wallet is open, they never change.
CREATE FUNCTION welfare_plan_terms_fixed_once_funded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM wallets WHERE plan_id = OLD.id) THEN
    RAISE EXCEPTION 'a funded welfare plan is not edited' USING ERRCODE = 'restrict_violation',
      CONSTRAINT = 'welfare_plan_funded';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER welfare_plans_fixed_once_funded BEFORE UPDATE OR DELETE ON welfare_plans
  FOR EACH ROW EXECUTE FUNCTION welfare_plan_terms_fixed_once_funded();

-- A plan runs within its year, whoever writes it.
ALTER TABLE welfare_plans ADD CONSTRAINT welfare_plans_within_year
  CHECK (extract(year FROM starts_on) = plan_year) NOT VALID;

-- Whatever path funds a plan (the HR's button, an import), a leaver gets no new wallet: the row is
-- skipped, so the funding statement's count and its ledger rows leave them out too.
CREATE FUNCTION wallet_not_for_leavers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM employees WHERE account_id = NEW.account_id AND left_on IS NOT NULL) THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER wallets_not_for_leavers BEFORE INSERT ON wallets
  FOR EACH ROW EXECUTE FUNCTION wallet_not_for_leavers();
