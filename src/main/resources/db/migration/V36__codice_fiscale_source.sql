-- Where an account's codice fiscale came from, so that a code someone only typed cannot capture
-- the person it belongs to (found by review of issue 20): whoever signs up with another person's
-- codice fiscale must not become that person when the real one signs in with SPID or CIE, or when
-- their employer imports them. Proof ranks: identity_provider (SPID/CIE) > employer (the
-- company's payroll) > declared (typed at sign-up or on the staff form). A code held at a lower
-- rank yields to a higher one (OidcRepository.releaseDeclared, CompanyRepository.createAccount).
ALTER TABLE accounts ADD COLUMN codice_fiscale_source text
  CHECK (codice_fiscale_source IN ('declared', 'employer', 'identity_provider'));
UPDATE accounts a SET codice_fiscale_source = CASE
    WHEN EXISTS (SELECT 1 FROM oidc_links l WHERE l.account_id = a.id) THEN 'identity_provider'
    WHEN EXISTS (SELECT 1 FROM employees e WHERE e.account_id = a.id) THEN 'employer'
    ELSE 'declared' END
 WHERE codice_fiscale IS NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_codice_fiscale_source_set
  CHECK ((codice_fiscale IS NULL) = (codice_fiscale_source IS NULL));

-- A code written without saying where it came from is an employer's on an employee's account
-- (only companies make employees) and declared otherwise; a code removed takes its source along.
CREATE FUNCTION codice_fiscale_source_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.codice_fiscale IS NULL THEN
    NEW.codice_fiscale_source := NULL;
  ELSIF NEW.codice_fiscale_source IS NULL
     OR (TG_OP = 'UPDATE' AND NEW.codice_fiscale IS DISTINCT FROM OLD.codice_fiscale
         AND NEW.codice_fiscale_source IS NOT DISTINCT FROM OLD.codice_fiscale_source) THEN
    NEW.codice_fiscale_source := CASE WHEN 'employee' = ANY (NEW.roles) THEN 'employer' ELSE 'declared' END;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER accounts_codice_fiscale_source BEFORE INSERT OR UPDATE OF codice_fiscale, codice_fiscale_source
  ON accounts FOR EACH ROW EXECUTE FUNCTION codice_fiscale_source_default();
