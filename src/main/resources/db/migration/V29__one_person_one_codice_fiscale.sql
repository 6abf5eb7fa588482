-- Sign-up (issue 20), the ground every way in stands on.

-- One person, one codice fiscale, whichever way they come in: SPID, CIE, an e-mail account, their
-- company's import or a kiosk. It moves from employees (where only employees had one) to accounts.
ALTER TABLE accounts ADD COLUMN codice_fiscale text CHECK (codice_fiscale ~ '^[A-Z0-9]{16}$');
UPDATE accounts a SET codice_fiscale = e.codice_fiscale FROM employees e WHERE e.account_id = a.id;
CREATE UNIQUE INDEX accounts_codice_fiscale_key ON accounts (codice_fiscale);
ALTER TABLE employees DROP COLUMN codice_fiscale;

-- An account may have no password: one who signs in only with SPID or CIE, or an employee
-- invited by their company who has not chosen one yet.
ALTER TABLE accounts ALTER COLUMN password_hash DROP NOT NULL;

-- An e-mail address is trusted to receive sign-in links only once its owner has proved it.
ALTER TABLE accounts ADD COLUMN email_verified_at timestamptz;
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email)) WHERE email IS NOT NULL;

-- Where the residence came from: an identity provider's attribute, or what the person declared
-- (shown as declared).
ALTER TABLE accounts ADD COLUMN municipality_source text NOT NULL DEFAULT 'declared'
  CHECK (municipality_source IN ('declared', 'identity_provider'));

-- E-mail addresses can be usernames (with '+' and up to 254 characters).
ALTER TABLE accounts DROP CONSTRAINT accounts_username_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_username_check CHECK (username ~ '^[a-z0-9._@+-]{3,254}$');

-- The privacy officer (GDPR art. 37-39) reads who read whose personal data.
ALTER TABLE accounts DROP CONSTRAINT accounts_roles_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[
  'citizen','employee','operator','welfare_manager','supervisor','provider_admin','hr_admin','kiosk',
  'privacy_officer']::text[]);

-- Every registered person may use a town Social Point with a PIN, not only employees.
ALTER TABLE kiosk_pins DROP CONSTRAINT kiosk_pins_account_id_fkey;
ALTER TABLE kiosk_pins ADD CONSTRAINT kiosk_pins_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
