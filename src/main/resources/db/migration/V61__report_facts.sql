-- What the reports count, kept ready: one narrow row per confirmed booking and month of its
-- delivery, with everything a report filters or adds up already joined (the service's cooperative
-- and area, the project, where the person lives and works, the wait, the kinds of service the
-- impact indicators want, what was delivered that month, what was paid). A report over a
-- network's year then reads one table instead of joining bookings, services, accounts, employees,
-- a million delivery records and as many payments on every request.
--
-- The rows are a function of those tables and nothing else: report_facts_refresh(ids) rewrites a
-- booking's rows from them, and statement-level triggers on every table they come from call it in
-- the same transaction as the change, so a report never sees a booking half-counted.
-- ReportFactsTest checks the table against a recomputation after random changes.
--
-- The booking's own row has month = its start month and is_booking; a session of an enrolment
-- recorded in another month has a row of its own (is_booking false) carrying only that month's
-- delivery, because a report takes only the delivery of the months it covers.
CREATE TABLE report_facts (
  booking_id     uuid        NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  month          date        NOT NULL,
  is_booking     boolean     NOT NULL,
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL,
  -- The booking's start month in Rome as year * 12 + month - 1: the month a report lists it under.
  month_no       integer     NOT NULL,
  person_key     bigint      NOT NULL,
  provider_id    uuid        NOT NULL,
  project_id     uuid,
  municipality   text,
  company_id     uuid,
  area           text        NOT NULL,
  area_bit       integer     NOT NULL,
  places         integer     NOT NULL,
  wait_minutes   integer     NOT NULL,
  home_care      boolean     NOT NULL,
  camp           boolean     NOT NULL,
  employee       boolean     NOT NULL,
  codice_fiscale text,
  minutes        bigint      NOT NULL,
  delivered      integer     NOT NULL,
  no_shows       integer     NOT NULL,
  recorded       integer     NOT NULL,
  -- Completed payments of the booking (its own row only), net of refunds, by channel.
  welfare_credit_payments integer NOT NULL,
  welfare_credit_cents    bigint  NOT NULL,
  voucher_payments        integer NOT NULL,
  voucher_cents           bigint  NOT NULL,
  card_payments           integer NOT NULL,
  card_cents              bigint  NOT NULL,
  at_provider_payments    integer NOT NULL,
  at_provider_cents       bigint  NOT NULL,
  PRIMARY KEY (booking_id, month)
);
-- A report over the whole network reads the period's rows from this index alone (every column it
-- adds up is included, so no table page is visited and a month is one contiguous stretch of it);
-- the other scopes start from their entity's index.
CREATE INDEX report_facts_start_idx ON report_facts (starts_at) INCLUDE (ends_at, month, is_booking, month_no, person_key,
  area, area_bit, places, wait_minutes, home_care, camp, employee, codice_fiscale, minutes, delivered, no_shows, recorded,
  welfare_credit_payments, welfare_credit_cents, voucher_payments, voucher_cents, card_payments, card_cents,
  at_provider_payments, at_provider_cents);
CREATE INDEX report_facts_provider_idx ON report_facts (provider_id, starts_at);
CREATE INDEX report_facts_project_idx ON report_facts (project_id, starts_at) WHERE project_id IS NOT NULL;
CREATE INDEX report_facts_municipality_idx ON report_facts (municipality, starts_at) WHERE municipality IS NOT NULL;
CREATE INDEX report_facts_company_idx ON report_facts (company_id, starts_at) WHERE company_id IS NOT NULL;
CREATE INDEX report_facts_area_idx ON report_facts (area, starts_at);

-- A report counts the areas a person used as bits of an integer (1 << position).
ALTER TABLE service_areas ADD CONSTRAINT service_areas_position_bit CHECK (position BETWEEN 0 AND 30);

-- A booking's refresh finds its account and employment through V58's indexes on their ids as text,
-- a service's change its bookings through V21's (service_id, starts_at).

