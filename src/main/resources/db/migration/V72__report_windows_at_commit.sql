-- A person's report windows (V64) were rewritten inside each refresh, under the person's lock
-- held to commit. A transaction that then locked something else crossed one that held that and
-- refreshed the same person's booking: an employee cancelling one booking (its refresh took the
-- person's lock, then its credit went back to the wallet) while confirming another with credit
-- (the wallet first, then the refresh). PostgreSQL broke the deadlock by rolling one back, now
-- and then three times running (BookingInvariantsTest, CI).
--
-- Now a small refresh only notes the persons whose windows it changed; a deferred trigger rewrites
-- them when the transaction commits, after everything else it does, taking their locks in order.
-- A transaction holds a person's lock only at its very end, waiting for nothing but other persons'
-- locks, in the one order. The last to commit still reads every commit before it (the lock, then a
-- fresh snapshot). A bulk refresh (over a thousand bookings) holds the one exclusive lock and
-- rewrites at once, as before. Inside a transaction that must read its own windows before it
-- commits, SET CONSTRAINTS report_person_windows_due IMMEDIATE rewrites them there.
--
-- report_facts_refresh is restated whole below (PostgreSQL replaces a function, it does not patch
-- one): V64's text but its last lines, which note the persons instead of locking and rewriting.
CREATE TABLE report_person_windows_due (
  person_key bigint NOT NULL
);

CREATE FUNCTION report_person_windows_due() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  persons bigint[];
BEGIN
  -- The first firing takes every person this transaction noted (only its own rows are visible:
  -- the others' are uncommitted, and every transaction deletes its own); the later ones find none.
  WITH due AS (DELETE FROM report_person_windows_due RETURNING person_key)
  SELECT array_agg(DISTINCT person_key ORDER BY person_key) INTO persons FROM due;
  IF persons IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended(key::text, 64)) FROM unnest(persons) WITH ORDINALITY AS p(key, n) ORDER BY n;
    PERFORM report_person_windows_refresh(persons);
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER report_person_windows_due AFTER INSERT ON report_person_windows_due
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION report_person_windows_due();

CREATE OR REPLACE FUNCTION report_facts_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
    IF bulk THEN
      PERFORM report_person_windows_refresh(persons);
    ELSE
      -- Rewritten at commit (report_person_windows_due), after everything else the transaction locks.
      INSERT INTO report_person_windows_due (person_key) SELECT unnest(persons);
    END IF;
  END IF;
END $$;
