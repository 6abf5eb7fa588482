-- Sportello demo data for the bandi (issue 22): the Comune di Piazzola sul Brenta's open bando
-- "Buoni spesa per famiglie in difficoltà" (first come, residents with ISEE under 15.000 €, 150 €
-- plus 50 € a child, vouchers spendable at the three accredited shops) and its earlier, closed
-- "Contributo per l'affitto 2026", with applications in every state. The demo resident
-- (cittadina.piazzola) was admitted to the buoni spesa: her voucher wallet has its grant and one
-- purchase at Alimentari Da Silvana in its ledger (balance = ledger), so the shop's statement, her
-- wallet and the officer's reports (funzionario.piazzola) show something on first run. The other
-- applicants are residents who sign in with SPID (no password). Dates are relative to the day the
-- demo loads (Europe/Rome). Loaded by DemoData after the accounts, inside its transaction; rows are
-- inserted one statement at a time in the order they were received, so protocol order is receive order.

-- Residents of Piazzola who applied (they sign in with SPID or CIE: no password).
INSERT INTO accounts (id, username, display_name, password_hash, roles, municipality, codice_fiscale, codice_fiscale_source, email) VALUES
  ('20000000-0000-4000-8000-000000002201', 'marco.zanon', 'Marco Zanon', NULL, ARRAY['citizen'], '028063', 'ZNNMRC85C12G587B', 'identity_provider', 'marco.zanon@posta.example.org'),
  ('20000000-0000-4000-8000-000000002202', 'paolo.bertato', 'Paolo Bertato', NULL, ARRAY['citizen'], '028063', 'BRTPLA72T08G587Q', 'identity_provider', 'paolo.bertato@posta.example.org'),
  ('20000000-0000-4000-8000-000000002203', 'susanna.furlan', 'Susanna Furlan', NULL, ARRAY['citizen'], '028063', 'FRNSNN90L61G587U', 'identity_provider', 'susanna.furlan@posta.example.org'),
  ('20000000-0000-4000-8000-000000002204', 'giorgio.camin', 'Giorgio Camin', NULL, ARRAY['citizen'], '028063', 'CMNGRG58B03G587Z', 'identity_provider', 'giorgio.camin@posta.example.org'),
  ('20000000-0000-4000-8000-000000002205', 'elena.pavan', 'Elena Pavan', NULL, ARRAY['citizen'], '028063', 'PVNLNE66D49G587U', 'identity_provider', 'elena.pavan@posta.example.org')
ON CONFLICT DO NOTHING;

-- The closed bando: a contributo paid out by the Comune, window closed forty days ago.
INSERT INTO bandi (id, comune_id, municipality, title, summary, body, kind, rules, amount_base_cents, amount_per_member_cents,
                   amount_per_child_cents, amount_max_cents, budget_cents, opens_at, closes_at, ranking, documents,
                   voucher_valid_until, status, created_by, created_at, published_at, updated_at)
