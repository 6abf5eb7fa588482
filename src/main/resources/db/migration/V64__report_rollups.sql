-- Figures that do not grow with the bookings, for the reports over the whole network or an area
-- (a year of a network is a million rows of report_facts; these are some tens of thousands):
--
-- * report_day_sums: what report_facts adds up, by day (Rome) of the booking's start, area, month
--   of delivery and wait in days. Every refresh of a booking appends the difference it made (minus
--   its old rows, plus its new ones), so two bookings never write the same row and no booking waits
--   for another; the rows of one key add up to the sums of its facts at every moment. A relay
--   (ReportingService.compactDaySums) folds each day's rows into one per key.
-- * report_person_windows: per person, area and two calendar years (window_year and the next), the
--   months they booked in, were served in, had conciliation hours in and paid with each channel, a
--   bit each (bit 0 = January of window_year). A period of at most 400 days starting in year Y lies
--   in window Y, so a report counts distinct people from one row per person and area instead of
--   every booking. Days of a month the period covers only in part are read from report_facts.
--   Only the bookings' own rows (is_booking) are kept; a delivery recorded in a later month than
--   its booking's is read from report_facts (a partial index below).
--
-- Both are written by report_facts_refresh in the same transaction as the facts, so a report reads
-- them and report_facts in one snapshot and they always agree (ReportFactsTest recomputes them).

-- The wait a report gives is counted in days, from the day of the request to the day of the
-- service (Rome), as funders count it; the waits' histogram by day is then a few values per day.
-- The facts are rebuilt at the end of this file (with the rollups from empty).
TRUNCATE report_facts;
ALTER TABLE report_facts ADD COLUMN wait_days integer NOT NULL;
-- The booking's first and last day in Rome, kept rather than converted on every read (a time zone
-- conversion per row was a third of what a year's camps and home care cost).
ALTER TABLE report_facts ADD COLUMN first_day date NOT NULL;
ALTER TABLE report_facts ADD COLUMN last_day date NOT NULL;
-- Dropping the minutes drops V62's covering index with them; it is made again with the days.
ALTER TABLE report_facts DROP COLUMN wait_minutes;
CREATE INDEX report_facts_area_idx ON report_facts (area, starts_at) INCLUDE (first_day, last_day, month, is_booking, month_no, person_key,
  area_bit, places, wait_days, home_care, camp, employee, codice_fiscale, minutes, delivered, no_shows, recorded,
  welfare_credit_payments, welfare_credit_cents, voucher_payments, voucher_cents, card_payments, card_cents,
  at_provider_payments, at_provider_cents);
-- V62's partial indexes of the camps and the home care, with the days instead of the instants.
DROP INDEX report_facts_camp_idx;
DROP INDEX report_facts_home_care_idx;
CREATE INDEX report_facts_camp_idx ON report_facts (starts_at) INCLUDE (first_day, last_day, month, is_booking, person_key, places, area)
  WHERE camp;
CREATE INDEX report_facts_home_care_idx ON report_facts (starts_at) INCLUDE (first_day, month, is_booking, person_key, codice_fiscale,
  minutes, area) WHERE home_care;
-- A person's rows, to rewrite their windows.
CREATE INDEX report_facts_person_idx ON report_facts (person_key);
-- The rare rows of a delivery in a later month than its booking's.
CREATE INDEX report_facts_later_delivery_idx ON report_facts (starts_at) INCLUDE (month, month_no, person_key, area, area_bit,
  employee, minutes, delivered) WHERE NOT is_booking;

