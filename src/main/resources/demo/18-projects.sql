-- Projects and funders (issue 23, part 2): two projects of Il Germoglio (the demo provider admin's
-- cooperative), one with a budget in hours funding its nido, one in euros funding its after-school
-- club, each over this year, so that "Progetti e finanziatori" (progetti-ente.html) shows their use
-- on the first run. The bookings of those services made before (demo/17-delivery.sql) are tagged
-- as V54's trigger tags new ones: with the project covering their Rome day. Runs inside DemoData's
-- transaction; running it twice changes nothing.
WITH wanted (name, funder, service_id, budget_minutes, budget_cents) AS (VALUES
  ('Conciliamo Bergamo', 'Regione Lombardia - Bando Conciliamo', '50000000-0000-4000-8000-000000000001'::uuid, 12000, NULL::bigint),
  ('Doposcuola per tutti', 'Fondazione della Comunità Bergamasca', '50000000-0000-4000-8000-000000000013'::uuid, NULL, 500000::bigint)
), made AS (
  INSERT INTO projects (provider_id, name, funder, starts_on, ends_on, budget_minutes, budget_cents, created_by)
  SELECT '10000000-0000-4000-8000-000000000001', w.name, w.funder,
         date_trunc('year', now() AT TIME ZONE 'Europe/Rome')::date - 31,
         (date_trunc('year', now() AT TIME ZONE 'Europe/Rome') + interval '1 year - 1 day')::date,
         w.budget_minutes, w.budget_cents, (SELECT id::text FROM accounts WHERE username = 'admin.cooperativa')
    FROM wanted w
  ON CONFLICT (provider_id, name) DO NOTHING
  RETURNING id, name, starts_on, ends_on
), tied AS (
  INSERT INTO project_services (project_id, service_id, provider_id)
  SELECT m.id, w.service_id, '10000000-0000-4000-8000-000000000001' FROM made m JOIN wanted w ON w.name = m.name
  RETURNING project_id, service_id
)
-- (The new projects are seen through RETURNING: this statement's own inserts are not visible to its scans.)
UPDATE bookings b SET project_id = t.project_id
  FROM tied t JOIN made m ON m.id = t.project_id
 WHERE b.service_id = t.service_id AND b.project_id IS NULL
   AND (b.starts_at AT TIME ZONE 'Europe/Rome')::date BETWEEN m.starts_on AND m.ends_on;
