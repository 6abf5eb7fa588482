-- A year of history (issue 23): past bookings of every demo cooperative's services by people of
-- the demo municipalities and companies, with their delivery recorded (past months closed), their
-- payments with a ledger row each (card, at the provider, welfare credit of the current plans), so
-- that the reports, the project budgets and the statements show a real year on the first run.
--
-- One generator for two sizes. The demo runs it as it is; the reporting benchmark sets, before
-- running it, the sizes it wants (a network's year):
--   sportello.history_bookings        bookings over the past year        (demo: 3000)
--   sportello.history_people          people who booked                  (demo: 400)
--   sportello.history_providers       cooperatives, at least             (demo: those there are)
--   sportello.history_municipalities  municipalities, at least           (demo: those there are)
--   sportello.history_companies       companies, at least                (demo: those there are)
-- Cooperatives, municipalities and companies beyond the demo's are made up ("sintetica"), each
-- cooperative with one service per area. The people are made up: "Persona di esempio N", with a
-- codice fiscale of the right shape (and a birth date, one in seven over 75), no e-mail, no phone.
-- Runs inside one transaction; running it twice changes nothing (the people are its marker).

CREATE TEMP TABLE history_size ON COMMIT DROP AS
SELECT coalesce(nullif(current_setting('sportello.history_bookings', true), '')::int, 3000) AS bookings,
       coalesce(nullif(current_setting('sportello.history_people', true), '')::int, 400) AS people,
       coalesce(nullif(current_setting('sportello.history_providers', true), '')::int, 0) AS providers,
       coalesce(nullif(current_setting('sportello.history_municipalities', true), '')::int, 0) AS municipalities,
       coalesce(nullif(current_setting('sportello.history_companies', true), '')::int, 0) AS companies,
       NOT EXISTS (SELECT 1 FROM accounts WHERE username LIKE 'storico.%') AS wanted,
       (now() AT TIME ZONE 'Europe/Rome')::date AS today;

-- Municipalities, cooperatives and companies to reach the sizes asked for.
INSERT INTO municipalities (istat_code, name, province)
SELECT '9' || lpad(n::text, 5, '0'), 'Comune sintetico ' || n, 'ZZ'
  FROM history_size h, generate_series(1, greatest(0, h.municipalities - (SELECT count(*) FROM municipalities))) n
 WHERE h.wanted
ON CONFLICT DO NOTHING;

CREATE TEMP TABLE history_municipality ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY istat_code) - 1 AS idx, istat_code FROM municipalities;

INSERT INTO providers (name, vat_number, municipality, description, legal_name, legal_address, fiscal_code)
SELECT 'Cooperativa sintetica ' || n, '9' || lpad(n::text, 10, '0'),
       (SELECT istat_code FROM history_municipality WHERE idx = n % (SELECT count(*) FROM history_municipality)),
       'Cooperativa creata per misurare i rapporti su un anno di una rete.',
       'Cooperativa sintetica ' || n || ' Società Cooperativa Sociale', 'Via del Lavoro ' || n, '9' || lpad(n::text, 10, '0')
  FROM history_size h, generate_series(1, greatest(0, h.providers - (SELECT count(*) FROM providers WHERE kind = 'cooperative'))) n
 WHERE h.wanted
ON CONFLICT DO NOTHING;

