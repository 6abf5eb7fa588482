-- Projects and funders (issue 23, part 2): a cooperative's services are funded by projects (Bando
-- Conciliamo, a Regione Lombardia conciliation project, a foundation's grant); each project has a
-- funder, a period and a budget of hours or of euros, and what was delivered counts against it.

CREATE TABLE projects (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id   uuid        NOT NULL REFERENCES providers (id),
  name          text        NOT NULL CHECK (char_length(btrim(name)) BETWEEN 3 AND 200 AND btrim(name) = name),
  funder        text        NOT NULL CHECK (char_length(btrim(funder)) BETWEEN 2 AND 200 AND btrim(funder) = funder),
  starts_on     date        NOT NULL,
  ends_on       date        NOT NULL,
  -- Exactly one budget: hours (kept in minutes) or euros (kept in cents).
  budget_minutes integer    CHECK (budget_minutes > 0),
  budget_cents  bigint      CHECK (budget_cents > 0),
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on),
  CHECK ((budget_minutes IS NULL) <> (budget_cents IS NULL)),
  UNIQUE (id, provider_id),
  UNIQUE (provider_id, name)
);

-- A service and a project can be tied only within one cooperative: the composite keys hold it.
CREATE TABLE project_services (
  project_id  uuid NOT NULL,
  service_id  uuid NOT NULL,
  provider_id uuid NOT NULL,
  PRIMARY KEY (project_id, service_id),
  FOREIGN KEY (project_id, provider_id) REFERENCES projects (id, provider_id),
  FOREIGN KEY (provider_id, service_id) REFERENCES services (provider_id, id)
);
CREATE INDEX project_services_service ON project_services (service_id);

-- The project a booking counts against (NULL: none). Written when the booking is made, from its
-- service's projects whose period covers the booking's day (Europe/Rome; the oldest project
-- first when several do); the cooperative may re-tag it afterwards within the same rule.
ALTER TABLE bookings ADD COLUMN project_id uuid REFERENCES projects (id);
CREATE INDEX bookings_project ON bookings (project_id) WHERE project_id IS NOT NULL;

CREATE FUNCTION bookings_project_of_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.project_id IS NULL THEN
    SELECT p.id INTO NEW.project_id
      FROM project_services ps JOIN projects p ON p.id = ps.project_id
     WHERE ps.service_id = NEW.service_id
       AND (NEW.starts_at AT TIME ZONE 'Europe/Rome')::date BETWEEN p.starts_on AND p.ends_on
     ORDER BY p.created_at, p.id
     LIMIT 1;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER bookings_project BEFORE INSERT ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_project_of_service();

-- What a project has used, one definition for the projects screen and the reports: delivered
-- minutes (a partial delivery counts its actual minutes) and, for a budget in euros, the price of
-- what was delivered (a partial delivery its share of the price, rounded down to the cent).
CREATE VIEW project_use AS
SELECT p.id AS project_id,
       count(d.booking_id) FILTER (WHERE d.outcome <> 'no_show')                     AS delivered_bookings,
       coalesce(sum(d.minutes), 0)::bigint                                          AS delivered_minutes,
       coalesce(sum(CASE d.outcome
                      WHEN 'delivered' THEN b.price_cents::bigint
                      WHEN 'partial' THEN (b.price_cents::bigint * d.minutes)
                                          / greatest(1, (extract(epoch FROM b.ends_at - b.starts_at) / 60)::bigint)
                      ELSE 0 END), 0)::bigint                                       AS delivered_cents
  FROM projects p
  LEFT JOIN bookings b ON b.project_id = p.id
  LEFT JOIN delivery_records d ON d.booking_id = b.id
 GROUP BY p.id;
