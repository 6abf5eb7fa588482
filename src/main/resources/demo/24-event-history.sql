-- Sportello demo data: the abbey's guided visits of the last four weekends (issue 24), already
-- held, so that the reports' "Biglietti degli eventi" shows real figures on the first run. Runs after
-- the year of history (22-history.sql), whose people bought the tickets, in its transaction.

-- At each visit a handful of purchases by people of the history (one to
-- four intero or ridotto, now and then a gratuito), confirmed with the price due at the abbey, their tickets
-- issued by V65's trigger as any purchase's; nine in ten admitted at the cloister's door, the rest
-- no-shows. Only once: not when the abbey already has past purchases.
CREATE TEMP TABLE abbey_past ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY d, v.opens) AS n,
       ((d + v.opens::time) AT TIME ZONE 'Europe/Rome') AS starts_at,
       ((d + v.opens::time + interval '90 minutes') AT TIME ZONE 'Europe/Rome') AS ends_at
  FROM generate_series((now() AT TIME ZONE 'Europe/Rome')::date - 28, (now() AT TIME ZONE 'Europe/Rome')::date - 1, interval '1 day') d
 CROSS JOIN (VALUES ('10:00'), ('15:00')) AS v (opens)
 WHERE extract(isodow FROM d) IN (6, 7)
   AND NOT EXISTS (SELECT 1 FROM bookings WHERE service_id = '50000000-0000-4000-8000-000000002401' AND starts_at < now())
   AND EXISTS (SELECT 1 FROM accounts WHERE username LIKE 'storico.%');

CREATE TEMP TABLE abbey_purchase ON COMMIT DROP AS
SELECT p.n, b.k, p.starts_at, p.ends_at,
       (SELECT a.id::text FROM accounts a WHERE a.username LIKE 'storico.%' ORDER BY a.username
         OFFSET (p.n * 7 + b.k * 13) % greatest(1, (SELECT count(*) FROM accounts WHERE username LIKE 'storico.%')) LIMIT 1) AS person,
       1 + (p.n + b.k) % 3 AS intero, (p.n * b.k) % 3 AS ridotto, CASE WHEN (p.n + b.k) % 4 = 0 THEN 1 ELSE 0 END AS gratuito,
       translate(lpad(upper(to_hex(2130706432 + p.n * 16 + b.k)), 8, '0'), '0123456789ABCDEF', 'WXY3467ACDEFGHJK') AS code
  FROM abbey_past p CROSS JOIN generate_series(1, 3 + (SELECT count(*) FROM abbey_past) % 3) b (k);

INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken)
SELECT '50000000-0000-4000-8000-000000002401', '60000000-0000-4000-8000-000000002401', starts_at, min(ends_at),
       greatest(25, sum(intero + ridotto + gratuito)::int),
       sum(intero + ridotto + gratuito)::int
  FROM abbey_purchase GROUP BY starts_at
ON CONFLICT DO NOTHING;

INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time, person,
                      acted_by, price_cents, price_detail, created_at, updated_at)
SELECT ap.code, s.id, s.service_id, s.resource_id, ap.starts_at, ap.ends_at, ap.intero + ap.ridotto + ap.gratuito, 'confirmed',
       false, ap.person, ap.person, ap.intero * 1200 + ap.ridotto * 800,
       jsonb_build_object('unit', 'place', 'quantity', 1, 'unitCents', 1200, 'places', ap.intero + ap.ridotto + ap.gratuito,
         'priceCents', ap.intero * 1200 + ap.ridotto * 800,
         'lines', (SELECT jsonb_agg(jsonb_build_object('label', l.count || ' × ' || l.label, 'cents', l.count * l.cents) ORDER BY l.pos)
                     FROM (VALUES (1, 'Intero', ap.intero, 1200), (2, 'Ridotto', ap.ridotto, 800), (3, 'Gratuito', ap.gratuito, 0)) l (pos, label, count, cents)
                    WHERE l.count > 0),
         'rounding', 'Biglietti: il prezzo di ogni tipo per il numero di biglietti.',
         'tickets', (SELECT jsonb_agg(jsonb_build_object('typeId', tt.id, 'type', tt.code, 'count', l.count, 'unitCents', tt.price_cents)
                                      ORDER BY tt.position)
                       FROM (VALUES ('intero', ap.intero), ('ridotto', ap.ridotto), ('gratuito', ap.gratuito)) l (code, count)
                       JOIN ticket_types tt ON tt.service_id = '50000000-0000-4000-8000-000000002401' AND tt.code = l.code
                      WHERE l.count > 0)),
       ap.starts_at - interval '6 days', ap.starts_at - interval '6 days'
  FROM abbey_purchase ap
  JOIN slots s ON s.resource_id = '60000000-0000-4000-8000-000000002401' AND s.starts_at = ap.starts_at
ON CONFLICT DO NOTHING;

UPDATE tickets t SET admitted_at = b.starts_at + make_interval(mins => 2 + t.seq), admitted_device = 'Ingresso del chiostro',
       admitted_by = (SELECT id::text FROM accounts WHERE username = 'admin.cooperativa')
  FROM bookings b
 WHERE b.id = t.booking_id AND b.service_id = '50000000-0000-4000-8000-000000002401' AND b.ends_at < now()
   AND t.admitted_at IS NULL AND b.code IN (SELECT code FROM abbey_purchase)
   AND (get_byte(decode(md5(t.code), 'hex'), 0) % 10) <> 0;
