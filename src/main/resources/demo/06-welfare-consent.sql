-- Welfare consent demo (issue 17, point 7): the demo operator booked a bag at the company ironing
-- service for the demo employee (Luca Ferrari, "dipendente") and asked to pay it with his welfare
-- credit. Nothing is taken until he approves: the request waits in his personal area
-- (prenotazioni.html) and at the welfare point after he identifies. Runs after 05-kiosk.sql.
-- The slot is the one the catalog generates from the service's schedule rule (same resource and
-- start, so the generator keeps it: ON CONFLICT DO NOTHING), on the next opening day after tomorrow.
WITH opening AS (
  SELECT r.service_id, r.resource_id, (d::date + r.opens) AT TIME ZONE 'Europe/Rome' AS starts_at,
         (d::date + r.opens + make_interval(mins => r.slot_minutes)) AT TIME ZONE 'Europe/Rome' AS ends_at, r.places
    FROM schedule_rules r
    CROSS JOIN generate_series((now() AT TIME ZONE 'Europe/Rome')::date + 2,
                               (now() AT TIME ZONE 'Europe/Rome')::date + 16, interval '1 day') d
   WHERE r.service_id = '50000000-0000-4000-8000-000000000038' AND r.retired_at IS NULL
     AND r.weekday = extract(isodow FROM d) AND r.valid_from <= d::date
     AND (r.valid_until IS NULL OR r.valid_until >= d::date)
   ORDER BY d LIMIT 1
), slot AS (
  INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken)
  SELECT service_id, resource_id, starts_at, ends_at, places, 1 FROM opening
  RETURNING id, service_id, resource_id, starts_at, ends_at
), booking AS (
  INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                        person, acted_by, price_cents)
  SELECT 'CQNFERMA', s.id, s.service_id, s.resource_id, s.starts_at, s.ends_at, 1, 'confirmed', false,
         (SELECT id::text FROM accounts WHERE username = 'dipendente'),
         (SELECT id::text FROM accounts WHERE username = 'operatore'),
         (SELECT tariff_cents FROM services WHERE id = s.service_id)
    FROM slot s
  RETURNING id, starts_at, person, acted_by
), audit AS (
  INSERT INTO booking_audit (booking_id, actor, action, detail)
  SELECT id, acted_by, 'confirmed', jsonb_build_object('person', person, 'demo', true) FROM booking
)
INSERT INTO welfare_consents (account_id, booking_id, amount_cents, requested_by, expires_at)
SELECT b.person::uuid, b.id, sv.tariff_cents, b.acted_by, least(b.starts_at, now() + interval '7 days')
  FROM booking b JOIN services sv ON sv.id = '50000000-0000-4000-8000-000000000038';
