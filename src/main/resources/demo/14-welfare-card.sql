-- The Welfare Card of the demo network (issue 21), after the Modena network's card: one
-- agreement with the three demo companies, a package of services of several cooperatives with
-- agreed discounts (a percentage off the tariff, or a fixed price per tariff unit), and a card for
-- every demo employee. Numbers are 40 + nine digits of a counter + Luhn's check digit, so the demo
-- employee's card is always 4000 0000 0001 plus its check digit (see the card page).
INSERT INTO welfare_card_agreements (id, name, valid_from, valid_until, created_by) VALUES
  ('71000000-0000-4000-8000-000000000001', 'Welfare Card della Rete',
   date_trunc('year', current_date)::date, (date_trunc('year', current_date) + interval '2 years - 1 day')::date, 'demo')
ON CONFLICT DO NOTHING;

INSERT INTO welfare_card_companies (agreement_id, company_id)
SELECT '71000000-0000-4000-8000-000000000001', id FROM companies
 WHERE vat_number IN ('23187450160', '19876320367', '16543290197')
ON CONFLICT DO NOTHING;

INSERT INTO welfare_card_package (agreement_id, service_id, discount_kind, discount_value) VALUES
  ('71000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000006', 'percent', 10),  -- babysitting, 13 €/h
  ('71000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000009', 'percent', 20),  -- consulenza pedagogica
  ('71000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000021', 'percent', 15),  -- ripetizioni, 22 €/h
  ('71000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000025', 'fixed', 2000),  -- assistenza anziani, 24 → 20 €/h
  ('71000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000038', 'fixed', 1200),  -- stireria aziendale, 16 → 12 €
  ('71000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000039', 'percent', 15),  -- pulizie domestiche, 21 €/h
  ('71000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000051', 'fixed', 4000),  -- psicologo online, 50 → 40 €
  ('71000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000054', 'percent', 10)   -- fisioterapia a domicilio
ON CONFLICT DO NOTHING;

-- One card per demo employee still in their company; the demo employee ('dipendente') first.
INSERT INTO welfare_cards (number, agreement_id, company_id, account_id, valid_from, valid_until, issued_by)
SELECT body || welfare_card_check_digit(body), a.id, e.company_id, e.account_id, a.valid_from, a.valid_until, 'demo'
  FROM (SELECT e.*, '40' || lpad(row_number() OVER (ORDER BY acc.username <> 'dipendente', acc.username)::text, 9, '0') AS body
          FROM employees e JOIN accounts acc ON acc.id = e.account_id
          JOIN welfare_card_companies m ON m.company_id = e.company_id
           AND m.agreement_id = '71000000-0000-4000-8000-000000000001'
         WHERE e.left_on IS NULL) e
  JOIN welfare_card_agreements a ON a.id = '71000000-0000-4000-8000-000000000001'
ON CONFLICT DO NOTHING;
