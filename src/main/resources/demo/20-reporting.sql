-- Reporting (issue 23, part 3): a year of history so that "Rapporti" (rapporti.html) is not empty
-- on the first run. For every demo service sold by the hour or the session, on every fourth day
-- from a year ago to ten days ago (the days of demo/17-delivery.sql stay untouched) when its rules
-- open that weekday, one confirmed booking on the day's last opening, for the demo's citizens and
-- employees in turn, requested 1 to 20 days before; all but the last 30 days recorded as delivered
-- (about 85 in 100), partial (half the time) or no-show, by a fixed hash of the booking so every run
-- is the same. No payments: money rows queue receipts, and the demo's money is demo/15-payments.sql.
-- Runs inside DemoData's transaction after 17-delivery.sql; running it twice changes nothing (the
-- slots are taken).
WITH today AS (
  SELECT (now() AT TIME ZONE 'Europe/Rome')::date AS day
), people AS (
  SELECT id::text AS person, row_number() OVER (ORDER BY username) - 1 AS n, count(*) OVER () AS total
    FROM accounts WHERE roles && ARRAY['citizen', 'employee'] AND disabled_at IS NULL
), opening AS (
  SELECT DISTINCT ON (r.service_id, d.day) r.service_id, r.resource_id, r.places, r.slot_minutes, d.day,
         ((d.day + r.opens) AT TIME ZONE 'Europe/Rome') AS starts_at,
         ((d.day + r.opens + make_interval(mins => r.slot_minutes)) AT TIME ZONE 'Europe/Rome') AS ends_at,
         res.kind = 'person' AS one_at_a_time, s.tariff_cents, s.provider_id,
         abs(hashtext(r.service_id::text || d.day::text)) AS h
    FROM schedule_rules r
    JOIN resources res ON res.id = r.resource_id
    JOIN services s ON s.id = r.service_id AND s.tariff_unit IN ('hour', 'session') AND s.retired_at IS NULL
   CROSS JOIN today
   CROSS JOIN LATERAL (SELECT g::date AS day FROM generate_series(today.day - 365, today.day - 10, interval '1 day') g) d
   WHERE r.retired_at IS NULL AND r.weekday = extract(isodow FROM d.day)
     AND (d.day - DATE '2000-01-01') % 4 = 0
   ORDER BY r.service_id, d.day, r.opens DESC, r.resource_id
), slot AS (
  INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken)
  SELECT service_id, resource_id, starts_at, ends_at, places, 1 FROM opening
  ON CONFLICT DO NOTHING
  RETURNING id, resource_id, starts_at
), booking AS (
  INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                        person, acted_by, price_cents, created_at, updated_at)
  SELECT (SELECT string_agg(substr('ACDEFGHJKMNPQRTUVWXY34679', get_byte(decode(md5('rapporti' || s.id::text), 'hex'), i) % 25 + 1, 1), '')
            FROM generate_series(0, 7) i),
         s.id, o.service_id, o.resource_id, o.starts_at, o.ends_at, 1, 'confirmed', o.one_at_a_time,
         p.person, p.person, o.tariff_cents * greatest(1, o.slot_minutes / 60),
         o.starts_at - make_interval(days => 1 + (o.h % 20)::int), o.starts_at - make_interval(days => 1 + (o.h % 20)::int)
    FROM opening o
    JOIN slot s ON s.resource_id = o.resource_id AND s.starts_at = o.starts_at
    JOIN people p ON p.n = o.h % p.total
  RETURNING id, service_id, starts_at, ends_at, person, created_at
), audit AS (
  INSERT INTO booking_audit (booking_id, actor, action, detail, at)
  SELECT id, person, 'confirmed', jsonb_build_object('person', person, 'demo', true), created_at FROM booking
), outcome AS (
  SELECT b.*, sv.provider_id, abs(hashtext(b.id::text)) % 100 AS roll,
         (extract(epoch FROM b.ends_at - b.starts_at) / 60)::int AS booked
    FROM booking b JOIN services sv ON sv.id = b.service_id CROSS JOIN today
   WHERE b.starts_at < (today.day - 30)::timestamp AT TIME ZONE 'Europe/Rome'
), recorded AS (
  INSERT INTO delivery_records (booking_id, provider_id, month, outcome, minutes, version, recorded_by, recorded_at)
  SELECT id, provider_id, date_trunc('month', starts_at AT TIME ZONE 'Europe/Rome')::date,
         CASE WHEN roll < 85 THEN 'delivered' WHEN roll < 93 THEN 'partial' ELSE 'no_show' END,
         CASE WHEN roll < 85 THEN booked WHEN roll < 93 THEN greatest(1, booked / 2) ELSE 0 END, 1,
         coalesce((SELECT a.id::text FROM accounts a WHERE a.provider_id = outcome.provider_id AND 'provider_admin' = ANY (a.roles)
                    ORDER BY a.username LIMIT 1), 'demo'), ends_at + interval '2 hours'
    FROM outcome
  RETURNING *
)
INSERT INTO delivery_history (booking_id, version, kind, outcome, minutes, note, recorded_by, recorded_at)
SELECT booking_id, version, 'recorded', outcome, minutes, note, recorded_by, recorded_at FROM recorded;