VALUES ('70000000-0000-4000-8000-000000002202', '10000000-0000-4000-8000-000000000101', '028063', 'Contributo per l''affitto 2026',
        'Un contributo una tantum per pagare l''affitto, ai nuclei residenti con ISEE sotto i 15.000 €: 300 € più 100 € per ogni altro componente, fino a 600 €.',
        'Il Comune di Piazzola sul Brenta concede un contributo per il pagamento del canone di locazione dell''abitazione di residenza ai nuclei familiari in difficoltà economica. Possono presentare domanda i residenti con attestazione ISEE inferiore a 15.000 €. Il contributo è di 300 € per il richiedente più 100 € per ogni altro componente del nucleo, fino a 600 €, ed è versato dal Comune sul conto indicato. Le domande sono accolte in ordine di arrivo fino a esaurimento dei fondi.',
        'contributo', '[{"type":"residency"},{"type":"isee_max","maxCents":1500000}]', 30000, 10000, 0, 60000, 1500000,
        ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-100 days +09:00:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-40 days +12:00:00') AT TIME ZONE 'Europe/Rome'), 'first_come',
        '[{"kind":"isee","label":"Attestazione ISEE in corso di validità","required":true},{"kind":"contratto","label":"Contratto di affitto registrato","required":true}]',
        NULL, 'published', (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-110 days +10:00:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-105 days +11:00:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-105 days +11:00:00') AT TIME ZONE 'Europe/Rome'))
ON CONFLICT (id) DO NOTHING;

-- The open bando: buoni spesa, first come, opened a week ago for four weeks.
INSERT INTO bandi (id, comune_id, municipality, title, summary, body, kind, rules, amount_base_cents, amount_per_member_cents,
                   amount_per_child_cents, amount_max_cents, budget_cents, opens_at, closes_at, ranking, documents,
                   voucher_valid_until, status, created_by, created_at, published_at, updated_at)
VALUES ('70000000-0000-4000-8000-000000002201', '10000000-0000-4000-8000-000000000101', '028063', 'Buoni spesa per famiglie in difficoltà',
        'Buoni spesa di 150 € più 50 € per ogni figlio, per i nuclei residenti a Piazzola sul Brenta con ISEE sotto i 15.000 €, da spendere nei negozi convenzionati.',
        'Il Comune di Piazzola sul Brenta assegna buoni spesa per l''acquisto di alimentari, prodotti per l''igiene e farmaci ai nuclei familiari in difficoltà economica. Possono presentare domanda i residenti a Piazzola sul Brenta con attestazione ISEE inferiore a 15.000 €, una sola domanda per nucleo. Il buono vale 150 € più 50 € per ogni figlio a carico e si spende nei negozi convenzionati con il Comune (alimentari, farmacia, panificio), mostrando il codice del borsellino e confermando con il proprio PIN. Le domande sono accolte in ordine di arrivo (numero di protocollo) fino a esaurimento dei 30.000 € stanziati.',
        'buoni_spesa', '[{"type":"residency"},{"type":"isee_max","maxCents":1500000}]', 15000, 0, 5000, NULL, 3000000,
        ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-7 days +09:00:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '21 days +12:00:00') AT TIME ZONE 'Europe/Rome'), 'first_come',
        '[{"kind":"isee","label":"Attestazione ISEE in corso di validità","required":true}]',
        (date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '111 days')::date, 'published', (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-12 days +10:00:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-8 days +16:00:00') AT TIME ZONE 'Europe/Rome'),
        ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-8 days +16:00:00') AT TIME ZONE 'Europe/Rome'))
ON CONFLICT (id) DO NOTHING;

-- The applications, in the order they were received (each statement takes the next protocol number).
INSERT INTO bando_applications (id, bando_id, person, filed_by, received_at, answers, household_size, children, amount_cents,
                                status, reason, decided_by, decided_at, updated_at)
SELECT '80000000-0000-4000-8000-000000002201', '70000000-0000-4000-8000-000000002202', (SELECT id::text FROM accounts WHERE username = 'marco.zanon'), (SELECT id::text FROM accounts WHERE username = 'marco.zanon'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-100 days +09:02:00') AT TIME ZONE 'Europe/Rome'), '{}', 3, 1, 50000, 'paid',
       NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-35 days +10:00:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-35 days +10:00:00') AT TIME ZONE 'Europe/Rome')
 WHERE NOT EXISTS (SELECT 1 FROM bando_applications WHERE id = '80000000-0000-4000-8000-000000002201');
INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation, birth_date, live) VALUES
  ('80000000-0000-4000-8000-000000002201', '70000000-0000-4000-8000-000000002202', 'ZNNMRC85C12G587B', 'applicant', '1985-03-12', true),
  ('80000000-0000-4000-8000-000000002201', '70000000-0000-4000-8000-000000002202', 'ZNNGLI87H45G587W', 'partner', '1987-06-05', true),
  ('80000000-0000-4000-8000-000000002201', '70000000-0000-4000-8000-000000002202', 'ZNNTMS14A22G587L', 'child', '2014-01-22', true)
ON CONFLICT DO NOTHING;
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000002201', '80000000-0000-4000-8000-000000002201', '70000000-0000-4000-8000-000000002202', 'isee', 'attestazione-isee.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'marco.zanon'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-100 days +08:59:00') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'attestazione-isee.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000002201');
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000012201', '80000000-0000-4000-8000-000000002201', '70000000-0000-4000-8000-000000002202', 'contratto', 'contratto-affitto.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'marco.zanon'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-100 days +08:59:00') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'contratto-affitto.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000012201');
INSERT INTO bando_application_events (application_id, status, reason, actor, at)
SELECT v.* FROM (VALUES ('80000000-0000-4000-8000-000000002201'::uuid, 'submitted', NULL, (SELECT id::text FROM accounts WHERE username = 'marco.zanon'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-100 days +09:02:00') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002201'::uuid, 'admitted', NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-35 days +10:00:00') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002201'::uuid, 'paid', NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-30 days +10:00:00') AT TIME ZONE 'Europe/Rome'))) AS v (application_id, status, reason, actor, at)
 WHERE NOT EXISTS (SELECT 1 FROM bando_application_events e WHERE e.application_id = '80000000-0000-4000-8000-000000002201');

INSERT INTO bando_applications (id, bando_id, person, filed_by, received_at, answers, household_size, children, amount_cents,
                                status, reason, decided_by, decided_at, updated_at)
SELECT '80000000-0000-4000-8000-000000002202', '70000000-0000-4000-8000-000000002202', (SELECT id::text FROM accounts WHERE username = 'elena.pavan'), (SELECT id::text FROM accounts WHERE username = 'elena.pavan'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-99 days +10:15:00') AT TIME ZONE 'Europe/Rome'), '{}', 1, 0, 30000, 'rejected',
       'L''attestazione ISEE allegata indica un valore di 18.420 €, sopra la soglia di 15.000 € del bando.', (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-38 days +11:00:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-38 days +11:00:00') AT TIME ZONE 'Europe/Rome')
 WHERE NOT EXISTS (SELECT 1 FROM bando_applications WHERE id = '80000000-0000-4000-8000-000000002202');
INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation, birth_date, live) VALUES
  ('80000000-0000-4000-8000-000000002202', '70000000-0000-4000-8000-000000002202', 'PVNLNE66D49G587U', 'applicant', '1966-04-09', false)
ON CONFLICT DO NOTHING;
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000002202', '80000000-0000-4000-8000-000000002202', '70000000-0000-4000-8000-000000002202', 'isee', 'attestazione-isee.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'elena.pavan'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-99 days +10:12:00') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'attestazione-isee.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000002202');
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000012202', '80000000-0000-4000-8000-000000002202', '70000000-0000-4000-8000-000000002202', 'contratto', 'contratto-affitto.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'elena.pavan'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-99 days +10:12:00') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'contratto-affitto.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000012202');
INSERT INTO bando_application_events (application_id, status, reason, actor, at)
SELECT v.* FROM (VALUES ('80000000-0000-4000-8000-000000002202'::uuid, 'submitted', NULL, (SELECT id::text FROM accounts WHERE username = 'elena.pavan'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-99 days +10:15:00') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002202'::uuid, 'rejected', 'L''attestazione ISEE allegata indica un valore di 18.420 €, sopra la soglia di 15.000 € del bando.', (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-38 days +11:00:00') AT TIME ZONE 'Europe/Rome'))) AS v (application_id, status, reason, actor, at)
 WHERE NOT EXISTS (SELECT 1 FROM bando_application_events e WHERE e.application_id = '80000000-0000-4000-8000-000000002202');

INSERT INTO bando_applications (id, bando_id, person, filed_by, received_at, answers, household_size, children, amount_cents,
                                status, reason, decided_by, decided_at, updated_at)
SELECT '80000000-0000-4000-8000-000000002203', '70000000-0000-4000-8000-000000002202', (SELECT id::text FROM accounts WHERE username = 'giorgio.camin'), (SELECT id::text FROM accounts WHERE username = 'giorgio.camin'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-97 days +17:40:00') AT TIME ZONE 'Europe/Rome'), '{}', 1, 0, 30000, 'paid',
       NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-35 days +10:00:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-35 days +10:00:00') AT TIME ZONE 'Europe/Rome')
 WHERE NOT EXISTS (SELECT 1 FROM bando_applications WHERE id = '80000000-0000-4000-8000-000000002203');
INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation, birth_date, live) VALUES
  ('80000000-0000-4000-8000-000000002203', '70000000-0000-4000-8000-000000002202', 'CMNGRG58B03G587Z', 'applicant', '1958-02-03', true)
ON CONFLICT DO NOTHING;
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000002203', '80000000-0000-4000-8000-000000002203', '70000000-0000-4000-8000-000000002202', 'isee', 'attestazione-isee.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'giorgio.camin'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-97 days +17:37:00') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'attestazione-isee.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000002203');
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000012203', '80000000-0000-4000-8000-000000002203', '70000000-0000-4000-8000-000000002202', 'contratto', 'contratto-affitto.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'giorgio.camin'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-97 days +17:37:00') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'contratto-affitto.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000012203');
INSERT INTO bando_application_events (application_id, status, reason, actor, at)
SELECT v.* FROM (VALUES ('80000000-0000-4000-8000-000000002203'::uuid, 'submitted', NULL, (SELECT id::text FROM accounts WHERE username = 'giorgio.camin'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-97 days +17:40:00') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002203'::uuid, 'admitted', NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-35 days +10:00:00') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002203'::uuid, 'paid', NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-30 days +10:00:00') AT TIME ZONE 'Europe/Rome'))) AS v (application_id, status, reason, actor, at)
 WHERE NOT EXISTS (SELECT 1 FROM bando_application_events e WHERE e.application_id = '80000000-0000-4000-8000-000000002203');

INSERT INTO bando_applications (id, bando_id, person, filed_by, received_at, answers, household_size, children, amount_cents,
                                status, reason, decided_by, decided_at, updated_at)
SELECT '80000000-0000-4000-8000-000000002204', '70000000-0000-4000-8000-000000002202', (SELECT id::text FROM accounts WHERE username = 'paolo.bertato'), (SELECT id::text FROM accounts WHERE username = 'paolo.bertato'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-60 days +08:30:00') AT TIME ZONE 'Europe/Rome'), '{}', 1, 0, 30000, 'admitted',
       NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-36 days +12:00:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-36 days +12:00:00') AT TIME ZONE 'Europe/Rome')
 WHERE NOT EXISTS (SELECT 1 FROM bando_applications WHERE id = '80000000-0000-4000-8000-000000002204');
INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation, birth_date, live) VALUES
  ('80000000-0000-4000-8000-000000002204', '70000000-0000-4000-8000-000000002202', 'BRTPLA72T08G587Q', 'applicant', '1972-12-08', true)
ON CONFLICT DO NOTHING;
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000002204', '80000000-0000-4000-8000-000000002204', '70000000-0000-4000-8000-000000002202', 'isee', 'attestazione-isee.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'paolo.bertato'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-60 days +08:27:00') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'attestazione-isee.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000002204');
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000012204', '80000000-0000-4000-8000-000000002204', '70000000-0000-4000-8000-000000002202', 'contratto', 'contratto-affitto.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'paolo.bertato'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-60 days +08:27:00') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'contratto-affitto.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000012204');
INSERT INTO bando_application_events (application_id, status, reason, actor, at)
SELECT v.* FROM (VALUES ('80000000-0000-4000-8000-000000002204'::uuid, 'submitted', NULL, (SELECT id::text FROM accounts WHERE username = 'paolo.bertato'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-60 days +08:30:00') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002204'::uuid, 'admitted', NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-36 days +12:00:00') AT TIME ZONE 'Europe/Rome'))) AS v (application_id, status, reason, actor, at)
 WHERE NOT EXISTS (SELECT 1 FROM bando_application_events e WHERE e.application_id = '80000000-0000-4000-8000-000000002204');

INSERT INTO bando_applications (id, bando_id, person, filed_by, received_at, answers, household_size, children, amount_cents,
                                status, reason, decided_by, decided_at, updated_at)
SELECT '80000000-0000-4000-8000-000000002211', '70000000-0000-4000-8000-000000002201', (SELECT id::text FROM accounts WHERE username = 'cittadina.piazzola'), (SELECT id::text FROM accounts WHERE username = 'cittadina.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-7 days +09:00:41') AT TIME ZONE 'Europe/Rome'), '{}', 2, 1, 20000, 'paid',
       NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:00:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:00:00') AT TIME ZONE 'Europe/Rome')
 WHERE NOT EXISTS (SELECT 1 FROM bando_applications WHERE id = '80000000-0000-4000-8000-000000002211');
INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation, birth_date, live) VALUES
  ('80000000-0000-4000-8000-000000002211', '70000000-0000-4000-8000-000000002201', 'TNLFNC79E52G587R', 'applicant', '1979-05-12', true),
  ('80000000-0000-4000-8000-000000002211', '70000000-0000-4000-8000-000000002201', 'TNLLCU15M10G587G', 'child', '2015-08-10', true)
ON CONFLICT DO NOTHING;
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000002211', '80000000-0000-4000-8000-000000002211', '70000000-0000-4000-8000-000000002201', 'isee', 'attestazione-isee.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'cittadina.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-7 days +08:57:41') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'attestazione-isee.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000002211');
INSERT INTO bando_application_events (application_id, status, reason, actor, at)
SELECT v.* FROM (VALUES ('80000000-0000-4000-8000-000000002211'::uuid, 'submitted', NULL, (SELECT id::text FROM accounts WHERE username = 'cittadina.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-7 days +09:00:41') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002211'::uuid, 'admitted', NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:00:00') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002211'::uuid, 'paid', NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:00:00') AT TIME ZONE 'Europe/Rome'))) AS v (application_id, status, reason, actor, at)
 WHERE NOT EXISTS (SELECT 1 FROM bando_application_events e WHERE e.application_id = '80000000-0000-4000-8000-000000002211');

INSERT INTO bando_applications (id, bando_id, person, filed_by, received_at, answers, household_size, children, amount_cents,
                                status, reason, decided_by, decided_at, updated_at)
SELECT '80000000-0000-4000-8000-000000002212', '70000000-0000-4000-8000-000000002201', (SELECT id::text FROM accounts WHERE username = 'marco.zanon'), (SELECT id::text FROM accounts WHERE username = 'marco.zanon'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-7 days +09:03:12') AT TIME ZONE 'Europe/Rome'), '{}', 3, 1, 20000, 'paid',
       NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:05:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:05:00') AT TIME ZONE 'Europe/Rome')
 WHERE NOT EXISTS (SELECT 1 FROM bando_applications WHERE id = '80000000-0000-4000-8000-000000002212');
INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation, birth_date, live) VALUES
  ('80000000-0000-4000-8000-000000002212', '70000000-0000-4000-8000-000000002201', 'ZNNMRC85C12G587B', 'applicant', '1985-03-12', true),
  ('80000000-0000-4000-8000-000000002212', '70000000-0000-4000-8000-000000002201', 'ZNNGLI87H45G587W', 'partner', '1987-06-05', true),
  ('80000000-0000-4000-8000-000000002212', '70000000-0000-4000-8000-000000002201', 'ZNNTMS14A22G587L', 'child', '2014-01-22', true)
ON CONFLICT DO NOTHING;
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000002212', '80000000-0000-4000-8000-000000002212', '70000000-0000-4000-8000-000000002201', 'isee', 'attestazione-isee.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'marco.zanon'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-7 days +09:00:12') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'attestazione-isee.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000002212');
INSERT INTO bando_application_events (application_id, status, reason, actor, at)
SELECT v.* FROM (VALUES ('80000000-0000-4000-8000-000000002212'::uuid, 'submitted', NULL, (SELECT id::text FROM accounts WHERE username = 'marco.zanon'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-7 days +09:03:12') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002212'::uuid, 'admitted', NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:05:00') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002212'::uuid, 'paid', NULL, (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:05:00') AT TIME ZONE 'Europe/Rome'))) AS v (application_id, status, reason, actor, at)
 WHERE NOT EXISTS (SELECT 1 FROM bando_application_events e WHERE e.application_id = '80000000-0000-4000-8000-000000002212');

INSERT INTO bando_applications (id, bando_id, person, filed_by, received_at, answers, household_size, children, amount_cents,
                                status, reason, decided_by, decided_at, updated_at)
SELECT '80000000-0000-4000-8000-000000002213', '70000000-0000-4000-8000-000000002201', (SELECT id::text FROM accounts WHERE username = 'susanna.furlan'), (SELECT id::text FROM accounts WHERE username = 'susanna.furlan'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-6 days +11:27:00') AT TIME ZONE 'Europe/Rome'), '{}', 2, 1, 20000, 'incomplete',
       'Manca l''attestazione ISEE: caricala dalla pagina della domanda e ripresentala.', (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:10:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:10:00') AT TIME ZONE 'Europe/Rome')
 WHERE NOT EXISTS (SELECT 1 FROM bando_applications WHERE id = '80000000-0000-4000-8000-000000002213');
INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation, birth_date, live) VALUES
  ('80000000-0000-4000-8000-000000002213', '70000000-0000-4000-8000-000000002201', 'FRNSNN90L61G587U', 'applicant', '1990-07-21', true),
  ('80000000-0000-4000-8000-000000002213', '70000000-0000-4000-8000-000000002201', 'FRNLRA19S50G587K', 'child', '2019-11-10', true)
ON CONFLICT DO NOTHING;
INSERT INTO bando_application_events (application_id, status, reason, actor, at)
SELECT v.* FROM (VALUES ('80000000-0000-4000-8000-000000002213'::uuid, 'submitted', NULL, (SELECT id::text FROM accounts WHERE username = 'susanna.furlan'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-6 days +11:27:00') AT TIME ZONE 'Europe/Rome')),
       ('80000000-0000-4000-8000-000000002213'::uuid, 'incomplete', 'Manca l''attestazione ISEE: caricala dalla pagina della domanda e ripresentala.', (SELECT id::text FROM accounts WHERE username = 'funzionario.piazzola'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-5 days +10:10:00') AT TIME ZONE 'Europe/Rome'))) AS v (application_id, status, reason, actor, at)
 WHERE NOT EXISTS (SELECT 1 FROM bando_application_events e WHERE e.application_id = '80000000-0000-4000-8000-000000002213');

INSERT INTO bando_applications (id, bando_id, person, filed_by, received_at, answers, household_size, children, amount_cents,
                                status, reason, decided_by, decided_at, updated_at)
SELECT '80000000-0000-4000-8000-000000002214', '70000000-0000-4000-8000-000000002201', (SELECT id::text FROM accounts WHERE username = 'giorgio.camin'), (SELECT id::text FROM accounts WHERE username = 'giorgio.camin'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-3 days +15:08:00') AT TIME ZONE 'Europe/Rome'), '{}', 1, 0, 15000, 'submitted',
       NULL, NULL, NULL, ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-3 days +15:08:00') AT TIME ZONE 'Europe/Rome')
 WHERE NOT EXISTS (SELECT 1 FROM bando_applications WHERE id = '80000000-0000-4000-8000-000000002214');
INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation, birth_date, live) VALUES
  ('80000000-0000-4000-8000-000000002214', '70000000-0000-4000-8000-000000002201', 'CMNGRG58B03G587Z', 'applicant', '1958-02-03', true)
ON CONFLICT DO NOTHING;
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000002214', '80000000-0000-4000-8000-000000002214', '70000000-0000-4000-8000-000000002201', 'isee', 'attestazione-isee.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'giorgio.camin'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-3 days +15:05:00') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'attestazione-isee.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000002214');
INSERT INTO bando_application_events (application_id, status, reason, actor, at)
SELECT v.* FROM (VALUES ('80000000-0000-4000-8000-000000002214'::uuid, 'submitted', NULL, (SELECT id::text FROM accounts WHERE username = 'giorgio.camin'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-3 days +15:08:00') AT TIME ZONE 'Europe/Rome'))) AS v (application_id, status, reason, actor, at)
 WHERE NOT EXISTS (SELECT 1 FROM bando_application_events e WHERE e.application_id = '80000000-0000-4000-8000-000000002214');

INSERT INTO bando_applications (id, bando_id, person, filed_by, received_at, answers, household_size, children, amount_cents,
                                status, reason, decided_by, decided_at, updated_at)
SELECT '80000000-0000-4000-8000-000000002215', '70000000-0000-4000-8000-000000002201', (SELECT id::text FROM accounts WHERE username = 'paolo.bertato'), (SELECT id::text FROM accounts WHERE username = 'paolo.bertato'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-1 days +09:51:00') AT TIME ZONE 'Europe/Rome'), '{}', 1, 0, 15000, 'submitted',
       NULL, NULL, NULL, ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-1 days +09:51:00') AT TIME ZONE 'Europe/Rome')
 WHERE NOT EXISTS (SELECT 1 FROM bando_applications WHERE id = '80000000-0000-4000-8000-000000002215');
INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation, birth_date, live) VALUES
  ('80000000-0000-4000-8000-000000002215', '70000000-0000-4000-8000-000000002201', 'BRTPLA72T08G587Q', 'applicant', '1972-12-08', true)
ON CONFLICT DO NOTHING;
INSERT INTO bando_documents (id, application_id, bando_id, kind, filename, content_type, size_bytes, sha256, content,
                             uploaded_by, uploaded_at)
SELECT '81000000-0000-4000-8000-000000002215', '80000000-0000-4000-8000-000000002215', '70000000-0000-4000-8000-000000002201', 'isee', 'attestazione-isee.pdf', 'application/pdf', length(c), sha256(c), c, (SELECT id::text FROM accounts WHERE username = 'paolo.bertato'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-1 days +09:48:00') AT TIME ZONE 'Europe/Rome')
  FROM (SELECT convert_to('%PDF-1.4' || chr(10) || '% Documento dimostrativo: ' || 'attestazione-isee.pdf' || chr(10) || '%EOF' || chr(10), 'UTF8') AS c) d
 WHERE NOT EXISTS (SELECT 1 FROM bando_documents WHERE id = '81000000-0000-4000-8000-000000002215');
INSERT INTO bando_application_events (application_id, status, reason, actor, at)
SELECT v.* FROM (VALUES ('80000000-0000-4000-8000-000000002215'::uuid, 'submitted', NULL, (SELECT id::text FROM accounts WHERE username = 'paolo.bertato'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-1 days +09:51:00') AT TIME ZONE 'Europe/Rome'))) AS v (application_id, status, reason, actor, at)
 WHERE NOT EXISTS (SELECT 1 FROM bando_application_events e WHERE e.application_id = '80000000-0000-4000-8000-000000002215');

-- What the admitted and paid applications granted: the budget holds it (never more than budget_cents).
UPDATE bandi b SET granted_cents = (SELECT coalesce(sum(a.amount_cents), 0) FROM bando_applications a
                                     WHERE a.bando_id = b.id AND a.status IN ('admitted', 'paid'))
 WHERE b.id IN ('70000000-0000-4000-8000-000000002201', '70000000-0000-4000-8000-000000002202');

-- The buoni spesa of the admitted applications: one wallet each, as the vouchers package opens it
-- (its grant row in the ledger), spendable until the bando's voucher date (end of day, Europe/Rome).
INSERT INTO voucher_wallets (id, person, municipality, bando_id, application_id, code, granted_cents, balance_cents, valid_until,
                             expires_at, created_at)
SELECT v.id, a.person, '028063', a.bando_id, a.id, v.code, a.amount_cents, a.amount_cents, b.voucher_valid_until,
       ((b.voucher_valid_until + 1)::timestamp AT TIME ZONE 'Europe/Rome'), a.decided_at
  FROM (VALUES ('90000000-0000-4000-8000-000000002211'::uuid, '80000000-0000-4000-8000-000000002211'::uuid, '402871569310'),
               ('90000000-0000-4000-8000-000000002212'::uuid, '80000000-0000-4000-8000-000000002212'::uuid, '518203947665'))
       AS v (id, application, code)
  JOIN bando_applications a ON a.id = v.application JOIN bandi b ON b.id = a.bando_id
ON CONFLICT DO NOTHING;
INSERT INTO voucher_ledger (wallet_id, kind, amount_cents, actor, at)
SELECT w.id, 'grant', w.granted_cents, 'bando:' || w.bando_id::text, w.created_at FROM voucher_wallets w
 WHERE w.id IN ('90000000-0000-4000-8000-000000002211', '90000000-0000-4000-8000-000000002212')
   AND NOT EXISTS (SELECT 1 FROM voucher_ledger l WHERE l.wallet_id = w.id);

-- Francesca's shopping at Alimentari Da Silvana two days ago: 32,50 €, confirmed with her PIN.
INSERT INTO voucher_charges (id, shop_id, wallet_id, person, amount_cents, one_time_code, state, requested_by, created_at,
                             expires_at, confirmed_by, confirmed_at)
SELECT '91000000-0000-4000-8000-000000002211', '10000000-0000-4000-8000-000000000102', '90000000-0000-4000-8000-000000002211',
       (SELECT id FROM accounts WHERE username = 'cittadina.piazzola'), 3250, '482913', 'confirmed',
       (SELECT id::text FROM accounts WHERE username = 'negozio.alimentari'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-2 days +10:30:00') AT TIME ZONE 'Europe/Rome'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-2 days +10:35:00') AT TIME ZONE 'Europe/Rome'), 'pin',
       ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-2 days +10:31:00') AT TIME ZONE 'Europe/Rome')
ON CONFLICT DO NOTHING;
INSERT INTO voucher_ledger (wallet_id, kind, amount_cents, charge_id, actor, at)
SELECT '90000000-0000-4000-8000-000000002211', 'spend', -3250, '91000000-0000-4000-8000-000000002211',
       (SELECT id::text FROM accounts WHERE username = 'negozio.alimentari'), ((date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '-2 days +10:31:00') AT TIME ZONE 'Europe/Rome')
 WHERE NOT EXISTS (SELECT 1 FROM voucher_ledger WHERE charge_id = '91000000-0000-4000-8000-000000002211');
UPDATE voucher_wallets w SET balance_cents = (SELECT sum(l.amount_cents) FROM voucher_ledger l WHERE l.wallet_id = w.id)
 WHERE w.id = '90000000-0000-4000-8000-000000002211';