-- Two transactions changing the same booking's sources (a payment confirmed while its delivery is
-- recorded) must not leave the rows of whichever computed first from a snapshot without the other:
-- each refresh first waits for the booking's lock (held to commit), and every statement after it
-- reads with a fresh snapshot (a volatile function in READ COMMITTED), so the last to commit
-- computes from both. A refresh of more than a thousand bookings at once (the demo's year, a
-- service's change) takes one exclusive lock instead of a lock each (the lock table is finite);
-- the small ones share it.
CREATE FUNCTION report_facts_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  SELECT CASE WHEN cardinality(ids) > 1000 THEN pg_advisory_xact_lock(61, 0) ELSE pg_advisory_xact_lock_shared(61, 0) END;
  SELECT pg_advisory_xact_lock(hashtextextended(id::text, 61))
    FROM (SELECT DISTINCT unnest(ids) AS id ORDER BY 1) booking WHERE cardinality(ids) <= 1000;
  DELETE FROM report_facts WHERE booking_id = ANY (ids);
  -- Written booking by booking (index lookups in lateral subqueries), so that one plan serves both a
  -- single booking and a million: no estimate of how many there are can make it quadratic.
  INSERT INTO report_facts
  SELECT b.id, m.month, m.is_booking, b.starts_at, b.ends_at, start.month_no,
         hashtextextended(b.person, 0), s.provider_id, b.project_id, a.municipality, e.company_id,
         s.area, 1 << sa.position, b.places,
         round(extract(epoch FROM b.starts_at - b.created_at) / 60)::integer,
         s.area = 'elderly' AND s.delivery_mode = 'at_home', s.audience = 'children' AND s.tariff_unit = 'week',
         e.account_id IS NOT NULL,
         CASE WHEN s.area = 'elderly' AND s.delivery_mode = 'at_home' THEN a.codice_fiscale END,
         coalesce(d.minutes, 0), coalesce(d.delivered, 0), coalesce(d.no_shows, 0), coalesce(d.recorded, 0),
         coalesce(p.welfare_credit_payments, 0), coalesce(p.welfare_credit_cents, 0),
         coalesce(p.voucher_payments, 0), coalesce(p.voucher_cents, 0),
         coalesce(p.card_payments, 0), coalesce(p.card_cents, 0),
         coalesce(p.at_provider_payments, 0), coalesce(p.at_provider_cents, 0)
    FROM bookings b
    JOIN services s ON s.id = b.service_id
    JOIN service_areas sa ON sa.code = s.area
    LEFT JOIN accounts a ON a.id::text = b.person
    LEFT JOIN employees e ON e.account_id::text = b.person
    CROSS JOIN LATERAL (
      SELECT date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome')::date AS month,
             (extract(year FROM b.starts_at AT TIME ZONE 'Europe/Rome') * 12
              + extract(month FROM b.starts_at AT TIME ZONE 'Europe/Rome') - 1)::integer AS month_no) start
    CROSS JOIN LATERAL (
      SELECT start.month, true AS is_booking
      UNION ALL
      SELECT DISTINCT dr.month, false FROM delivery_records dr WHERE dr.booking_id = b.id AND dr.month <> start.month) m
    LEFT JOIN LATERAL (
      SELECT sum(dr.minutes) AS minutes, count(*) FILTER (WHERE dr.outcome <> 'no_show') AS delivered,
             count(*) FILTER (WHERE dr.outcome = 'no_show') AS no_shows, count(*) AS recorded
        FROM delivery_records dr WHERE dr.booking_id = b.id AND dr.month = m.month) d ON true
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE p.method = 'welfare_credit') AS welfare_credit_payments,
             sum(p.amount_cents - p.refunded_cents) FILTER (WHERE p.method = 'welfare_credit') AS welfare_credit_cents,
             count(*) FILTER (WHERE p.method = 'voucher') AS voucher_payments,
             sum(p.amount_cents - p.refunded_cents) FILTER (WHERE p.method = 'voucher') AS voucher_cents,
             count(*) FILTER (WHERE p.method = 'card') AS card_payments,
             sum(p.amount_cents - p.refunded_cents) FILTER (WHERE p.method = 'card') AS card_cents,
             count(*) FILTER (WHERE p.method = 'at_provider') AS at_provider_payments,
             sum(p.amount_cents - p.refunded_cents) FILTER (WHERE p.method = 'at_provider') AS at_provider_cents
        FROM payments p WHERE p.booking_id = b.id AND p.state = 'completed') p ON m.is_booking
   WHERE b.id = ANY (ids) AND b.status = 'confirmed';
