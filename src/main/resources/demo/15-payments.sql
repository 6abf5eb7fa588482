-- Payments demo (issue 21). Four demo cooperatives take card payments on their own Stripe
-- connected accounts (demo ids: no real account is behind them, the network never holds the money);
-- the others take payment at their desk. The demo citizen (Giulia, "cittadino") has two bookings at
-- Il Germoglio on its next opening day: one paid by card, with its ledger row, and one confirmed
-- "da pagare" at the cooperative, which its admin (admin.cooperativa) records as received.
UPDATE providers SET stripe_account = v.account
  FROM (VALUES ('10000000-0000-4000-8000-000000000001'::uuid, 'acct_1DemoGermoglio0001'),
               ('10000000-0000-4000-8000-000000000002'::uuid, 'acct_1DemoLanterna00002'),
               ('10000000-0000-4000-8000-000000000005'::uuid, 'acct_1DemoAurora000005'),
               ('10000000-0000-4000-8000-000000000009'::uuid, 'acct_1DemoGirotondo0009')) AS v (id, account)
 WHERE providers.id = v.id;

-- The slot is the one the catalog generates from the service's schedule rule (same resource and
-- start: the generator keeps it), on the first opening day of a session service of Il Germoglio
-- from the day after tomorrow.
WITH opening AS (
  SELECT r.service_id, r.resource_id, (d::date + r.opens) AT TIME ZONE 'Europe/Rome' AS starts_at,
         (d::date + r.opens + make_interval(mins => r.slot_minutes)) AT TIME ZONE 'Europe/Rome' AS ends_at, r.places
    FROM schedule_rules r JOIN services sv ON sv.id = r.service_id
    CROSS JOIN generate_series((now() AT TIME ZONE 'Europe/Rome')::date + 2,
                               (now() AT TIME ZONE 'Europe/Rome')::date + 120, interval '1 day') d
   WHERE sv.provider_id = '10000000-0000-4000-8000-000000000001' AND sv.tariff_unit = 'session'
     AND r.retired_at IS NULL AND r.places >= 2
     AND r.weekday = extract(isodow FROM d) AND r.valid_from <= d::date
     AND (r.valid_until IS NULL OR r.valid_until >= d::date)
   ORDER BY d, r.opens LIMIT 1
), slot AS (
  INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken)
  SELECT service_id, resource_id, starts_at, ends_at, places, 2 FROM opening
  RETURNING id, service_id, resource_id, starts_at, ends_at
), booking AS (
  INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                        person, acted_by, price_cents)
  SELECT v.code, s.id, s.service_id, s.resource_id, s.starts_at, s.ends_at, 1, 'confirmed', false,
         (SELECT id::text FROM accounts WHERE username = 'cittadino'),
         (SELECT id::text FROM accounts WHERE username = 'cittadino'),
         (SELECT tariff_cents FROM services WHERE id = s.service_id)
    FROM slot s CROSS JOIN (VALUES ('PAGATAC7'), ('DAPAGAR3')) AS v (code)
  RETURNING id, code, service_id, person, price_cents
), paid AS (
  INSERT INTO payments (booking_id, provider_id, person, method, amount_cents, state, stripe_account, stripe_session,
                        stripe_payment_intent, session_expires_at, created_by, recorded_by, completed_at)
  SELECT b.id, sv.provider_id, b.person, 'card', b.price_cents, 'completed', 'acct_1DemoGermoglio0001',
         'cs_demo_a1Sportello0001', 'pi_demo_3Sportello0001', now() - interval '20 minutes', b.person, 'stripe',
         now() - interval '40 minutes'
    FROM booking b JOIN services sv ON sv.id = b.service_id WHERE b.code = 'PAGATAC7'
  RETURNING *
), due AS (
  INSERT INTO payments (booking_id, provider_id, person, method, amount_cents, state, created_by)
  SELECT b.id, sv.provider_id, b.person, 'at_provider', b.price_cents, 'due', b.person
    FROM booking b JOIN services sv ON sv.id = b.service_id WHERE b.code = 'DAPAGAR3'
), ledger AS (
  INSERT INTO money_ledger (payment_id, booking_id, provider_id, method, kind, amount_cents, actor, at)
  SELECT id, booking_id, provider_id, method, 'payment', amount_cents, 'stripe', completed_at FROM paid
)
INSERT INTO booking_audit (booking_id, actor, action, detail)
SELECT id, person, 'confirmed', jsonb_build_object('person', person, 'demo', true) FROM booking;
