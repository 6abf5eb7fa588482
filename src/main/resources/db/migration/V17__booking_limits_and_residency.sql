-- Issue 17, points 5 and 17: one person could take every place of a day, and anyone could book
-- in-person services of any municipality. Both rules are kept by the statement that takes the
-- places (BookingRepository's claim, used by every path that holds: a client's hold, a recurring
-- series, a reschedule, an offer to the waiting line), never by a check before it.

-- Per-service limits, counted for the person the places are for (not whoever books them). The
-- defaults suit a family booking for itself; a provider raises them for group services.
ALTER TABLE services
  ADD COLUMN max_places_per_booking     integer NOT NULL DEFAULT 4 CHECK (max_places_per_booking BETWEEN 1 AND 50),
  ADD COLUMN max_places_per_person_slot integer NOT NULL DEFAULT 4 CHECK (max_places_per_person_slot BETWEEN 1 AND 1000),
  ADD COLUMN max_places_per_person_day  integer NOT NULL DEFAULT 8 CHECK (max_places_per_person_day BETWEEN 1 AND 1000),
  ADD COLUMN max_open_holds_per_person  integer NOT NULL DEFAULT 3 CHECK (max_open_holds_per_person BETWEEN 1 AND 1000),
  ADD CONSTRAINT services_booking_limits_order
    CHECK (max_places_per_booking <= max_places_per_person_slot AND max_places_per_person_slot <= max_places_per_person_day);

-- A person's holds not yet confirmed, per service: what the open-holds limit counts.
CREATE INDEX bookings_open_holds_idx ON bookings (person, service_id) WHERE status = 'held';

-- One person's holds one after the other, whatever slots they are for (the two-key form keeps
-- these apart from the call distributor's one-key lock). Taken by booking_limit_reached; the
-- waiting line only tries it (BookingService.offerInLine), since it already holds a slot's row.
CREATE FUNCTION lock_booking_person(who text) RETURNS void LANGUAGE sql VOLATILE AS $$
  SELECT pg_advisory_xact_lock(17, hashtext(who))
$$;

CREATE FUNCTION try_lock_booking_person(who text) RETURNS boolean LANGUAGE sql VOLATILE AS $$
  SELECT pg_try_advisory_xact_lock(17, hashtext(who))
$$;

-- Which limit of the slot's service `wanted` more places for `who` would pass, or NULL when none:
-- 'places-per-booking', 'places-per-slot', 'places-per-day' (the slot's day in Europe/Rome, this
-- service) or 'open-holds' (live holds of this service). `replacing` is the booking a reschedule
-- gives up, not counted. VOLATILE on purpose: once the person's lock is taken, each count runs
-- with a fresh snapshot and so sees every hold of theirs that committed while it waited; two
-- holds of one person can never both pass on the same count. Each count reads at most as many
-- rows as its limit allows.
CREATE FUNCTION booking_limit_reached(who text, wanted integer, slot uuid, replacing uuid) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  s record;
  local_day date;
  used integer;
BEGIN
  SELECT sl.starts_at, sv.id AS service_id, sv.max_places_per_booking, sv.max_places_per_person_slot,
         sv.max_places_per_person_day, sv.max_open_holds_per_person
    INTO s FROM slots sl JOIN services sv ON sv.id = sl.service_id WHERE sl.id = slot;
  IF NOT FOUND THEN
    RETURN NULL; -- no such slot: the claim takes nothing anyway
  END IF;
  IF wanted > s.max_places_per_booking THEN
    RETURN 'places-per-booking';
  END IF;
  PERFORM lock_booking_person(who);
  SELECT coalesce(sum(places), 0) INTO used FROM (
    SELECT b.places FROM bookings b
     WHERE b.person = who AND b.starts_at = s.starts_at AND b.slot_id = slot AND b.status IN ('held', 'confirmed')
       AND b.id IS DISTINCT FROM replacing
     LIMIT s.max_places_per_person_slot) mine;
  IF used + wanted > s.max_places_per_person_slot THEN
    RETURN 'places-per-slot';
  END IF;
  local_day := (s.starts_at AT TIME ZONE 'Europe/Rome')::date;
  SELECT coalesce(sum(places), 0) INTO used FROM (
    SELECT b.places FROM bookings b
     WHERE b.person = who AND b.starts_at >= local_day::timestamp AT TIME ZONE 'Europe/Rome'
       AND b.starts_at < (local_day + 1)::timestamp AT TIME ZONE 'Europe/Rome'
       AND b.service_id = s.service_id AND b.status IN ('held', 'confirmed') AND b.id IS DISTINCT FROM replacing
     LIMIT s.max_places_per_person_day) mine;
  IF used + wanted > s.max_places_per_person_day THEN
    RETURN 'places-per-day';
  END IF;
  SELECT count(*) INTO used FROM (
    SELECT 1 FROM bookings b
     WHERE b.person = who AND b.service_id = s.service_id AND b.status = 'held' AND b.hold_expires_at > now()
       AND b.id IS DISTINCT FROM replacing
     LIMIT s.max_open_holds_per_person) mine;
  IF used >= s.max_open_holds_per_person THEN
    RETURN 'open-holds';
  END IF;
  RETURN NULL;
END $$;

-- Whether `who` may have the service (DOMAIN.md, the network's own rule): online services are
-- open to anyone; in-person ones (at a place or at home) to the residents of the municipalities
-- they serve, known from the person's account. Someone without an account here (an external
-- sign-in) has no residence on record and so is not a resident anywhere.
CREATE FUNCTION booking_residency_ok(who text, service uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM services sv WHERE sv.id = service AND sv.delivery_mode = 'online')
      OR EXISTS (SELECT 1 FROM accounts a JOIN service_municipalities sm ON sm.municipality = a.municipality
                  WHERE a.id = CASE WHEN who ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                                    THEN who::uuid END
                    AND sm.service_id = service)
$$;

-- Only a contact-center operator or a welfare manager acting for the person may book an
-- in-person service for a non-resident, saying why; the reason stays on the booking (and in its
-- audit rows) and, for a place in line, on the entry until the place is offered.
ALTER TABLE bookings ADD COLUMN residency_override text
  CHECK (residency_override IS NULL OR length(residency_override) BETWEEN 3 AND 500);
ALTER TABLE waitlist_entries ADD COLUMN residency_override text
  CHECK (residency_override IS NULL OR length(residency_override) BETWEEN 3 AND 500);