-- One service per area for each made-up cooperative, on its own resource.
WITH kinds (area, title, unit, tariff, mode, audience, resource_kind) AS (VALUES
  ('education', 'Corso di italiano per adulti', 'session', 1500, 'at_place', 'adults', 'group'),
  ('childhood', 'Centro estivo', 'week', 9000, 'at_place', 'children', 'group'),
  ('elderly', 'Assistenza domiciliare', 'hour', 2200, 'at_home', 'elderly', 'person'),
  ('work_life', 'Servizio salvatempo', 'session', 1800, 'at_home', 'adults', 'person'),
  ('health', 'Ginnastica dolce', 'session', 1000, 'at_place', 'everyone', 'group')
), made_up AS (
  SELECT p.id AS provider_id, p.municipality, k.*
    FROM providers p CROSS JOIN kinds k, history_size h
   WHERE h.wanted AND p.name LIKE 'Cooperativa sintetica %'
), resource AS (
  INSERT INTO resources (provider_id, name, kind, capacity)
  SELECT provider_id, title, resource_kind, CASE resource_kind WHEN 'person' THEN 1 ELSE 30 END FROM made_up
  RETURNING id, provider_id, name
), service AS (
  INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, welfare_letter,
                        audience, address)
  SELECT provider_id, area, title, title || ' della cooperativa, per misurare i rapporti.', tariff, unit, mode,
         CASE area WHEN 'elderly' THEN 'f_ter' WHEN 'childhood' THEN 'f_bis' ELSE 'f' END, audience,
         CASE mode WHEN 'at_place' THEN 'Via del Lavoro 1' END
    FROM made_up
  RETURNING id, provider_id, title
), served AS (
  INSERT INTO service_municipalities (service_id, municipality)
  SELECT s.id, p.municipality FROM service s JOIN providers p ON p.id = s.provider_id
)
INSERT INTO schedule_rules (provider_id, service_id, resource_id, weekday, opens, closes, slot_minutes, places, valid_from,
                            valid_until)
SELECT s.provider_id, s.id, r.id, 1, '08:00', '10:00', 120, 1, (SELECT today FROM history_size) - 400,
       (SELECT today FROM history_size) - 1
  FROM service s JOIN resource r ON r.provider_id = s.provider_id AND r.name = s.title;

INSERT INTO companies (name, vat_number, municipality)
SELECT 'Azienda sintetica ' || n, '8' || lpad(n::text, 10, '0'),
       (SELECT istat_code FROM history_municipality WHERE idx = n % (SELECT count(*) FROM history_municipality))
  FROM history_size h, generate_series(1, greatest(0, h.companies - (SELECT count(*) FROM companies))) n
 WHERE h.wanted
ON CONFLICT DO NOTHING;
INSERT INTO employee_groups (company_id, name)
SELECT c.id, 'Tutti i dipendenti' FROM companies c
 WHERE c.name LIKE 'Azienda sintetica %' AND NOT EXISTS (SELECT 1 FROM employee_groups g WHERE g.company_id = c.id)
ON CONFLICT DO NOTHING;
-- This year's plan of every group that has none, so that employees pay with their credit.
INSERT INTO welfare_plans (company_id, group_id, plan_year, credit_per_employee_cents, starts_on, ends_on, unused_credit)
SELECT g.company_id, g.id, extract(year FROM h.today)::int, 60000, make_date(extract(year FROM h.today)::int, 1, 1),
       make_date(extract(year FROM h.today)::int, 12, 31), 'expires'
  FROM employee_groups g, history_size h
 WHERE h.wanted AND NOT EXISTS (SELECT 1 FROM welfare_plans w WHERE w.group_id = g.id AND w.plan_year = extract(year FROM h.today))
ON CONFLICT DO NOTHING;

-- The services the year is made of: the live ones with a resource (its first weekly rule's). Events
-- sold by ticket (V65) are not: a past visit's purchases would need their tickets and admissions.
CREATE TEMP TABLE history_service ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY s.provider_id, s.id) - 1 AS idx, s.id, s.provider_id, s.area, s.tariff_unit,
       s.tariff_cents, s.welfare_letter, r.resource_id, res.kind = 'person' AS one_at_a_time
  FROM services s
  JOIN providers p ON p.id = s.provider_id AND p.kind = 'cooperative'
  JOIN LATERAL (SELECT resource_id FROM schedule_rules r WHERE r.service_id = s.id ORDER BY r.created_at, r.id LIMIT 1) r ON true
  JOIN resources res ON res.id = r.resource_id
 WHERE s.retired_at IS NULL AND s.tariff_unit IN ('hour', 'session', 'day', 'place', 'week')
   AND NOT EXISTS (SELECT 1 FROM ticket_types t WHERE t.service_id = s.id);

-- The people: one in seven over 75 (born 1931-1950), two in five employees of a company.
CREATE TEMP TABLE history_person ON COMMIT DROP AS
SELECT n - 1 AS idx,
       CASE WHEN n % 7 = 0 THEN 'old' WHEN n % 5 IN (1, 2) THEN 'employee' ELSE 'citizen' END AS kind,
       CASE WHEN n % 7 = 0 THEN 1931 + n % 20 ELSE 1960 + n % 41 END AS birth_year,
       1 + n % 12 AS birth_month, 1 + n % 28 AS birth_day,
       (SELECT istat_code FROM history_municipality
         WHERE idx = (n::bigint * 7919) % (SELECT count(*) FROM history_municipality)) AS municipality,
       n
  FROM history_size h, generate_series(1, h.people) n
 WHERE h.wanted;

