-- Kiosk mode (workplace welfare points and Social Points). An employee identifies at a signed-in
-- kiosk device with badge or codice fiscale plus a PIN; the identification opens a short
-- kiosk session, and a kiosk may act for a person only while such a session is live at that device.

-- One PIN per employee, chosen by the employee. Argon2id hash (PasswordHasher), never the PIN.
-- Failed attempts are claimed atomically before the PIN is checked, like logins (AuthRepository).
CREATE TABLE kiosk_pins (
  account_id       uuid PRIMARY KEY REFERENCES employees (account_id),
  pin_hash         text NOT NULL CHECK (pin_hash LIKE '$argon2id$%'),
  failed_attempts  integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until     timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Wrong identifications per device in a sliding window: a kiosk is in a public hallway, so
-- trying one PIN against many badges is slowed down per device, not only per person.
CREATE TABLE kiosk_device_attempts (
  device_id         uuid PRIMARY KEY REFERENCES kiosk_devices (id),
  window_started_at timestamptz NOT NULL,
  attempts          integer NOT NULL CHECK (attempts >= 0)
);

-- A person identified at a device. Ends when the kiosk says so (done, idle timeout, the next
-- person) or at expires_at, whichever comes first.
CREATE TABLE kiosk_sessions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id      uuid NOT NULL REFERENCES kiosk_devices (id),
  account_id     uuid NOT NULL REFERENCES accounts (id),
  identified_by  text NOT NULL CHECK (identified_by IN ('badge', 'codice_fiscale')),
  started_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  ended_at       timestamptz,
  CHECK (expires_at > started_at),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX kiosk_sessions_live_idx ON kiosk_sessions (device_id, account_id) WHERE ended_at IS NULL;

-- True while `person` has a live kiosk session at the device whose subject is `actor`
-- ('kiosk:<device id>'). Anything else than a kiosk subject is not this function's business.
CREATE FUNCTION kiosk_may_act_for(actor text, person text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT actor NOT LIKE 'kiosk:%' OR EXISTS (
    SELECT 1 FROM kiosk_sessions s
     WHERE s.device_id::text = substr(actor, 7) AND s.account_id::text = person
       AND s.ended_at IS NULL AND s.expires_at > now())
$$;

-- The backstop behind the HTTP check (KioskRoutes): whatever path a kiosk's request takes, a
-- booking, a place in a waiting line or a welfare payment made by a kiosk needs the person
-- identified at that very kiosk, now.
CREATE FUNCTION kiosk_person_identified() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor  text;
  person text;
BEGIN
  IF TG_TABLE_NAME = 'wallet_ledger' THEN
    actor := NEW.actor;
    person := NEW.account_id::text;
  ELSE
    actor := NEW.acted_by;
    person := NEW.person;
  END IF;
  IF NOT kiosk_may_act_for(actor, person) THEN
    RAISE EXCEPTION 'a kiosk acts only for a person identified at it in the last minutes'
      USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'kiosk_person_identified';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER bookings_kiosk_person BEFORE INSERT ON bookings
  FOR EACH ROW WHEN (NEW.acted_by LIKE 'kiosk:%') EXECUTE FUNCTION kiosk_person_identified();
CREATE TRIGGER waitlist_kiosk_person BEFORE INSERT ON waitlist_entries
  FOR EACH ROW WHEN (NEW.acted_by LIKE 'kiosk:%') EXECUTE FUNCTION kiosk_person_identified();
CREATE TRIGGER wallet_payment_kiosk_person BEFORE INSERT ON wallet_ledger
  FOR EACH ROW WHEN (NEW.actor LIKE 'kiosk:%' AND NEW.kind = 'payment') EXECUTE FUNCTION kiosk_person_identified();