CREATE TABLE report_day_sums (
  day                  date    NOT NULL,
  area                 text    NOT NULL,
  month                date    NOT NULL,
  is_booking           boolean NOT NULL,
  month_no             integer NOT NULL,
  wait_days            integer,
  bookings             integer NOT NULL,
  services             integer NOT NULL,
  minutes              bigint  NOT NULL,
  no_shows             integer NOT NULL,
  recorded             integer NOT NULL,
  conciliation_minutes bigint  NOT NULL,
  welfare_credit_payments integer NOT NULL,
  welfare_credit_cents    bigint  NOT NULL,
  voucher_payments        integer NOT NULL,
  voucher_cents           bigint  NOT NULL,
  card_payments           integer NOT NULL,
  card_cents              bigint  NOT NULL,
  at_provider_payments    integer NOT NULL,
  at_provider_cents       bigint  NOT NULL,
  -- false on the differences appended by a refresh, true on the relay's folded rows.
  folded               boolean NOT NULL
);
CREATE INDEX report_day_sums_day_idx ON report_day_sums (day, area);
CREATE INDEX report_day_sums_unfolded_idx ON report_day_sums (day) WHERE NOT folded;

CREATE TABLE report_person_windows (
  person_key     bigint  NOT NULL,
  window_year    integer NOT NULL,
  area           text    NOT NULL,
  area_bit       integer NOT NULL,
  booked         integer NOT NULL,
  served         integer NOT NULL,
  conciliation   integer NOT NULL,
  at_provider    integer NOT NULL,
  card           integer NOT NULL,
  voucher        integer NOT NULL,
  welfare_credit integer NOT NULL,
  PRIMARY KEY (person_key, window_year, area)
);
CREATE INDEX report_person_windows_window_idx ON report_person_windows (window_year, area);

-- The differences a statement on report_facts makes to report_day_sums: its deleted rows subtracted,
-- its inserted rows added. Statement-level, from the transition table, so that a refresh of a
-- million bookings appends its sums in one pass. (One text for both: EXECUTE names the table.)
CREATE FUNCTION report_day_sums_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($sql$
    INSERT INTO report_day_sums
    SELECT f.first_day, f.area, f.month, f.is_booking, f.month_no,
           CASE WHEN f.is_booking THEN f.wait_days END,
           %1$s * count(*) FILTER (WHERE f.is_booking), %1$s * sum(f.delivered), %1$s * sum(f.minutes), %1$s * sum(f.no_shows),
           %1$s * sum(f.recorded), %1$s * coalesce(sum(f.minutes) FILTER (WHERE f.area = 'work_life' AND f.employee), 0),
           %1$s * sum(f.welfare_credit_payments), %1$s * sum(f.welfare_credit_cents), %1$s * sum(f.voucher_payments),
           %1$s * sum(f.voucher_cents), %1$s * sum(f.card_payments), %1$s * sum(f.card_cents),
           %1$s * sum(f.at_provider_payments), %1$s * sum(f.at_provider_cents), false
      FROM %2$I f
     GROUP BY 1, 2, 3, 4, 5, 6$sql$,
    CASE TG_OP WHEN 'DELETE' THEN -1 ELSE 1 END, CASE TG_OP WHEN 'DELETE' THEN 'old_rows' ELSE 'new_rows' END);
  RETURN NULL;
END $$;
CREATE TRIGGER report_day_sums_deleted AFTER DELETE ON report_facts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_day_sums_changed();
CREATE TRIGGER report_day_sums_inserted AFTER INSERT ON report_facts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_day_sums_changed();

