-- Catalog search, resources, weekly schedules with exceptions and closures, and the bookable slots
-- they generate. Every change to a slot's places is announced with NOTIFY, which PostgreSQL
-- delivers only after commit and to every node listening: that is the live availability feed.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Italian stemming with accents folded, so "attivita" finds "attività" and "anziano" finds "anziani".
CREATE TEXT SEARCH CONFIGURATION italian_unaccent (COPY = italian);
ALTER TEXT SEARCH CONFIGURATION italian_unaccent
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, italian_stem;

ALTER TABLE services ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE services ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('italian_unaccent', title), 'A') ||
  setweight(to_tsvector('italian_unaccent', description), 'B')) STORED;
CREATE INDEX services_search_idx ON services USING gin (search_document);
ALTER TABLE services ADD CONSTRAINT services_provider_id_key UNIQUE (provider_id, id);

-- Something with places: a room, a summer camp with 30 places, a carer who serves one family at a time.
CREATE TABLE resources (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id  uuid NOT NULL REFERENCES providers (id),
  name         text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  kind         text NOT NULL CHECK (kind IN ('room', 'group', 'person')),
  capacity     integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz,
  CHECK (kind <> 'person' OR capacity = 1),
  UNIQUE (provider_id, name),
  UNIQUE (provider_id, id)
);

-- Weekly opening: on this weekday, from opens to closes (Europe/Rome wall clock), slots of slot_minutes.
CREATE TABLE schedule_rules (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id   uuid NOT NULL,
  service_id    uuid NOT NULL,
  resource_id   uuid NOT NULL,
  weekday       smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens         time NOT NULL,
  closes        time NOT NULL,
  slot_minutes  integer NOT NULL CHECK (slot_minutes BETWEEN 5 AND 1440),
  places        integer NOT NULL CHECK (places >= 1),
  valid_from    date NOT NULL,
  valid_until   date,
  created_at    timestamptz NOT NULL DEFAULT now(),
  retired_at    timestamptz,
  minutes       int4range GENERATED ALWAYS AS (int4range(
                  (extract(hour FROM opens) * 60 + extract(minute FROM opens))::int,
                  (extract(hour FROM closes) * 60 + extract(minute FROM closes))::int)) STORED,
  validity      daterange GENERATED ALWAYS AS (daterange(valid_from, valid_until, '[]')) STORED,
  CHECK (closes > opens),
  CHECK (valid_until IS NULL OR valid_until >= valid_from),
  FOREIGN KEY (provider_id, service_id) REFERENCES services (provider_id, id),
  FOREIGN KEY (provider_id, resource_id) REFERENCES resources (provider_id, id),
  -- One resource is never open twice at the same time: a carer cannot be in two homes.
  EXCLUDE USING gist (resource_id WITH =, weekday WITH =, minutes WITH &&, validity WITH &&)
    WHERE (retired_at IS NULL)
);
CREATE INDEX schedule_rules_service_idx ON schedule_rules (service_id) WHERE retired_at IS NULL;

-- One day that differs from the weekly rules for a service and resource: other hours, or closed (all NULL).
CREATE TABLE schedule_exceptions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id   uuid NOT NULL,
  service_id    uuid NOT NULL,
  resource_id   uuid NOT NULL,
  on_date       date NOT NULL,
  opens         time,
  closes        time,
  slot_minutes  integer CHECK (slot_minutes BETWEEN 5 AND 1440),
  places        integer CHECK (places >= 1),
  CHECK ((opens IS NULL) = (closes IS NULL) AND (opens IS NULL) = (slot_minutes IS NULL)
         AND (opens IS NULL) = (places IS NULL)),
  CHECK (closes > opens),
  FOREIGN KEY (provider_id, service_id) REFERENCES services (provider_id, id),
  FOREIGN KEY (provider_id, resource_id) REFERENCES resources (provider_id, id),
  UNIQUE (service_id, resource_id, on_date)
);

