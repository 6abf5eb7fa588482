-- Staff management (issue 20): supervisors create, change, disable and re-enable staff accounts;
-- a cooperative's admin does the same for the admins of their own cooperative. Every change is
-- kept here, append-only: who did what to whom, when, and the roles and work settings before and
-- after (never a password: staff accounts are created without one).
CREATE TABLE staff_audit (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       uuid NOT NULL REFERENCES accounts (id),
  action      text NOT NULL CHECK (action IN ('created', 'changed', 'disabled', 'enabled')),
  target      uuid NOT NULL REFERENCES accounts (id),
  -- The target's cooperative when the change was made: a cooperative's admin reads its own rows.
  provider_id uuid REFERENCES providers (id),
  -- {roles[], providerId?, companyId?, queues[], areas[], languages[], maxChats?, disabled}
  before      jsonb,
  after       jsonb NOT NULL
);
CREATE INDEX staff_audit_at_idx ON staff_audit (at DESC);
CREATE INDEX staff_audit_target_idx ON staff_audit (target, at DESC);
CREATE TRIGGER staff_audit_append_only BEFORE UPDATE OR DELETE ON staff_audit
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- At least one enabled supervisor, always: otherwise nobody could manage staff any more. Checked
-- after any change that disables a supervisor or takes the role away. The advisory lock makes two
-- such changes at once take turns, and each statement of a volatile function sees what committed
-- before it, so the second one counts the first one's change and is refused.
CREATE FUNCTION keep_one_supervisor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('accounts_last_supervisor'));
  IF NOT EXISTS (SELECT 1 FROM accounts WHERE 'supervisor' = ANY (roles) AND disabled_at IS NULL) THEN
    RAISE EXCEPTION 'the last enabled supervisor must stay'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'accounts_last_supervisor';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER accounts_last_supervisor AFTER UPDATE OF roles, disabled_at ON accounts
  FOR EACH ROW
  WHEN ('supervisor' = ANY (OLD.roles) AND OLD.disabled_at IS NULL
        AND (NOT ('supervisor' = ANY (NEW.roles)) OR NEW.disabled_at IS NOT NULL))
  EXECUTE FUNCTION keep_one_supervisor();