-- Rewrites the windows of the given persons from their bookings' rows in report_facts. The caller
-- holds the persons' locks (or the exclusive one) so the last to rewrite reads every commit before.
CREATE FUNCTION report_person_windows_refresh(persons bigint[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM report_person_windows w USING unnest(persons) p(key) WHERE w.person_key = p.key;
  INSERT INTO report_person_windows
  SELECT f.person_key, w.year, f.area, min(f.area_bit),
         bit_or(1 << (f.month_no - w.year * 12)),
         coalesce(bit_or(1 << (f.month_no - w.year * 12)) FILTER (WHERE f.delivered > 0), 0),
         coalesce(bit_or(1 << (f.month_no - w.year * 12)) FILTER (WHERE f.area = 'work_life' AND f.employee AND f.minutes > 0), 0),
         coalesce(bit_or(1 << (f.month_no - w.year * 12)) FILTER (WHERE f.at_provider_payments > 0), 0),
         coalesce(bit_or(1 << (f.month_no - w.year * 12)) FILTER (WHERE f.card_payments > 0), 0),
         coalesce(bit_or(1 << (f.month_no - w.year * 12)) FILTER (WHERE f.voucher_payments > 0), 0),
         coalesce(bit_or(1 << (f.month_no - w.year * 12)) FILTER (WHERE f.welfare_credit_payments > 0), 0)
    FROM report_facts f
    CROSS JOIN LATERAL (VALUES (f.month_no / 12 - 1), (f.month_no / 12)) w(year)
   WHERE f.is_booking AND f.person_key IN (SELECT unnest(persons))
   GROUP BY f.person_key, w.year, f.area;
$$;

-- V61's refresh (its day sums follow from report_facts' triggers above), now also rewriting the
-- persons' windows.
-- Locks as before: a refresh of more than a thousand bookings at once takes the one exclusive lock,
-- the small ones share it and take each booking's and then each person's, in order.
DROP FUNCTION report_facts_refresh(uuid[]);
CREATE FUNCTION report_facts_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  bulk boolean := cardinality(ids) > 1000;
  old_persons bigint[];
  new_persons bigint[];
  persons bigint[];
BEGIN
  IF bulk THEN
    PERFORM pg_advisory_xact_lock(61, 0);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(61, 0);
    PERFORM pg_advisory_xact_lock(hashtextextended(id::text, 61)) FROM (SELECT DISTINCT unnest(ids) AS id ORDER BY 1) booking;
  END IF;
  WITH deleted AS (DELETE FROM report_facts WHERE booking_id = ANY (ids) RETURNING person_key)
  SELECT array_agg(DISTINCT person_key) INTO old_persons FROM deleted;
  -- Written booking by booking (index lookups in lateral subqueries), so that one plan serves both a
  -- single booking and a million: no estimate of how many there are can make it quadratic.
  WITH inserted AS (
    INSERT INTO report_facts (booking_id, month, is_booking, starts_at, ends_at, month_no, person_key, provider_id, project_id,
                              municipality, company_id, area, area_bit, places, wait_days, first_day, last_day, home_care, camp, employee,
                              codice_fiscale, minutes, delivered, no_shows, recorded,
                              welfare_credit_payments, welfare_credit_cents, voucher_payments, voucher_cents,
                              card_payments, card_cents, at_provider_payments, at_provider_cents)
    SELECT b.id, m.month, m.is_booking, b.starts_at, b.ends_at, start.month_no,
           hashtextextended(b.person, 0), s.provider_id, b.project_id, a.municipality, e.company_id,
           s.area, 1 << sa.position, b.places,
           start.day - (b.created_at AT TIME ZONE 'Europe/Rome')::date, start.day, (b.ends_at AT TIME ZONE 'Europe/Rome')::date,
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
        SELECT (b.starts_at AT TIME ZONE 'Europe/Rome')::date AS day,
               date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome')::date AS month,
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
     WHERE b.id = ANY (ids) AND b.status = 'confirmed'
    RETURNING person_key)
  SELECT array_agg(DISTINCT person_key) INTO new_persons FROM inserted;
  -- The persons of the old rows and the new (a booking moved to someone else leaves both), in order.
  persons := ARRAY(SELECT DISTINCT key FROM unnest(coalesce(old_persons, '{}') || coalesce(new_persons, '{}')) key ORDER BY 1);
  IF cardinality(persons) > 0 THEN
    IF NOT bulk THEN
      PERFORM pg_advisory_xact_lock(hashtextextended(key::text, 64)) FROM unnest(persons) WITH ORDINALITY AS p(key, n) ORDER BY n;
    END IF;
    PERFORM report_person_windows_refresh(persons);
  END IF;
END $$;

-- Everything counted so far, once, into the new tables (the facts again with their waits in days).
SELECT report_facts_refresh(array_agg(id)) FROM bookings WHERE status = 'confirmed' HAVING count(*) > 0;