-- Whole days closed: the cooperative (resource_id NULL) or one resource, e.g. August holidays.
CREATE TABLE closures (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id  uuid NOT NULL REFERENCES providers (id),
  resource_id  uuid,
  from_date    date NOT NULL,
  to_date      date NOT NULL,
  reason       text NOT NULL CHECK (length(reason) BETWEEN 2 AND 200),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (to_date >= from_date),
  FOREIGN KEY (provider_id, resource_id) REFERENCES resources (provider_id, id)
);
CREATE INDEX closures_provider_idx ON closures (provider_id);

-- A bookable slot. taken counts holds and bookings; the CHECK is the backstop of every booking.
CREATE TABLE slots (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id   uuid NOT NULL REFERENCES services (id),
  resource_id  uuid NOT NULL REFERENCES resources (id),
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  capacity     integer NOT NULL CHECK (capacity >= 0),
  taken        integer NOT NULL DEFAULT 0 CHECK (taken >= 0),
  CHECK (ends_at > starts_at),
  CHECK (taken <= capacity),
  UNIQUE (resource_id, starts_at),
  EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
);
CREATE INDEX slots_service_time_idx ON slots (service_id, starts_at);
CREATE INDEX slots_free_idx ON slots (service_id, starts_at) WHERE taken < capacity;

-- One notification per service per statement: the changed slots themselves when few, otherwise
-- the range to refetch (NOTIFY payloads are limited to 8000 bytes).
CREATE FUNCTION publish_slot_changes(changed jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s record;
BEGIN
  FOR s IN
    SELECT (c ->> 'serviceId')::uuid AS service_id,
           jsonb_agg(c ORDER BY c ->> 'start') AS slots,
           count(*) AS n,
           min(c ->> 'start') AS first_start,
           max(c ->> 'end') AS last_end
      FROM jsonb_array_elements(COALESCE(changed, '[]'::jsonb)) AS c
     GROUP BY 1
  LOOP
    PERFORM pg_notify('sportello_availability', jsonb_build_object(
      'serviceId', s.service_id,
      'area', (SELECT area FROM services WHERE id = s.service_id),
      'municipalities', COALESCE((SELECT jsonb_agg(municipality ORDER BY municipality)
                                    FROM service_municipalities WHERE service_id = s.service_id), '[]'::jsonb),
      'slots', CASE WHEN s.n <= 20 THEN s.slots END,
      'from', s.first_start,
      'to', s.last_end,
      'count', s.n)::text);
  END LOOP;
END $$;

CREATE FUNCTION slots_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM publish_slot_changes((SELECT jsonb_agg(jsonb_build_object(
      'slotId', id, 'serviceId', service_id, 'resourceId', resource_id, 'start', starts_at, 'end', ends_at,
      'capacity', capacity, 'free', capacity - taken, 'removed', false)) FROM new_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION slots_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM publish_slot_changes((SELECT jsonb_agg(jsonb_build_object(
      'slotId', n.id, 'serviceId', n.service_id, 'resourceId', n.resource_id, 'start', n.starts_at, 'end', n.ends_at,
      'capacity', n.capacity, 'free', n.capacity - n.taken, 'removed', false))
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE n.taken <> o.taken OR n.capacity <> o.capacity));
  RETURN NULL;
END $$;

CREATE FUNCTION slots_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM publish_slot_changes((SELECT jsonb_agg(jsonb_build_object(
      'slotId', id, 'serviceId', service_id, 'resourceId', resource_id, 'start', starts_at, 'end', ends_at,
      'capacity', 0, 'free', 0, 'removed', true)) FROM old_rows));
  RETURN NULL;
END $$;

CREATE TRIGGER slots_notify_insert AFTER INSERT ON slots
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION slots_inserted();
CREATE TRIGGER slots_notify_update AFTER UPDATE ON slots
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION slots_updated();
CREATE TRIGGER slots_notify_delete AFTER DELETE ON slots
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION slots_deleted();