$$;

-- The triggers: statement-level with transition tables, so that a statement touching a million rows
-- (the demo's year of history) refreshes them in one set-based pass.
CREATE FUNCTION report_facts_bookings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_facts_refresh(array_agg(id)) FROM new_rows WHERE status = 'confirmed' HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_bookings_inserted AFTER INSERT ON bookings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_bookings_inserted();

-- An update refreshes only the bookings whose counted columns changed (a hold's expiry does not).
CREATE FUNCTION report_facts_bookings_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_facts_refresh(array_agg(n.id))
     FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.status, n.starts_at, n.ends_at, n.created_at, n.person, n.service_id, n.project_id, n.places)
          IS DISTINCT FROM (o.status, o.starts_at, o.ends_at, o.created_at, o.person, o.service_id, o.project_id, o.places)
          AND (n.status = 'confirmed' OR o.status = 'confirmed')
   HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_bookings_updated AFTER UPDATE ON bookings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_bookings_updated();

-- A delivery record or payment names its booking: refresh the bookings the statement touched (a
-- delete has only the old rows).
CREATE FUNCTION report_facts_by_booking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM report_facts_refresh(array_agg(DISTINCT booking_id)) FROM old_rows WHERE booking_id IS NOT NULL HAVING count(*) > 0;
  ELSE
    PERFORM report_facts_refresh(array_agg(DISTINCT booking_id)) FROM new_rows WHERE booking_id IS NOT NULL HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_delivery_inserted AFTER INSERT ON delivery_records
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_by_booking();
CREATE TRIGGER report_facts_delivery_updated AFTER UPDATE ON delivery_records
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_by_booking();
CREATE TRIGGER report_facts_delivery_deleted AFTER DELETE ON delivery_records
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_by_booking();
CREATE TRIGGER report_facts_payments_inserted AFTER INSERT ON payments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_by_booking();
CREATE TRIGGER report_facts_payments_updated AFTER UPDATE ON payments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_by_booking();

-- Where a person lives or works, and what a service is, are read from their tables as they are now.
CREATE FUNCTION report_facts_persons_refresh(accounts uuid[]) RETURNS void LANGUAGE sql AS $$
  SELECT report_facts_refresh(array_agg(b.id)) FROM bookings b
   WHERE b.person = ANY (SELECT a::text FROM unnest(accounts) a) AND b.status = 'confirmed' HAVING count(*) > 0;
$$;
CREATE FUNCTION report_facts_accounts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_facts_persons_refresh(array_agg(n.id))
     FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.municipality, n.codice_fiscale) IS DISTINCT FROM (o.municipality, o.codice_fiscale)
   HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_accounts_updated AFTER UPDATE ON accounts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_accounts_updated();

CREATE FUNCTION report_facts_employees_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM report_facts_persons_refresh(array_agg(account_id)) FROM old_rows HAVING count(*) > 0;
  ELSE
    PERFORM report_facts_persons_refresh(array_agg(account_id)) FROM new_rows HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_employees_inserted AFTER INSERT ON employees
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_employees_changed();
CREATE TRIGGER report_facts_employees_updated AFTER UPDATE ON employees
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_employees_changed();
CREATE TRIGGER report_facts_employees_deleted AFTER DELETE ON employees
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_employees_changed();

CREATE FUNCTION report_facts_services_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_facts_refresh(array_agg(b.id))
     FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN bookings b ON b.service_id = n.id AND b.status = 'confirmed'
    WHERE (n.provider_id, n.area, n.delivery_mode, n.audience, n.tariff_unit)
          IS DISTINCT FROM (o.provider_id, o.area, o.delivery_mode, o.audience, o.tariff_unit)
   HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_services_updated AFTER UPDATE ON services
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_services_updated();

SELECT report_facts_refresh(array_agg(id)) FROM bookings WHERE status = 'confirmed' HAVING count(*) > 0;
