-- Enrolments (issue 21): services sold by the week or the month (a summer camp by the week, a nido
-- or a live-in carer by the month) are booked for a whole period, priced per period, with every
-- slot the period covers reserved together. An enrolment is one booking (so confirmation,
-- payments, receipts and statements work on it as on any other): its slot_id is the first covered
-- slot, starts_at/ends_at span the first slot's start to the last one's end, and booking_slots
-- lists every slot it takes, the first included. Whatever gives a booking's places back (cancel,
-- reschedule, hold expiry) gives back those of every row here when there are any.
CREATE TABLE booking_slots (
  booking_id  uuid NOT NULL REFERENCES bookings (id),
  slot_id     uuid NOT NULL REFERENCES slots (id),
  places      integer NOT NULL CHECK (places BETWEEN 1 AND 50),
  PRIMARY KEY (booking_id, slot_id)
);
CREATE INDEX booking_slots_slot_idx ON booking_slots (slot_id);

-- Which of the service's per-person limits (V17) an enrolment of `wanted` places on the `covered`
-- slots would pass, or NULL: 'places-per-booking'; 'places-per-slot' (on any covered slot, the
-- places the person already has there, by a single booking or an enrolment, plus these);
-- 'places-per-day' (on any covered day in Europe/Rome, the places of the person's live bookings of
-- the service touching that day, each booking counted once a day, plus these); 'open-holds'. It
-- serialises the person's holds first (the same lock as booking_limit_reached), so it must run
-- before the covered slots are locked, as a single hold takes the person's lock before the slot's.
CREATE FUNCTION enrolment_limit_reached(who text, wanted integer, service uuid, covered uuid[]) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  sv record;
  used integer;
BEGIN
  SELECT max_places_per_booking, max_places_per_person_slot, max_places_per_person_day, max_open_holds_per_person
    INTO sv FROM services WHERE id = service;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF wanted > sv.max_places_per_booking THEN
    RETURN 'places-per-booking';
  END IF;
  PERFORM lock_booking_person(who);
  SELECT coalesce(max(per_slot), 0) INTO used FROM (
    SELECT sum(b.places) AS per_slot
      FROM unnest(covered) AS c (slot_id)
      JOIN bookings b ON b.person = who AND b.service_id = service AND b.status IN ('held', 'confirmed')
       AND (EXISTS (SELECT 1 FROM booking_slots bs WHERE bs.booking_id = b.id AND bs.slot_id = c.slot_id)
            OR (b.slot_id = c.slot_id AND NOT EXISTS (SELECT 1 FROM booking_slots bs WHERE bs.booking_id = b.id)))
     GROUP BY c.slot_id) mine;
  IF used + wanted > sv.max_places_per_person_slot THEN
    RETURN 'places-per-slot';
  END IF;
  SELECT coalesce(max(per_day), 0) INTO used FROM (
    SELECT sum(b.places) AS per_day
      FROM (SELECT DISTINCT (s.starts_at AT TIME ZONE 'Europe/Rome')::date AS day
              FROM slots s WHERE s.id = ANY (covered)) d
      JOIN bookings b ON b.person = who AND b.service_id = service AND b.status IN ('held', 'confirmed')
       AND EXISTS (SELECT 1 FROM slots s
                    WHERE (s.starts_at AT TIME ZONE 'Europe/Rome')::date = d.day
                      AND (s.id = b.slot_id OR s.id IN (SELECT bs.slot_id FROM booking_slots bs WHERE bs.booking_id = b.id)))
     GROUP BY d.day) mine;
  IF used + wanted > sv.max_places_per_person_day THEN
    RETURN 'places-per-day';
  END IF;
  SELECT count(*) INTO used FROM (
    SELECT 1 FROM bookings b
     WHERE b.person = who AND b.service_id = service AND b.status = 'held' AND b.hold_expires_at > now()
     LIMIT sv.max_open_holds_per_person) mine;
  IF used >= sv.max_open_holds_per_person THEN
    RETURN 'open-holds';
  END IF;
  RETURN NULL;
END $$;
