-- Events and guided visits sold as tickets (issue 24). An event is a service of the catalog: its
-- times are its slots and their capacity its seats. A purchase is one booking of as many places as
-- tickets, held, paid and confirmed as every booking is, so it never takes more seats than there are
-- (the slots' conditional update, V4) and a sold-out time has the bookings' waitlist.

-- The kinds of ticket of an event and their prices: intero, ridotto (who qualifies, checked at the
-- door), gratuito (under an age), group (at least so many in one purchase). A type tickets were sold
-- with is retired, never deleted.
CREATE TABLE ticket_types (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id    uuid        NOT NULL REFERENCES services (id),
  code          text        NOT NULL CHECK (code ~ '^[a-z][a-z0-9_-]{0,31}$'),
  label         text        NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
  price_cents   integer     NOT NULL CHECK (price_cents BETWEEN 0 AND 10000000),
  who_qualifies text        CHECK (length(who_qualifies) BETWEEN 1 AND 200),
  under_age     integer     CHECK (under_age BETWEEN 1 AND 120),
  min_group     integer     CHECK (min_group BETWEEN 2 AND 60),
  position      integer     NOT NULL DEFAULT 0,
  retired       boolean     NOT NULL DEFAULT false,
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (service_id, code)
);

-- A ticket's code is what its QR carries and what the door types: 12 characters of Crockford's
-- base 32 (no I, L, O, U), 60 random bits, so a code cannot be guessed from another.
CREATE FUNCTION ticket_code() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substring(r.bits FROM i * 5 + 1 FOR 5)::integer + 1, 1), '' ORDER BY i)
    FROM (SELECT ('x' || substr(md5(gen_random_uuid()::text), 1, 15))::bit(60) AS bits) r, generate_series(0, 11) i;
$$;

-- One ticket per person of a purchase, issued with its hold: valid while its booking is confirmed,
-- for the day its booking starts (Rome). Admitted once: admitted_at is set by one conditional
-- update, so of two doors scanning it at the same moment one admits it and the other reads it used.
CREATE TABLE tickets (
  id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id      uuid        NOT NULL REFERENCES bookings (id),
  ticket_type_id  uuid        NOT NULL REFERENCES ticket_types (id),
  seq             integer     NOT NULL CHECK (seq >= 1),
  code            text        NOT NULL UNIQUE CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{12}$'),
  holder_name     text        CHECK (length(holder_name) BETWEEN 1 AND 120),
  admitted_at     timestamptz,
  admitted_by     text,
  admitted_device text        CHECK (length(admitted_device) BETWEEN 1 AND 80),
  UNIQUE (booking_id, seq),
  CHECK ((admitted_at IS NULL) = (admitted_by IS NULL))
);

-- The hold's quote carries the purchase ({"tickets": [{"typeId", "count"}]}, TicketOrder): its
-- tickets are written with it, in the same statement, numbered in the order of the types.
CREATE FUNCTION tickets_issued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tickets (booking_id, ticket_type_id, seq, code)
  SELECT NEW.id, (line.value->>'typeId')::uuid, row_number() OVER (ORDER BY line.ord, n), ticket_code()
    FROM jsonb_array_elements(NEW.price_detail->'tickets') WITH ORDINALITY AS line(value, ord),
         generate_series(1, (line.value->>'count')::integer) n;
  IF (SELECT count(*) FROM tickets WHERE booking_id = NEW.id) <> NEW.places THEN
    RAISE EXCEPTION 'a purchase has one ticket per place' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_issued AFTER INSERT ON bookings
  FOR EACH ROW WHEN (NEW.price_detail ? 'tickets') EXECUTE FUNCTION tickets_issued();

-- The door's lookups: a ticket by its code (the unique index), the tickets of a day's bookings.
CREATE INDEX tickets_booking_idx ON tickets (booking_id);
