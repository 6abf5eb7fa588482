-- Holds and bookings. Places are taken by a conditional UPDATE of slots.taken in the same short
-- transaction that writes the booking (never check-then-insert); the slots CHECK is the backstop.
CREATE TABLE bookings (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Read over the phone: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
  code            text NOT NULL UNIQUE CHECK (code ~ '^[ACDEFGHJKMNPQRTUVWXY34679]{8}$'),
  slot_id         uuid NOT NULL REFERENCES slots (id),
  service_id      uuid NOT NULL REFERENCES services (id),
  resource_id     uuid NOT NULL REFERENCES resources (id),
  starts_at       timestamptz NOT NULL,
  ends_at         timestamptz NOT NULL,
  places          integer NOT NULL CHECK (places BETWEEN 1 AND 50),
  status          text NOT NULL CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired', 'rescheduled')),
  one_at_a_time   boolean NOT NULL,
  person          text NOT NULL,
  acted_by        text NOT NULL,
  hold_expires_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'held' OR hold_expires_at IS NOT NULL),
  -- A person resource (a carer) is in one place at a time, whatever the slots say.
  EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (one_at_a_time AND status IN ('held', 'confirmed'))
);
CREATE INDEX bookings_person_idx ON bookings (person, starts_at);
CREATE INDEX bookings_slot_live_idx ON bookings (slot_id) WHERE status IN ('held', 'confirmed');
CREATE INDEX bookings_hold_expiry_idx ON bookings (hold_expires_at) WHERE status = 'held';

-- Every change to a booking, who made it and for whom; rows are only ever added.
CREATE TABLE booking_audit (
  id          bigserial PRIMARY KEY,
  booking_id  uuid NOT NULL REFERENCES bookings (id),
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL,
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX booking_audit_booking_idx ON booking_audit (booking_id);

-- Messages for e-mail or SMS delivery, written in the same transaction as what they announce.
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  topic         text NOT NULL,
  recipient     text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  delivered_at  timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE delivered_at IS NULL;

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER booking_audit_append_only BEFORE UPDATE OR DELETE ON booking_audit
  FOR EACH ROW EXECUTE FUNCTION forbid_change();