-- A codice fiscale of the right shape: six letters from the number, birth year, month letter, day
-- (+40 for one in two, as for women), a foreign-birth code and the check letter computed as the
-- Agenzia delle Entrate does, so that every parser reads the birth date back.
CREATE TEMP TABLE history_cf ON COMMIT DROP AS
WITH body AS (
  SELECT p.idx,
         chr(66 + (p.n / 1) % 24) || chr(66 + (p.n / 24) % 24) || chr(66 + (p.n / 576) % 24)
           || chr(66 + (p.n / 13824) % 24) || chr(66 + (p.n / 331776) % 24) || 'X'
           || lpad((p.birth_year % 100)::text, 2, '0') || substr('ABCDEHLMPRST', p.birth_month, 1)
           || lpad((p.birth_day + CASE WHEN p.n % 2 = 0 THEN 40 ELSE 0 END)::text, 2, '0')
           || 'Z' || lpad((100 + p.n % 900)::text, 3, '0') AS cf15
    FROM history_person p
)
SELECT b.idx, b.cf15 || chr(65 + (sum(CASE WHEN i % 2 = 1
         THEN (ARRAY[1,0,5,7,9,13,15,17,19,21,2,4,18,20,11,3,6,8,12,14,16,10,22,25,24,23])[
                CASE WHEN c ~ '[0-9]' THEN ascii(c) - 48 ELSE ascii(c) - 65 END + 1]
         ELSE CASE WHEN c ~ '[0-9]' THEN ascii(c) - 48 ELSE ascii(c) - 65 END END) % 26)::int) AS codice_fiscale
  FROM body b, LATERAL (SELECT i, substr(b.cf15, i, 1) AS c FROM generate_series(1, 15) i) ch
 GROUP BY b.idx, b.cf15;

INSERT INTO accounts (username, display_name, roles, company_id, municipality, codice_fiscale)
SELECT 'storico.' || p.n, 'Persona di esempio ' || p.n,
       CASE p.kind WHEN 'employee' THEN ARRAY['employee'] ELSE ARRAY['citizen'] END,
       CASE p.kind WHEN 'employee' THEN (SELECT id FROM companies ORDER BY id OFFSET (p.n % (SELECT count(*) FROM companies)) LIMIT 1) END,
       p.municipality, cf.codice_fiscale
  FROM history_person p JOIN history_cf cf ON cf.idx = p.idx
ON CONFLICT DO NOTHING;

CREATE TEMP TABLE history_people ON COMMIT DROP AS
SELECT p.idx, p.kind, a.id AS account_id, a.company_id,
       row_number() OVER (PARTITION BY p.kind = 'old' ORDER BY p.idx) - 1 AS kind_idx
  FROM history_person p JOIN accounts a ON a.username = 'storico.' || p.n;
CREATE INDEX ON history_people (kind, kind_idx);

INSERT INTO employees (account_id, company_id, group_id)
SELECT hp.account_id, hp.company_id, (SELECT g.id FROM employee_groups g WHERE g.company_id = hp.company_id ORDER BY g.name LIMIT 1)
  FROM history_people hp WHERE hp.kind = 'employee'
ON CONFLICT DO NOTHING;

