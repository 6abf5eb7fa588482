-- Sportello demo data: guided visits to the Abbazia di Chiaravalle sold by ticket (issue 24), as
-- the Milan network sells the abbey's tickets through the platform that books its welfare
-- services. Il Germoglio (the demo cooperative's admin, admin.cooperativa) organises them for the
-- families of its towns: Saturdays and Sundays at 10:00 and 15:00, 25 people a visit, with
-- intero, ridotto, gratuito and group tickets. The slots come from the weekly rules like every
-- other service's; the demo citizen can buy tickets and the cooperative's admin check them at the
-- door (ingresso.html). Runs inside DemoData's transaction; running it twice changes nothing.

INSERT INTO services (id, provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, welfare_letter,
                      audience, address)
-- In culture and leisure (V67) where the network offers it, else among the educational services.
SELECT '50000000-0000-4000-8000-000000002401'::uuid, '10000000-0000-4000-8000-000000000001'::uuid,
       CASE WHEN (SELECT offered FROM service_areas WHERE code = 'culture') THEN 'culture' ELSE 'education' END,
        'Visita guidata all''Abbazia di Chiaravalle',
        'Un''ora e mezza con una guida nella chiesa, nel chiostro e nel mulino dell''abbazia cistercense fondata da san Bernardo nel 1135. Adatta anche ai bambini; il percorso è senza barriere tranne il campanile.',
        1200, 'place', 'at_place', NULL, 'everyone', 'Via Sant''Arialdo 102, 20139 Milano'
ON CONFLICT (id) DO NOTHING;

-- For the residents of the cooperative's towns, as its other services.
INSERT INTO service_municipalities (service_id, municipality)
SELECT '50000000-0000-4000-8000-000000002401', municipality FROM service_municipalities
 WHERE service_id = '50000000-0000-4000-8000-000000000001'
ON CONFLICT DO NOTHING;

INSERT INTO resources (id, provider_id, name, kind, capacity)
VALUES ('60000000-0000-4000-8000-000000002401', '10000000-0000-4000-8000-000000000001', 'Gruppo di visita all''abbazia', 'group', 25)
ON CONFLICT (id) DO NOTHING;

INSERT INTO schedule_rules (provider_id, service_id, resource_id, weekday, opens, closes, slot_minutes, places, valid_from, valid_until)
SELECT s.provider_id, s.id, '60000000-0000-4000-8000-000000002401', d.weekday, v.opens::time, v.closes::time, 90, 25,
       '2026-01-01', NULL
  FROM services s
 CROSS JOIN (VALUES ('10:00', '11:30'), ('15:00', '16:30')) AS v (opens, closes)
 CROSS JOIN (VALUES (6::smallint), (7::smallint)) AS d (weekday)
 WHERE s.id = '50000000-0000-4000-8000-000000002401'
   AND NOT EXISTS (SELECT 1 FROM schedule_rules r WHERE r.service_id = s.id AND r.weekday = d.weekday AND r.opens = v.opens::time
                      AND r.retired_at IS NULL);

INSERT INTO ticket_types (service_id, code, label, price_cents, who_qualifies, under_age, min_group, position, created_by)
SELECT '50000000-0000-4000-8000-000000002401', v.code, v.label, v.cents, v.who, v.under_age, v.min_group, v.position,
       (SELECT id::text FROM accounts WHERE username = 'admin.cooperativa')
  FROM (VALUES
    ('intero', 'Intero', 1200, NULL, NULL::integer, NULL::integer, 1),
    ('ridotto', 'Ridotto', 800, 'Over 65, studenti e persone con disabilità, con un documento', NULL, NULL, 2),
    ('gratuito', 'Gratuito', 0, NULL, 6, NULL, 3),
    ('gruppo', 'Gruppo', 900, 'Scuole, oratori e gruppi organizzati', NULL, 10, 4)
  ) AS v (code, label, cents, who, under_age, min_group, position)
ON CONFLICT (service_id, code) WHERE NOT retired DO NOTHING;
