-- Intake questions (issue 18, flow 4): what each demo service asks when a booking is confirmed,
-- and a few demo bookings with their answers, so that the cooperative's list of bookings
-- (GET /api/v1/provider/bookings, the demo provider admin is Il Germoglio) and "my bookings" show
-- answers on the first run. Runs after 03-schedules.sql and the accounts, inside DemoData's
-- transaction: no transaction control here. Running it twice changes nothing.

-- At-home services go to someone's home: who receives the service and where are required.
INSERT INTO service_intake_questions (service_id, kind, required)
SELECT s.id, q.kind, q.required FROM services s
 CROSS JOIN (VALUES ('beneficiary', true), ('address', true), ('notes', false)) AS q (kind, required)
 WHERE s.delivery_mode = 'at_home'
ON CONFLICT DO NOTHING;

-- In person, for children, pupils and the elderly: the name of who attends helps the staff (not
-- required: a parent may book first and say later); notes everywhere in person. Online services ask nothing.
INSERT INTO service_intake_questions (service_id, kind, required)
SELECT s.id, 'beneficiary', false FROM services s
 WHERE s.delivery_mode = 'at_place' AND s.area IN ('childhood', 'education', 'elderly')
ON CONFLICT DO NOTHING;
INSERT INTO service_intake_questions (service_id, kind, required)
SELECT s.id, 'notes', false FROM services s WHERE s.delivery_mode = 'at_place'
ON CONFLICT DO NOTHING;

-- Confirmed demo bookings with answers, each on the first opening of its service at least
-- after_days from today that no closure or day exception touches. The slot is the one the catalog
-- generates from the rule (same resource and start, so the generator keeps it), as in
-- 06-welfare-consent.sql. Each row a different slot.
WITH wanted (code, service_id, person, acted_by, after_days, beneficiary, address, notes) AS (VALUES
  -- Il Germoglio (the demo provider admin's cooperative): the nido and the after-school club.
  ('DMNDAC34', '50000000-0000-4000-8000-000000000001'::uuid, 'cittadino', 'cittadino', 2,
   'Giulia Bianchi', NULL, 'Allergia alle arachidi: la merenda la porto io.'),
  ('DMNDAC36', '50000000-0000-4000-8000-000000000001'::uuid, 'roberto.cortinovis', 'roberto.cortinovis', 5,
   'Sofia Cortinovis', NULL, NULL),
  ('DMNDAC37', '50000000-0000-4000-8000-000000000013'::uuid, 'roberto.cortinovis', 'operatore', 3,
   'Luca Cortinovis', NULL, E'Esce alle 17.30 con il nonno Piero.\nPorta il libro di lettura.'),
  -- La Lanterna's home care, booked by the demo operator for the demo citizen's father.
  ('DMNDAC39', '50000000-0000-4000-8000-000000000025'::uuid, 'cittadino', 'operatore', 3,
   'Franco Bianchi', 'Via Pignolo 12, 24121 Bergamo', 'Citofono Bianchi, secondo piano senza ascensore.')
), opening AS (
  SELECT w.*, o.resource_id, o.starts_at, o.ends_at, o.places, o.one_at_a_time
    FROM wanted w
   CROSS JOIN LATERAL (
     SELECT r.resource_id, (d::date + r.opens) AT TIME ZONE 'Europe/Rome' AS starts_at,
            (d::date + r.opens + make_interval(mins => r.slot_minutes)) AT TIME ZONE 'Europe/Rome' AS ends_at,
            r.places, res.kind = 'person' AS one_at_a_time
       FROM schedule_rules r JOIN resources res ON res.id = r.resource_id
      CROSS JOIN generate_series((now() AT TIME ZONE 'Europe/Rome')::date + w.after_days,
                                 (now() AT TIME ZONE 'Europe/Rome')::date + w.after_days + 21, interval '1 day') d
      WHERE r.service_id = w.service_id AND r.retired_at IS NULL
        AND r.weekday = extract(isodow FROM d) AND r.valid_from <= d::date
        AND (r.valid_until IS NULL OR r.valid_until >= d::date)
        AND NOT EXISTS (SELECT 1 FROM closures c WHERE c.provider_id = r.provider_id AND d::date BETWEEN c.from_date AND c.to_date
                          AND (c.resource_id IS NULL OR c.resource_id = r.resource_id))
        AND NOT EXISTS (SELECT 1 FROM schedule_exceptions e WHERE e.service_id = r.service_id
                          AND e.resource_id = r.resource_id AND e.on_date = d::date)
        AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.code = w.code)
      ORDER BY d, r.opens, r.resource_id LIMIT 1) o
), slot AS (
  INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken)
  SELECT service_id, resource_id, starts_at, ends_at, places, 1 FROM opening
  RETURNING id, resource_id, starts_at
), booking AS (
  INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                        person, acted_by, intake_beneficiary, intake_address, intake_notes, price_cents)
  SELECT o.code, s.id, o.service_id, o.resource_id, o.starts_at, o.ends_at, 1, 'confirmed', o.one_at_a_time,
         (SELECT id::text FROM accounts WHERE username = o.person), (SELECT id::text FROM accounts WHERE username = o.acted_by),
         o.beneficiary, o.address, o.notes, (SELECT tariff_cents FROM services WHERE id = o.service_id)
    FROM opening o JOIN slot s ON s.resource_id = o.resource_id AND s.starts_at = o.starts_at
  RETURNING id, person, acted_by
)
INSERT INTO booking_audit (booking_id, actor, action, detail)
SELECT id, acted_by, 'confirmed', jsonb_build_object('person', person, 'demo', true) FROM booking;