-- The bookings: booking n is of service n mod S; service by service, day by day back from
-- yesterday, two hours apart from 08:00 (a week's enrolment Monday 08:30 to Friday 16:30, shared
-- by the children of that week). Home care goes to the people over 75; seven in a hundred are
-- cancelled; one in ten was made by the contact center's operator.
CREATE TEMP TABLE history_booking ON COMMIT DROP AS
WITH n AS (
  SELECT n, (SELECT count(*) FROM history_service) AS services,
         (SELECT count(*) FROM history_people WHERE kind = 'old') AS old_people,
         (SELECT count(*) FROM history_people WHERE kind <> 'old') AS others,
         h.today
    FROM history_size h, generate_series(0, h.bookings - 1) n
   WHERE h.wanted AND (SELECT count(*) FROM history_service) > 0
), placed AS (
  SELECT n.n, s.*, n.today,
         (n.n / n.services) AS m,
         CASE WHEN s.area = 'elderly' AND n.old_people > 0 THEN 'old' ELSE 'other' END AS who,
         CASE WHEN s.area = 'elderly' AND n.old_people > 0 THEN (n.n::bigint * 2654435761) % n.old_people
              ELSE (n.n::bigint * 2654435761) % greatest(n.others, 1) END AS who_idx,
         abs(hashint8(n.n::bigint) % 100) AS dice
    FROM n JOIN history_service s ON s.idx = n.n % n.services
), planned AS (
  SELECT p.n, translate(lpad(upper(to_hex(p.n + 1)), 8, '0'), '0123456789ABCDEF', 'WXY3467ACDEFGHJK') AS code,
         p.id AS service_id, p.provider_id, p.resource_id, p.area, p.tariff_unit, p.tariff_cents, p.one_at_a_time,
         p.welfare_letter, hp.account_id AS person, hp.kind AS person_kind, hp.company_id, p.dice,
         CASE WHEN p.tariff_unit = 'week'
              THEN ((date_trunc('week', p.today::timestamp) - make_interval(weeks => 1 + (p.m % 50)::int))::date + time '08:30') AT TIME ZONE 'Europe/Rome'
              ELSE ((p.today - 1 - (p.m % 365)::int) + time '08:00' + make_interval(hours => 2 * ((p.m / 365) % 6)::int)) AT TIME ZONE 'Europe/Rome'
         END AS starts_at,
         CASE p.tariff_unit WHEN 'week' THEN 2400 WHEN 'hour' THEN 120 ELSE 90 END AS minutes,
         CASE WHEN p.tariff_unit = 'week' AND p.dice % 4 = 0 THEN 2 ELSE 1 END AS places
    FROM placed p
    JOIN history_people hp ON (hp.kind = 'old') = (p.who = 'old') AND hp.kind_idx = p.who_idx
)
SELECT p.*,
       CASE WHEN p.tariff_unit = 'week' THEN p.starts_at + interval '4 days 8 hours'
            ELSE p.starts_at + make_interval(mins => p.minutes) END AS ends_at,
       p.starts_at - make_interval(days => ((p.n::bigint * 31) % 28)::int, hours => 1 + p.n % 9) AS created_at,
       p.tariff_cents * p.places * CASE p.tariff_unit WHEN 'hour' THEN 2 ELSE 1 END AS price_cents,
       CASE WHEN p.dice < 7 THEN 'cancelled' ELSE 'confirmed' END AS status
  FROM planned p;

-- How the confirmed ones were paid: an employee's service payable with welfare credit in this
-- year's plan from the wallet while the credit lasts; of the rest, one in two by card, the others
-- at the cooperative (POS or cash).
CREATE TEMP TABLE history_payment ON COMMIT DROP AS
WITH candidates AS (
  SELECT hb.code, hb.price_cents, hb.dice, w.id AS plan_id, w.credit_per_employee_cents AS credit,
         sum(hb.price_cents) OVER (PARTITION BY hb.person, w.id ORDER BY hb.created_at, hb.n) AS running
    FROM history_booking hb
    LEFT JOIN employees e ON hb.person_kind = 'employee' AND e.account_id = hb.person
    LEFT JOIN welfare_plans w ON w.group_id = e.group_id AND hb.welfare_letter IN ('f', 'f_bis', 'f_ter')
                             AND (hb.created_at AT TIME ZONE 'Europe/Rome')::date BETWEEN w.starts_on AND w.ends_on
   WHERE hb.status = 'confirmed' AND hb.price_cents > 0
)
SELECT code,
       CASE WHEN plan_id IS NOT NULL AND running <= credit THEN 'welfare_credit'
            WHEN dice % 2 = 0 THEN 'card' ELSE 'at_provider' END AS method,
       CASE WHEN plan_id IS NOT NULL AND running <= credit THEN plan_id END AS plan_id
  FROM candidates;
CREATE UNIQUE INDEX ON history_payment (code);

