-- Spending someone else's welfare credit needs their consent (issue 17, point 7). The employee
-- spends their own credit (signed in as themselves, or at a kiosk where they gave their PIN); when
-- anyone else (an operator, a welfare manager, a supervisor) asks to pay a booking with a person's
-- credit, a consent request is written instead of a debit, and the person approves or refuses it
-- (in the portal, at a kiosk where they are identified), or gives their kiosk PIN to the requester.
-- Each request is one row that records its decision (who, when, how) once and then never changes.
CREATE TABLE welfare_consents (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id    uuid NOT NULL REFERENCES employees (account_id),
  booking_id    uuid NOT NULL REFERENCES bookings (id),
  amount_cents  integer NOT NULL CHECK (amount_cents > 0),
  requested_by  text NOT NULL,
  requested_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  decided_by    text,
  decided_how   text CHECK (decided_how IN ('portal', 'kiosk', 'pin')),
  decided_at    timestamptz,
  -- Nobody asks themselves: the owner's own spending needs no request.
  CHECK (requested_by <> account_id::text),
  CHECK (expires_at > requested_at),
  CHECK ((status = 'pending') = (decided_by IS NULL)),
  CHECK ((status = 'pending') = (decided_how IS NULL)),
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  -- A PIN proves consent to an approval; a refusal is the person's own word.
  CHECK (status <> 'refused' OR decided_how IN ('portal', 'kiosk'))
);
-- One open request (pending or approved) per booking: a booking is paid at most once.
CREATE UNIQUE INDEX welfare_consents_one_per_booking ON welfare_consents (booking_id)
  WHERE status IN ('pending', 'approved');
CREATE INDEX welfare_consents_account_idx ON welfare_consents (account_id, requested_at DESC);

-- Who may decide, and when: the owner in the portal, a kiosk while the owner is identified there,
-- or anyone who was given the owner's PIN (checked against its Argon2id hash before this runs: the
-- database records who typed it). An approval comes before the request expires. Once decided, a
-- request never changes again, and none is ever deleted.
CREATE FUNCTION welfare_consent_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.status <> 'pending' THEN
      RAISE EXCEPTION 'a welfare consent is decided once' USING ERRCODE = 'restrict_violation',
        CONSTRAINT = 'welfare_consent_decided_once';
    END IF;
    IF (NEW.account_id, NEW.booking_id, NEW.amount_cents, NEW.requested_by, NEW.requested_at, NEW.expires_at)
       IS DISTINCT FROM (OLD.account_id, OLD.booking_id, OLD.amount_cents, OLD.requested_by, OLD.requested_at, OLD.expires_at) THEN
      RAISE EXCEPTION 'a welfare consent request is not edited' USING ERRCODE = 'restrict_violation',
        CONSTRAINT = 'welfare_consent_decided_once';
    END IF;
  END IF;
  IF NEW.status = 'pending' THEN
    RETURN NEW;
  END IF;
  IF NOT ((NEW.decided_how = 'portal' AND NEW.decided_by = NEW.account_id::text)
          OR (NEW.decided_how = 'kiosk' AND NEW.decided_by LIKE 'kiosk:%'
              AND kiosk_may_act_for(NEW.decided_by, NEW.account_id::text))
          OR (NEW.decided_how = 'pin' AND NEW.decided_by <> NEW.account_id::text AND NEW.decided_by NOT LIKE 'kiosk:%')) THEN
    RAISE EXCEPTION 'only the person decides on spending their welfare credit' USING ERRCODE = 'insufficient_privilege',
      CONSTRAINT = 'welfare_consent_by_owner';
  END IF;
  IF NEW.status = 'approved' AND NEW.decided_at >= NEW.expires_at THEN
    RAISE EXCEPTION 'the welfare consent request has expired' USING ERRCODE = 'check_violation',
      CONSTRAINT = 'welfare_consent_in_time';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER welfare_consents_decision BEFORE INSERT OR UPDATE ON welfare_consents
  FOR EACH ROW EXECUTE FUNCTION welfare_consent_decision();
