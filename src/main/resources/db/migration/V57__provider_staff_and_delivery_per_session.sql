-- Issue 23, points 1 and 2: a cooperative's staff (provider_staff) who see the day and record
-- delivery, and delivery recorded per session: an enrolment (V43: one booking, many slots) has one
-- delivery record per slot it covers, in the month of that slot; an ordinary booking keeps one
-- record, on its own slot. project_use counts a session's share of the enrolment's price.

-- ---- provider_staff ------------------------------------------------------------------------------
ALTER TABLE accounts DROP CONSTRAINT accounts_roles_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[
  'citizen','employee','operator','welfare_manager','supervisor','provider_admin','hr_admin','kiosk',
  'privacy_officer','municipal_officer','provider_staff']::text[]);
-- A cooperative's staff belong to one cooperative, as its admins do.
ALTER TABLE accounts ADD CONSTRAINT accounts_provider_staff_cooperative
  CHECK (NOT ('provider_staff' = ANY (roles)) OR provider_id IS NOT NULL);

-- ---- delivery per session ------------------------------------------------------------------------
-- The records written so far are of each booking's own slot (an enrolment's first one); the
-- closed-month and append-only triggers are set aside for this one rewrite of the key, inside this
-- migration's transaction only.
ALTER TABLE delivery_history DROP CONSTRAINT delivery_history_booking_id_fkey;
ALTER TABLE delivery_corrections DROP CONSTRAINT delivery_corrections_booking_id_fkey;
ALTER TABLE delivery_records DROP CONSTRAINT delivery_records_pkey;

ALTER TABLE delivery_records ADD COLUMN slot_id uuid REFERENCES slots (id);
ALTER TABLE delivery_history ADD COLUMN slot_id uuid;
ALTER TABLE delivery_corrections ADD COLUMN slot_id uuid;

ALTER TABLE delivery_records DISABLE TRIGGER delivery_records_closed_month;
ALTER TABLE delivery_history DISABLE TRIGGER delivery_history_append_only;
ALTER TABLE delivery_corrections DISABLE TRIGGER delivery_corrections_append_only;
UPDATE delivery_records d SET slot_id = b.slot_id FROM bookings b WHERE b.id = d.booking_id;
UPDATE delivery_history h SET slot_id = b.slot_id FROM bookings b WHERE b.id = h.booking_id;
UPDATE delivery_corrections k SET slot_id = b.slot_id FROM bookings b WHERE b.id = k.booking_id;
ALTER TABLE delivery_records ENABLE TRIGGER delivery_records_closed_month;
ALTER TABLE delivery_history ENABLE TRIGGER delivery_history_append_only;
ALTER TABLE delivery_corrections ENABLE TRIGGER delivery_corrections_append_only;

ALTER TABLE delivery_records ALTER COLUMN slot_id SET NOT NULL;
ALTER TABLE delivery_history ALTER COLUMN slot_id SET NOT NULL;
ALTER TABLE delivery_corrections ALTER COLUMN slot_id SET NOT NULL;
ALTER TABLE delivery_records ADD PRIMARY KEY (booking_id, slot_id);
ALTER TABLE delivery_history DROP CONSTRAINT delivery_history_pkey;
ALTER TABLE delivery_history ADD PRIMARY KEY (booking_id, slot_id, version);
ALTER TABLE delivery_history ADD FOREIGN KEY (booking_id, slot_id) REFERENCES delivery_records (booking_id, slot_id);
ALTER TABLE delivery_corrections DROP CONSTRAINT delivery_corrections_booking_id_version_key;
ALTER TABLE delivery_corrections ADD UNIQUE (booking_id, slot_id, version);
ALTER TABLE delivery_corrections ADD FOREIGN KEY (booking_id, slot_id) REFERENCES delivery_records (booking_id, slot_id);

-- A record is of one of the booking's sessions: a slot of booking_slots for an enrolment, the
-- booking's own slot otherwise.
CREATE FUNCTION delivery_records_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (EXISTS (SELECT 1 FROM booking_slots bs WHERE bs.booking_id = NEW.booking_id AND bs.slot_id = NEW.slot_id)
          OR EXISTS (SELECT 1 FROM bookings b WHERE b.id = NEW.booking_id AND b.slot_id = NEW.slot_id
                      AND NOT EXISTS (SELECT 1 FROM booking_slots bs WHERE bs.booking_id = b.id))) THEN
    RAISE EXCEPTION 'slot % is not a session of booking %', NEW.slot_id, NEW.booking_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'delivery_records_session';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER delivery_records_session BEFORE INSERT OR UPDATE OF booking_id, slot_id ON delivery_records
  FOR EACH ROW EXECUTE FUNCTION delivery_records_session();

-- The sessions of a booking: each slot of an enrolment, or the booking's own slot.
CREATE FUNCTION booking_sessions(booking uuid)
RETURNS TABLE (slot_id uuid, starts_at timestamptz, ends_at timestamptz) LANGUAGE sql STABLE AS $$
  SELECT s.id, s.starts_at, s.ends_at FROM booking_slots bs JOIN slots s ON s.id = bs.slot_id WHERE bs.booking_id = booking
  UNION ALL
  SELECT b.slot_id, b.starts_at, b.ends_at FROM bookings b
   WHERE b.id = booking AND NOT EXISTS (SELECT 1 FROM booking_slots bs WHERE bs.booking_id = booking)
$$;

-- ---- what a project used, per session ------------------------------------------------------------
-- Per booking: the minutes its records count (delivered: the session's booked minutes, partial: the
-- actual ones) and its price's share, price x counted session minutes / all its booked minutes,
-- rounded down to the cent once per booking (integer division) (so an ordinary booking delivered counts its price,
-- an enrolment delivered in full counts its whole price). delivered_bookings: bookings with at
-- least one session delivered in full or in part; delivered_sessions: such sessions.
CREATE OR REPLACE VIEW project_use AS
SELECT p.id AS project_id,
       count(u.booking_id) FILTER (WHERE u.sessions > 0)::bigint AS delivered_bookings,
       coalesce(sum(u.minutes), 0)::bigint                        AS delivered_minutes,
       coalesce(sum(u.cents), 0)::bigint                          AS delivered_cents,
       coalesce(sum(u.sessions), 0)::bigint                       AS delivered_sessions
  FROM projects p
  LEFT JOIN LATERAL (
    SELECT b.id AS booking_id,
           sum(d.minutes) AS minutes,
           count(*) FILTER (WHERE d.outcome <> 'no_show') AS sessions,
           (b.price_cents::bigint * sum(CASE d.outcome
                                          WHEN 'delivered' THEN round(extract(epoch FROM s.ends_at - s.starts_at) / 60)::bigint
                                          WHEN 'partial' THEN d.minutes::bigint
                                          ELSE 0 END)::bigint)
             / greatest(1, (SELECT sum(round(extract(epoch FROM x.ends_at - x.starts_at) / 60))
                              FROM booking_sessions(b.id) x)::bigint) AS cents
      FROM bookings b
      JOIN delivery_records d ON d.booking_id = b.id
      JOIN booking_sessions(b.id) s ON s.slot_id = d.slot_id
     WHERE b.project_id = p.id
     GROUP BY b.id, b.price_cents) u ON true
 GROUP BY p.id;