-- One slot per start on each resource (a week's enrolment shares its slot); a slot that would
-- overlap one already there (the demo's own bookings) is left out with its bookings.
CREATE TEMP TABLE history_slot ON COMMIT DROP AS
WITH made AS (
  INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken)
  SELECT service_id, resource_id, starts_at, min(ends_at), sum(places)::int + 2,
         coalesce(sum(places) FILTER (WHERE dice >= 7), 0)::int
    FROM history_booking
   GROUP BY service_id, resource_id, starts_at
  ON CONFLICT DO NOTHING
  RETURNING id, service_id, resource_id, starts_at
)
SELECT * FROM made;

CREATE TEMP TABLE history_booked ON COMMIT DROP AS
WITH booked AS (
  INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time, person,
                        acted_by, price_cents, paid_cents, paid_from_plan, created_at, updated_at)
  SELECT hb.code, s.id, hb.service_id, hb.resource_id, hb.starts_at, hb.ends_at, hb.places, hb.status,
         hb.one_at_a_time AND hb.tariff_unit <> 'week', hb.person::text,
         CASE WHEN hb.dice % 10 = 3 THEN coalesce((SELECT id::text FROM accounts WHERE username = 'operatore'), hb.person::text)
              ELSE hb.person::text END,
         hb.price_cents, CASE WHEN pay.code IS NOT NULL THEN hb.price_cents ELSE 0 END, pay.plan_id,
         hb.created_at, hb.created_at
    FROM history_booking hb
    JOIN history_slot s ON s.resource_id = hb.resource_id AND s.starts_at = hb.starts_at AND s.service_id = hb.service_id
    LEFT JOIN history_payment pay ON pay.code = hb.code
  ON CONFLICT DO NOTHING
  RETURNING id, code, slot_id, service_id, starts_at, ends_at, status, person, acted_by, price_cents, places, created_at
)
SELECT b.*, hb.n, hb.provider_id, hb.tariff_unit, hb.minutes, hb.dice, hb.person_kind, hb.company_id, hb.welfare_letter
  FROM booked b JOIN history_booking hb ON hb.code = b.code;

INSERT INTO booking_audit (booking_id, at, actor, action, detail)
SELECT id, created_at, acted_by, 'confirmed', jsonb_build_object('history', true) FROM history_booked;
INSERT INTO booking_audit (booking_id, at, actor, action, detail)
SELECT id, created_at + interval '2 days', person, 'cancelled', jsonb_build_object('history', true)
  FROM history_booked WHERE status = 'cancelled';

-- Delivery of the confirmed ones: 85 in a hundred delivered, 7 partly (60% of the time), the rest
-- not shown up; recorded by the cooperative the evening of the day.
CREATE TEMP TABLE history_recorder ON COMMIT DROP AS
SELECT p.id AS provider_id,
       coalesce((SELECT a.id::text FROM accounts a WHERE a.provider_id = p.id AND 'provider_admin' = ANY (a.roles)
                  ORDER BY a.created_at LIMIT 1),
                (SELECT a.id::text FROM accounts a WHERE 'supervisor' = ANY (a.roles) ORDER BY a.created_at LIMIT 1),
                'storico') AS actor
  FROM providers p;

WITH recorded AS (
  INSERT INTO delivery_records (booking_id, slot_id, provider_id, month, outcome, minutes, note, version, recorded_by, recorded_at)
  SELECT b.id, b.slot_id, b.provider_id, date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome')::date,
         CASE WHEN b.dice >= 15 THEN 'delivered' WHEN b.dice >= 7 AND b.dice < 10 THEN 'no_show' ELSE 'partial' END,
         CASE WHEN b.dice >= 15 THEN b.minutes WHEN b.dice >= 7 AND b.dice < 10 THEN 0 ELSE b.minutes * 6 / 10 END,
         NULL, 1, r.actor, least(b.ends_at + interval '3 hours', now())
    FROM history_booked b JOIN history_recorder r ON r.provider_id = b.provider_id
   WHERE b.status = 'confirmed' AND b.ends_at < now()
  RETURNING *
)
INSERT INTO delivery_history (booking_id, slot_id, version, kind, outcome, minutes, note, recorded_by, recorded_at)
SELECT booking_id, slot_id, version, 'recorded', outcome, minutes, note, recorded_by, recorded_at FROM recorded;

