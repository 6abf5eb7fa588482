-- Demo contact center: three queues of the cooperatives' phone line, the three demo operators
-- in them, and phone numbers for some demo people so the operator's screen shows who is calling.
INSERT INTO call_queues (id, name, priority, strategy, max_length, overflow_queue, overflow_seconds, sl_seconds,
                         sl_target_percent, wrap_up_seconds, ring_seconds, business_hours, closed_callback, closed_message)
VALUES
  ('informazioni', 'Informazioni generali', 0, 'longest_idle', 200, NULL, NULL, 20, 80, 20, 20,
   ARRAY['MON-FRI 08:30-18:30','SAT 09:00-13:00'], true,
   'Il contact center è chiuso. Vi richiameremo al numero da cui chiamate appena riapriamo.'),
  ('anziani', 'Anziani e fragilità', 10, 'skill_tiers', 100, 'informazioni', 120, 20, 80, 30, 20,
   ARRAY['MON-FRI 08:30-18:30','SAT 09:00-13:00'], true,
   'Il contact center è chiuso. Vi richiameremo al numero da cui chiamate appena riapriamo.'),
  ('infanzia', 'Infanzia', 5, 'round_robin', 100, 'informazioni', 120, 30, 80, 30, 20,
   ARRAY['MON-FRI 08:30-18:30'], false,
   'Lo sportello infanzia risponde dal lunedì al venerdì dalle 8:30 alle 18:30.');

INSERT INTO call_operators (subject, name, endpoint, skills)
SELECT id::text, display_name, 'PJSIP/' || replace(username, '.', '-'),
       CASE username WHEN 'operatore' THEN ARRAY['it','en'] WHEN 'silvia.riva' THEN ARRAY['it','ro'] ELSE ARRAY['it'] END
FROM accounts WHERE username IN ('operatore', 'matteo.galli', 'silvia.riva');

INSERT INTO call_members (queue_id, subject, level)
SELECT q.queue_id, a.id::text, q.level
FROM (VALUES ('operatore', 'informazioni', 1), ('operatore', 'anziani', 1), ('operatore', 'infanzia', 1),
             ('matteo.galli', 'informazioni', 1), ('matteo.galli', 'anziani', 2),
             ('silvia.riva', 'infanzia', 1), ('silvia.riva', 'informazioni', 1)) AS q (username, queue_id, level)
JOIN accounts a ON a.username = q.username;

UPDATE accounts SET phone = p.phone
FROM (VALUES ('cittadino', '+393471234567'), ('dipendente', '+393389876543'),
             ('roberto.cortinovis', '+39035221100'), ('lucia.tonello', '+390499301122')) AS p (username, phone)
WHERE accounts.username = p.username;
