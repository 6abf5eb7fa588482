-- Sportello demo data for the municipalities' side (issue 22): the Comune di Piazzola sul Brenta
-- as a provider of kind municipality, with a municipal service in the catalog like any other
-- ("Pasti a domicilio per anziani", for Piazzola's residents), and three shops of the town
-- (groceries, pharmacy, bakery) that the Comune accredits to accept its buoni spesa. The Comune's
-- officer (funzionario.piazzola), the shopkeepers (negozio.*) and a resident (cittadina.piazzola)
-- are in accounts.json. Loaded by DemoData right after 01-organisations.sql, before the accounts
-- (an officer's account must find its Comune), inside DemoData's transaction. Fixed ids and
-- ON CONFLICT: running it twice changes nothing. VAT numbers are fictional.

INSERT INTO municipalities (istat_code, name, province) VALUES ('028063', 'Piazzola sul Brenta', 'PD')
ON CONFLICT DO NOTHING;

INSERT INTO providers (id, name, vat_number, municipality, kind, address, shop_category, description, reply_to_email) VALUES
  ('10000000-0000-4000-8000-000000000101', 'Comune di Piazzola sul Brenta', '80009770282', '028063', 'municipality',
   'Viale Silvestro Camerini 3, 35016 Piazzola sul Brenta (PD)', NULL,
   'I servizi sociali del Comune di Piazzola sul Brenta: pasti e assistenza a domicilio per gli anziani, contributi e buoni spesa per le famiglie.',
   'info@comunepiazzola.example.org'),
  ('10000000-0000-4000-8000-000000000102', 'Alimentari Da Silvana', '04511230281', '028063', 'shop',
   'Via Dante 14, 35016 Piazzola sul Brenta (PD)', 'groceries',
   'Alimentari, frutta e verdura, pane e latte: la bottega di paese in centro.', 'info@alimentaridasilvana.example.org'),
  ('10000000-0000-4000-8000-000000000103', 'Farmacia Camerini', '04622340282', '028063', 'shop',
   'Piazza Paolo Camerini 7, 35016 Piazzola sul Brenta (PD)', 'pharmacy',
   'Farmacia, parafarmacia e prodotti per l''infanzia.', 'info@farmaciacamerini.example.org'),
  ('10000000-0000-4000-8000-000000000104', 'Panificio Il Brenta', '04733450283', '028063', 'shop',
   'Via Rolando da Piazzola 22, 35016 Piazzola sul Brenta (PD)', 'bakery',
   'Pane fresco ogni mattina, dolci e pasticceria secca.', 'info@panificioilbrenta.example.org')
ON CONFLICT (id) DO NOTHING;

-- The municipal service, as the cooperatives' services are seeded (03-schedules.sql, 13-pricing.sql).
INSERT INTO services (id, provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, welfare_letter,
                      audience, address, vat_treatment) VALUES
  ('50000000-0000-4000-8000-000000001301', '10000000-0000-4000-8000-000000000101', 'elderly',
   'Pasti a domicilio per anziani',
   'Il Comune porta a casa un pasto caldo, dal lunedì al sabato, alle persone anziane che non riescono a cucinare da sole. Il pasto arriva tra le 11 e le 13; si prenota giorno per giorno. Per i residenti di Piazzola sul Brenta.',
   600, 'session', 'at_home', NULL, 'elderly', NULL, 'exempt')
ON CONFLICT (id) DO NOTHING;

INSERT INTO service_municipalities (service_id, municipality) VALUES
  ('50000000-0000-4000-8000-000000001301', '028063')
ON CONFLICT DO NOTHING;

-- At home, as every at-home demo service: who receives the meal and where, both required.
INSERT INTO service_intake_questions (service_id, kind, required) VALUES
  ('50000000-0000-4000-8000-000000001301', 'beneficiary', true),
  ('50000000-0000-4000-8000-000000001301', 'address', true)
ON CONFLICT DO NOTHING;

INSERT INTO resources (id, provider_id, name, kind, capacity) VALUES
  ('60000000-0000-4000-8000-000000001301', '10000000-0000-4000-8000-000000000101', 'Servizio pasti del Comune', 'group', 20)
ON CONFLICT (id) DO NOTHING;

-- Monday to Saturday, one delivery round 11:00–13:00 for up to 20 meals.
INSERT INTO schedule_rules (provider_id, service_id, resource_id, weekday, opens, closes, slot_minutes, places, valid_from)
SELECT '10000000-0000-4000-8000-000000000101', '50000000-0000-4000-8000-000000001301', '60000000-0000-4000-8000-000000001301',
       d.weekday, '11:00', '13:00', 120, 20, '2026-01-01'
  FROM generate_series(1, 6) AS d (weekday)
 WHERE NOT EXISTS (SELECT 1 FROM schedule_rules r WHERE r.resource_id = '60000000-0000-4000-8000-000000001301'
                      AND r.weekday = d.weekday AND r.retired_at IS NULL);

-- The Comune accredits its three shops to accept its buoni spesa ("Dove spendere i buoni").
INSERT INTO shop_accreditations (shop_id, municipality, accredited_by) VALUES
  ('10000000-0000-4000-8000-000000000102', '028063', 'demo'),
  ('10000000-0000-4000-8000-000000000103', '028063', 'demo'),
  ('10000000-0000-4000-8000-000000000104', '028063', 'demo')
ON CONFLICT DO NOTHING;