-- The months before last are closed, as a cooperative closes each month for its funders.
INSERT INTO delivery_periods (provider_id, month, closed_by, closed_at)
SELECT DISTINCT b.provider_id, date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome')::date, r.actor,
       date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome') + interval '1 month 5 days'
  FROM history_booked b JOIN history_recorder r ON r.provider_id = b.provider_id, history_size h
 WHERE date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome') < date_trunc('month', h.today::timestamp) - interval '1 month'
ON CONFLICT DO NOTHING;

-- Their payments, each with its ledger row; receipts follow from the ledger.
CREATE TEMP TABLE history_paid ON COMMIT DROP AS
SELECT b.id AS booking_id, b.provider_id, b.person, b.price_cents, b.created_at, pay.method, pay.plan_id,
       gen_random_uuid() AS payment_id
  FROM history_booked b JOIN history_payment pay ON pay.code = b.code;

INSERT INTO wallets (account_id, plan_id, balance_cents)
SELECT hp.account_id, w.id, w.credit_per_employee_cents
  FROM history_people hp JOIN employees e ON e.account_id = hp.account_id JOIN welfare_plans w ON w.group_id = e.group_id
 WHERE w.plan_year = extract(year FROM (SELECT today FROM history_size))
ON CONFLICT DO NOTHING;
INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, actor, at)
SELECT hp.account_id, w.id, w.credit_per_employee_cents, 'fund', 'storico', w.starts_on::timestamp AT TIME ZONE 'Europe/Rome'
  FROM history_people hp JOIN employees e ON e.account_id = hp.account_id JOIN welfare_plans w ON w.group_id = e.group_id
 WHERE w.plan_year = extract(year FROM (SELECT today FROM history_size));
INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, booking_id, actor, at)
SELECT person::uuid, plan_id, -price_cents, 'payment', booking_id, person, created_at
  FROM history_paid WHERE method = 'welfare_credit';
UPDATE wallets w SET balance_cents = w.balance_cents - spent.cents
  FROM (SELECT person::uuid AS account_id, plan_id, sum(price_cents) AS cents FROM history_paid
         WHERE method = 'welfare_credit' GROUP BY 1, 2) spent
 WHERE w.account_id = spent.account_id AND w.plan_id = spent.plan_id;

INSERT INTO payments (id, booking_id, provider_id, person, method, amount_cents, state, wallet_plan, means, stripe_account,
                      stripe_session, stripe_payment_intent, created_by, recorded_by, created_at, completed_at)
SELECT p.payment_id, p.booking_id, p.provider_id, p.person, p.method, p.price_cents, 'completed', p.plan_id,
       CASE WHEN p.method = 'at_provider' THEN CASE WHEN p.price_cents % 3 = 0 THEN 'cash' ELSE 'pos' END END,
       CASE WHEN p.method = 'card' THEN 'acct_storico' END,
       CASE WHEN p.method = 'card' THEN 'cs_storico_' || replace(p.booking_id::text, '-', '') END,
       CASE WHEN p.method = 'card' THEN 'pi_storico_' || replace(p.booking_id::text, '-', '') END,
       p.person, CASE WHEN p.method = 'at_provider' THEN r.actor END, p.created_at, p.created_at + interval '2 minutes'
  FROM history_paid p JOIN history_recorder r ON r.provider_id = p.provider_id;

INSERT INTO money_ledger (payment_id, booking_id, provider_id, method, kind, amount_cents, actor, at)
SELECT payment_id, booking_id, provider_id, method, 'payment', price_cents, person, created_at + interval '2 minutes'
  FROM history_paid;

-- The statements above wrote each booking's report_facts rows three times (with the booking, then
-- its delivery, then its payments), and the table keeps the space of the two dead versions. Built
-- once more from scratch here, it is as compact as the rows it holds. (A network that grew over a
-- year rewrote them one booking at a time, each new version reusing the space autovacuum reclaimed
-- from older ones.)
DO $$
BEGIN
  IF (SELECT wanted FROM history_size) THEN
    TRUNCATE report_facts, report_day_sums, report_person_windows;
    PERFORM report_facts_refresh(array_agg(id)) FROM bookings WHERE status = 'confirmed';
  END IF;
END $$;
