-- The needs survey (issue 23, point 5): Orobica Valvole's survey, open from a month ago for a month
-- more, answered by twelve of its employees imported from payroll who have not signed in yet
-- (invited, no password): nine would use after-school care in Bergamo, three home care in Dalmine
-- (a group under 5, so HR sees it hidden). The demo employee 'dipendente' and the others who sign
-- in have not answered: they can. Answers are written as the service writes them: a respondent row
-- per person and the answers, in random order, with no person and no time.
WITH invited (n, municipality, areas, services, times, free_text) AS (VALUES
  (1, '016024', ARRAY['childhood'], ARRAY['after_school'], ARRAY['weekday_afternoon'], 'Un doposcuola vicino allo stabilimento fino alle 18 ci cambierebbe la vita.'),
  (2, '016024', ARRAY['childhood'], ARRAY['after_school','summer_camp'], ARRAY['weekday_afternoon'], NULL),
  (3, '016024', ARRAY['childhood','health'], ARRAY['after_school'], ARRAY['weekday_afternoon','weekend'], 'Servirebbe anche a luglio.'),
  (4, '016024', ARRAY['childhood'], ARRAY['after_school'], ARRAY['weekday_afternoon'], NULL),
  (5, '016024', ARRAY['childhood'], ARRAY['after_school','babysitting'], ARRAY['weekday_evening'], 'Con i turni serve qualcuno anche la sera.'),
  (6, '016024', ARRAY['childhood'], ARRAY['after_school'], ARRAY['weekday_afternoon'], NULL),
  (7, '016024', ARRAY['childhood','work_life'], ARRAY['after_school','laundry'], ARRAY['weekday_afternoon'], NULL),
  (8, '016024', ARRAY['childhood'], ARRAY['after_school'], ARRAY['weekday_afternoon'], 'Meglio se il servizio passa a prendere i bambini a scuola.'),
  (9, '016024', ARRAY['childhood'], ARRAY['after_school','tutoring'], ARRAY['weekday_afternoon'], NULL),
  (10, '016091', ARRAY['elderly'], ARRAY['home_care'], ARRAY['weekday_morning'], NULL),
  (11, '016091', ARRAY['elderly'], ARRAY['home_care'], ARRAY['weekday_morning'], 'Mia madre vive sola.'),
  (12, '016091', ARRAY['elderly'], ARRAY['home_care','elderly_day_centre'], ARRAY['weekday_morning'], NULL)),
people AS (
  INSERT INTO accounts (username, display_name, roles, company_id, email, language, municipality)
  SELECT 'orobica.dip' || n, 'Dipendente Orobica ' || n, ARRAY['employee'], '20000000-0000-4000-8000-000000000001',
         'orobica.dip' || n || '@orobicavalvole.example.org', 'it', municipality
    FROM invited RETURNING id, username),
employed AS (
  INSERT INTO employees (account_id, company_id, group_id, invited_at)
  SELECT p.id, '20000000-0000-4000-8000-000000000001',
         (SELECT id FROM employee_groups WHERE company_id = '20000000-0000-4000-8000-000000000001' AND name = 'Operai e turnisti'),
         now() - interval '40 days'
    FROM people p RETURNING account_id),
survey AS (
  INSERT INTO surveys (company_id, title, opens_on, closes_on, created_by)
  SELECT '20000000-0000-4000-8000-000000000001', 'Di quali servizi avete bisogno? Questionario 2026',
         (now() AT TIME ZONE 'Europe/Rome')::date - 30, (now() AT TIME ZONE 'Europe/Rome')::date + 30, a.id::text
    FROM accounts a WHERE a.username = 'hr.admin' RETURNING id),
answered AS (
  INSERT INTO survey_respondents (survey_id, person) SELECT s.id, e.account_id FROM survey s, employed e RETURNING person)
INSERT INTO survey_answers (survey_id, company_id, municipality, areas, services, times, free_text)
SELECT s.id, '20000000-0000-4000-8000-000000000001', i.municipality, i.areas, i.services, i.times, i.free_text
  FROM survey s, invited i ORDER BY random();
