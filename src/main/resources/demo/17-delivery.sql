-- Delivery (issue 23, part 1): a few bookings of Il Germoglio (the demo provider admin's
-- cooperative) on its last opening days, three of them recorded (delivered, partial, no-show) and
-- one still to record, so that "La giornata" (giornata-ente.html) has a past day to show on the
-- first run. Each is on its service's rule (same resource and start as the catalog generates) on
-- the latest weekday of the rule in its window of seven days before today less days_ago. Runs
-- inside DemoData's transaction; running it twice changes nothing.
WITH wanted (code, service_id, person, days_ago, outcome, minutes, note) AS (VALUES
  ('DMNDRG34', '50000000-0000-4000-8000-000000000001'::uuid, 'cittadino', 1, 'delivered', NULL::int, NULL::text),
  ('DMNDRG36', '50000000-0000-4000-8000-000000000013'::uuid, 'roberto.cortinovis', 1, 'partial', 150,
   'Uscito alle 16.30: visita dal pediatra.'),
  ('DMNDRG37', '50000000-0000-4000-8000-000000000001'::uuid, 'roberto.cortinovis', 8, 'no_show', NULL, 'Assente senza avviso.'),
  ('DMNDRG39', '50000000-0000-4000-8000-000000000013'::uuid, 'cittadino', 8, NULL, NULL, NULL)
), opening AS (
  SELECT DISTINCT ON (w.code) w.*, r.resource_id, r.places, r.slot_minutes,
         (d::date + r.opens) AT TIME ZONE 'Europe/Rome' AS starts_at,
         (d::date + r.opens + make_interval(mins => r.slot_minutes)) AT TIME ZONE 'Europe/Rome' AS ends_at,
         res.kind = 'person' AS one_at_a_time
    FROM wanted w
    JOIN schedule_rules r ON r.service_id = w.service_id AND r.retired_at IS NULL
    JOIN resources res ON res.id = r.resource_id
   CROSS JOIN generate_series((now() AT TIME ZONE 'Europe/Rome')::date - w.days_ago - 6,
                              (now() AT TIME ZONE 'Europe/Rome')::date - w.days_ago, interval '1 day') d
   WHERE r.weekday = extract(isodow FROM d) AND r.valid_from <= d::date AND (r.valid_until IS NULL OR r.valid_until >= d::date)
     AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.code = w.code)
   ORDER BY w.code, d DESC, r.opens, r.resource_id
), slot AS (
  INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken)
  SELECT service_id, resource_id, starts_at, ends_at, places, 1 FROM opening
  ON CONFLICT DO NOTHING
  RETURNING id, resource_id, starts_at
), booking AS (
  INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                        person, acted_by, price_cents)
  SELECT o.code, s.id, o.service_id, o.resource_id, o.starts_at, o.ends_at, 1, 'confirmed', o.one_at_a_time,
         (SELECT id::text FROM accounts WHERE username = o.person), (SELECT id::text FROM accounts WHERE username = o.person),
         (SELECT tariff_cents FROM services WHERE id = o.service_id)
    FROM opening o JOIN slot s ON s.resource_id = o.resource_id AND s.starts_at = o.starts_at
  RETURNING id, code, slot_id, service_id, starts_at, person
), audit AS (
  INSERT INTO booking_audit (booking_id, actor, action, detail)
  SELECT id, person, 'confirmed', jsonb_build_object('person', person, 'demo', true) FROM booking
), recorded AS (
  INSERT INTO delivery_records (booking_id, slot_id, provider_id, month, outcome, minutes, note, version, recorded_by, recorded_at)
  SELECT b.id, b.slot_id, sv.provider_id, date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome')::date, o.outcome,
         CASE o.outcome WHEN 'no_show' THEN 0 WHEN 'partial' THEN o.minutes ELSE o.slot_minutes END, o.note, 1,
         (SELECT id::text FROM accounts WHERE username = 'admin.cooperativa'), b.starts_at + interval '10 hours'
    FROM booking b JOIN opening o ON o.code = b.code JOIN services sv ON sv.id = b.service_id
   WHERE o.outcome IS NOT NULL
  RETURNING *
)
INSERT INTO delivery_history (booking_id, slot_id, version, kind, outcome, minutes, note, recorded_by, recorded_at)
SELECT booking_id, slot_id, version, 'recorded', outcome, minutes, note, recorded_by, recorded_at FROM recorded;