CREATE TRIGGER welfare_consents_kept BEFORE DELETE ON welfare_consents
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- The payment names the consent it spends; a consent is spent once, a booking is paid once
-- (a cancellation refunds it and the booking is over; a reschedule moves the payment, not the ledger).
ALTER TABLE wallet_ledger ADD COLUMN consent_id uuid REFERENCES welfare_consents (id);
CREATE UNIQUE INDEX wallet_ledger_consent_spent_once ON wallet_ledger (consent_id) WHERE consent_id IS NOT NULL;
CREATE UNIQUE INDEX wallet_ledger_booking_paid_once ON wallet_ledger (booking_id) WHERE kind = 'payment';

-- The backstop behind BookingService and WelfareConsentService: whatever code path writes it, a
-- payment comes from the wallet of the booking's own person, and unless that person is the actor
-- (or a kiosk where they are identified now: V13's trigger checks that) it spends an approved
-- consent for that very booking and amount.
CREATE FUNCTION wallet_payment_consented() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  consent welfare_consents;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM bookings b WHERE b.id = NEW.booking_id AND b.person = NEW.account_id::text) THEN
    RAISE EXCEPTION 'a welfare payment pays a booking of the wallet''s owner' USING ERRCODE = 'insufficient_privilege',
      CONSTRAINT = 'wallet_payment_consented';
  END IF;
  IF NEW.consent_id IS NULL THEN
    IF NEW.actor = NEW.account_id::text OR NEW.actor LIKE 'kiosk:%' THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'spending another person''s welfare credit needs their approved consent'
      USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'wallet_payment_consented';
  END IF;
  SELECT * INTO consent FROM welfare_consents WHERE id = NEW.consent_id;
  IF consent.status IS DISTINCT FROM 'approved' OR consent.account_id <> NEW.account_id
     OR consent.booking_id <> NEW.booking_id OR consent.amount_cents <> -NEW.amount_cents THEN
    RAISE EXCEPTION 'the welfare payment does not match an approved consent' USING ERRCODE = 'insufficient_privilege',
      CONSTRAINT = 'wallet_payment_consented';
  END IF;
  RETURN NEW;
END $$;
-- Named to fire after V13's wallet_payment_kiosk_person (triggers fire in name order), whose answer is the more specific.
CREATE TRIGGER wallet_payment_owner_consent BEFORE INSERT ON wallet_ledger
  FOR EACH ROW WHEN (NEW.kind = 'payment') EXECUTE FUNCTION wallet_payment_consented();

-- How a consent request is shown, everywhere (portal, kiosk, console, the answers of every change).
-- A pending request whose time ran out, whose booking is no longer confirmed or is paid already
-- shows as 'lapsed': nothing can approve it any more (WelfareConsentRepository.approve says the same).
CREATE FUNCTION welfare_consent_json(c welfare_consents) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object(
      'id', c.id, 'person', c.account_id, 'bookingId', c.booking_id, 'bookingCode', b.code,
      'serviceTitle', sv.title, 'start', rome_iso(b.starts_at), 'places', b.places,
      'amountCents', c.amount_cents, 'requestedBy', c.requested_by,
      'requestedByName', coalesce(a.display_name, c.requested_by),
      'requestedAt', utc_iso(c.requested_at), 'expiresAt', utc_iso(c.expires_at),
      'status', CASE WHEN c.status = 'pending'
                      AND (c.expires_at <= now() OR b.status <> 'confirmed' OR b.paid_cents > 0) THEN 'lapsed'
                     ELSE c.status END)
    || CASE WHEN c.status = 'pending' THEN '{}'::jsonb
            ELSE jsonb_build_object('decidedBy', c.decided_by, 'decidedHow', c.decided_how,
                                    'decidedAt', utc_iso(c.decided_at)) END
    FROM bookings b JOIN services sv ON sv.id = b.service_id
    LEFT JOIN accounts a ON a.id::text = c.requested_by
   WHERE b.id = c.booking_id
$$;
