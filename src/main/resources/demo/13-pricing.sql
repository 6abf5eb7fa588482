-- Sportello demo data for pricing (issue 21, part A): an hourly service at 21 € an hour with
-- two-hour slots (a slot costs 42,00 € a place), and a service the Comune di Seriate has
-- contracted out with reduced tariffs by ISEE band. Runs after 03-schedules.sql inside DemoData's
-- transaction; slots follow from the rules when the catalog rolls them forward. Running it twice
-- changes nothing (fixed ids, ON CONFLICT).

INSERT INTO services (id, provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, welfare_letter,
                      audience, address, vat_treatment) VALUES
  ('50000000-0000-4000-8000-000000000901', '10000000-0000-4000-8000-000000000002', 'elderly',
   'Assistenza a ore a domicilio',
   'Un operatore socio-sanitario a casa tua per due ore: igiene personale, aiuto nei pasti, compagnia e piccole commissioni. Si paga a ore: 21 euro l''ora, quindi 42 euro a visita.',
   2100, 'hour', 'at_home', 'f_ter', 'elderly', NULL, 'vat_5'),
  ('50000000-0000-4000-8000-000000000902', '10000000-0000-4000-8000-000000000002', 'elderly',
   'Servizio di assistenza domiciliare comunale (SAD) - Comune di Seriate',
   'Servizio di assistenza domiciliare in convenzione con il Comune di Seriate per i residenti. La tariffa oraria dipende dall''ISEE: dichiaralo nel tuo profilo per avere la tariffa ridotta. Senza ISEE valido si paga la tariffa piena.',
   2400, 'hour', 'at_home', NULL, 'elderly', NULL, 'exempt')
ON CONFLICT (id) DO NOTHING;

INSERT INTO service_municipalities (service_id, municipality) VALUES
  ('50000000-0000-4000-8000-000000000901', '016024'),
  ('50000000-0000-4000-8000-000000000901', '016198'),
  ('50000000-0000-4000-8000-000000000902', '016198')
ON CONFLICT DO NOTHING;

-- Seriate's bands: up to 8.000 € of ISEE 5 € an hour, up to 15.000 € 10 €, up to 25.000 € 16 €;
-- above, 24 €.
INSERT INTO service_isee_bands (service_id, up_to_cents, tariff_cents) VALUES
  ('50000000-0000-4000-8000-000000000902', 800000, 500),
  ('50000000-0000-4000-8000-000000000902', 1500000, 1000),
  ('50000000-0000-4000-8000-000000000902', 2500000, 1600)
ON CONFLICT DO NOTHING;

INSERT INTO resources (id, provider_id, name, kind, capacity) VALUES
  ('60000000-0000-4000-8000-000000000901', '10000000-0000-4000-8000-000000000002', 'Operatrice OSS a ore Chiara V.', 'person', 1),
  ('60000000-0000-4000-8000-000000000902', '10000000-0000-4000-8000-000000000002', 'Operatore SAD Seriate Luca M.', 'person', 1)
ON CONFLICT (id) DO NOTHING;

-- Two-hour slots on weekdays: 08:00–10:00, 10:00–12:00, 14:00–16:00, 16:00–18:00.
INSERT INTO schedule_rules (provider_id, service_id, resource_id, weekday, opens, closes, slot_minutes, places, valid_from)
SELECT '10000000-0000-4000-8000-000000000002', v.service_id::uuid, v.resource_id::uuid, d.weekday, v.opens::time,
       v.closes::time, 120, 1, '2026-01-01'
  FROM (VALUES
    ('50000000-0000-4000-8000-000000000901', '60000000-0000-4000-8000-000000000901', '08:00', '12:00'),
    ('50000000-0000-4000-8000-000000000901', '60000000-0000-4000-8000-000000000901', '14:00', '18:00'),
    ('50000000-0000-4000-8000-000000000902', '60000000-0000-4000-8000-000000000902', '08:00', '12:00'),
    ('50000000-0000-4000-8000-000000000902', '60000000-0000-4000-8000-000000000902', '14:00', '18:00')
  ) AS v (service_id, resource_id, opens, closes)
  CROSS JOIN generate_series(1, 5) AS d (weekday)
 WHERE NOT EXISTS (SELECT 1 FROM schedule_rules r WHERE r.resource_id = v.resource_id::uuid AND r.weekday = d.weekday
                      AND r.opens = v.opens::time AND r.retired_at IS NULL);

-- At home, as every at-home demo service: who receives the service and where, both required.
INSERT INTO service_intake_questions (service_id, kind, required) VALUES
  ('50000000-0000-4000-8000-000000000901', 'beneficiary', true),
  ('50000000-0000-4000-8000-000000000901', 'address', true),
  ('50000000-0000-4000-8000-000000000902', 'beneficiary', true),
  ('50000000-0000-4000-8000-000000000902', 'address', true)
ON CONFLICT DO NOTHING;
