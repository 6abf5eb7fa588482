-- The front desk in the reports (issue 23, part 6): a month of past calls and chats, ended or
-- closed, most with their topic and outcome, so the supervisor's counts (GET /frontdesk/contacts)
-- and the reports are not empty on the first run. On each weekday of the last 30 days (today
-- left out) twelve calls between 09:00 and 15:30 (Rome) to the three demo queues, one in nine
-- abandoned (every other of those after asking for a call-back), and four chats handled by the
-- demo welfare managers, one in six closed with nobody having accepted it. About six in seven of
-- the handled contacts have an outcome; the rest count as "non registrato". The numbers are
-- fixed arithmetic on the day and the call's number, so every run makes the same month. The call
-- log gets the lines that make its KPIs recomputable (ENTER, CONNECT, COMPLETE, ABANDON, CALLBACK).
-- Runs inside DemoData's transaction, after 04-call-queue.sql and the accounts.
-- The weekdays of the last 30 days, numbered: the numbers below are fixed arithmetic on them.
CREATE TEMP TABLE demo_frontdesk_days ON COMMIT DROP AS
SELECT d::date AS day, (row_number() OVER (ORDER BY d))::int AS dn
  FROM generate_series((now() AT TIME ZONE 'Europe/Rome')::date - 30, (now() AT TIME ZONE 'Europe/Rome')::date - 1,
                       interval '1 day') d
 WHERE extract(isodow FROM d) < 6;

CREATE TEMP TABLE demo_frontdesk_calls ON COMMIT DROP AS
WITH operators AS (
  SELECT array_agg(id::text ORDER BY username) AS ids FROM accounts WHERE username IN ('operatore', 'matteo.galli', 'silvia.riva')
), callers AS (
  SELECT array_agg(phone ORDER BY username) AS phones, array_agg(id ORDER BY username) AS ids
    FROM accounts WHERE username IN ('cittadino', 'dipendente', 'roberto.cortinovis', 'lucia.tonello')
), raw AS (
  SELECT 'demo-' || to_char(days.day, 'YYYYMMDD') || '-' || lpad(n::text, 2, '0') AS id, days.day, days.dn, n,
         (ARRAY['informazioni', 'anziani', 'infanzia'])[1 + (n + days.dn) % 3] AS queue_id,
         ((days.day + time '09:00' + make_interval(mins => (n - 1) * 35 + (days.dn * 7) % 20)) AT TIME ZONE 'Europe/Rome') AS arrived_at,
         (n * 3 + days.dn) % 9 = 0 AS abandoned,
         operators.ids[1 + (n + days.dn * 2) % 3] AS operator,
         (n + days.dn) % 5 AS caller,
         callers.phones AS phones, callers.ids AS people
    FROM demo_frontdesk_days days CROSS JOIN generate_series(1, 12) n CROSS JOIN operators CROSS JOIN callers
)
SELECT id, day, dn, n, queue_id, arrived_at, abandoned, CASE WHEN abandoned THEN NULL ELSE operator END AS operator,
       -- Four calls in five from a known number (the screen pop's person), one from someone unknown.
       CASE WHEN caller < 4 THEN phones[1 + caller] ELSE '+39035' || lpad((400000 + n * 37 + dn)::text, 6, '0') END AS caller_number,
       CASE WHEN caller < 4 AND NOT abandoned THEN people[1 + caller] END AS person,
       ((n * 13 + dn * 7) % 50 + 5) * 1000 AS wait_ms,
       ((n * 37 + dn * 11) % 420 + 120) * 1000 AS talk_ms,
       abandoned AND n % 2 = 0 AS callback
  FROM raw;

INSERT INTO calls (id, queue_id, caller_number, person, status, arrived_at, queue_entered_at, sequence, operator,
                   answered_at, ended_at, callback_number)
SELECT id, queue_id, caller_number, person, CASE WHEN abandoned THEN 'abandoned' ELSE 'ended' END, arrived_at, arrived_at,
       row_number() OVER (ORDER BY arrived_at), operator,
       CASE WHEN NOT abandoned THEN arrived_at + make_interval(secs => wait_ms / 1000) END,
       arrived_at + make_interval(secs => (wait_ms + CASE WHEN abandoned THEN 0 ELSE talk_ms END) / 1000),
       CASE WHEN callback THEN caller_number END
  FROM demo_frontdesk_calls
ON CONFLICT (id) DO NOTHING;

INSERT INTO call_log (at, call_id, queue_id, operator, event, wait_ms, talk_ms, position)
SELECT at, id, queue_id, operator, event, wait, talk, position FROM (
  SELECT arrived_at AS at, id, queue_id, NULL AS operator, 'ENTER' AS event, NULL::bigint AS wait, NULL::bigint AS talk, 1 AS position
    FROM demo_frontdesk_calls
  UNION ALL
  SELECT arrived_at + make_interval(secs => wait_ms / 1000), id, queue_id, operator, 'CONNECT', wait_ms, NULL, NULL
    FROM demo_frontdesk_calls WHERE NOT abandoned
  UNION ALL
  SELECT arrived_at + make_interval(secs => (wait_ms + talk_ms) / 1000), id, queue_id, operator, 'COMPLETE', wait_ms, talk_ms, NULL
    FROM demo_frontdesk_calls WHERE NOT abandoned
  UNION ALL
  SELECT arrived_at + make_interval(secs => wait_ms / 1000), id, queue_id, NULL, CASE WHEN callback THEN 'CALLBACK' ELSE 'ABANDON' END,
         wait_ms, NULL, 1
    FROM demo_frontdesk_calls WHERE abandoned
) lines
WHERE NOT EXISTS (SELECT 1 FROM call_log l WHERE l.call_id LIKE 'demo-%')
ORDER BY at;

-- The answered calls' outcomes, by their operator a minute after the call; one in seven left unrecorded.
INSERT INTO contact_outcomes (channel, contact_id, contact_at, topic, outcome, recorded_by, recorded_at)
SELECT 'call', c.id, c.arrived_at,
       CASE c.queue_id WHEN 'anziani' THEN 'elderly' WHEN 'infanzia' THEN 'childhood'
         ELSE (ARRAY['work_life', 'education', 'health', 'elderly'])[1 + (c.n + c.dn) % 4] END,
       (ARRAY['information', 'booking', 'information', 'callback', 'booking', 'other', 'information'])[1 + (c.n * 5 + c.dn) % 7],
       c.operator, c.arrived_at + make_interval(secs => (c.wait_ms + c.talk_ms) / 1000 + 60)
  FROM demo_frontdesk_calls c
 WHERE NOT c.abandoned AND (c.n + c.dn * 3) % 7 <> 0
ON CONFLICT DO NOTHING;

-- The chats: the citizen's and employees' conversations, with the events that say who accepted and closed them.
CREATE TEMP TABLE demo_frontdesk_chats ON COMMIT DROP AS
WITH managers AS (
  SELECT array_agg(id::text ORDER BY username) AS ids, array_agg(display_name ORDER BY username) AS names
    FROM accounts WHERE username IN ('welfare.manager', 'nicola.ferraresi', 'laura.zampieri')
), owners AS (
  SELECT array_agg(id::text ORDER BY username) AS ids, array_agg(display_name ORDER BY username) AS names
    FROM accounts WHERE username IN ('cittadino', 'dipendente', 'sara.locatelli', 'marco.pesenti', 'elena.rota', 'teresa.cavalli')
)
SELECT md5('demo-chat-' || days.day || '-' || n)::uuid AS id, days.day, days.dn, n,
       owners.ids[1 + (n + days.dn) % 6] AS owner, owners.names[1 + (n + days.dn) % 6] AS owner_name,
       (ARRAY['elderly', 'childhood', 'work_life', 'education', 'health'])[1 + (n * 2 + days.dn) % 5] AS topic,
       (days.day + time '09:30' + make_interval(mins => (n - 1) * 95 + days.dn % 30)) AT TIME ZONE 'Europe/Rome' AS queued_at,
       (n + days.dn) % 6 = 0 AS unanswered,
       managers.ids[1 + (n + days.dn) % 3] AS manager, managers.names[1 + (n + days.dn) % 3] AS manager_name,
       ((n * 17 + days.dn) % 90 + 15) AS wait_s, ((n * 53 + days.dn * 7) % 900 + 300) AS talk_s
  FROM demo_frontdesk_days days CROSS JOIN generate_series(1, 4) n CROSS JOIN managers CROSS JOIN owners;

INSERT INTO chat_conversations (id, owner, owner_name, owner_request, topic, language, status, queued_at, offered_at,
                                accepted_at, closed_at, state_version, last_seq, last_public_seq, created_at)
SELECT id, owner, owner_name, 'demo-storico-' || left(id::text, 8), topic, 'it', 'closed', queued_at,
       CASE WHEN NOT unanswered THEN queued_at + make_interval(secs => wait_s) END,
       CASE WHEN NOT unanswered THEN queued_at + make_interval(secs => wait_s + 5) END,
       queued_at + make_interval(secs => CASE WHEN unanswered THEN wait_s * 4 ELSE wait_s + 5 + talk_s END),
       CASE WHEN unanswered THEN 1 ELSE 3 END, CASE WHEN unanswered THEN 2 ELSE 3 END, CASE WHEN unanswered THEN 2 ELSE 3 END,
       queued_at
  FROM demo_frontdesk_chats
ON CONFLICT DO NOTHING;

INSERT INTO chat_events (conversation_id, seq, public_seq, kind, author, author_role, author_name, body, created_at)
SELECT c.id, e.seq, e.public_seq, e.kind, e.author, e.author_role, e.author_name, e.body::jsonb, e.at
  FROM demo_frontdesk_chats c
 CROSS JOIN LATERAL (VALUES
   (1, 1, 'started', c.owner, 'citizen', c.owner_name, '{}', c.queued_at),
   (2, 2, 'accepted', c.manager, 'manager', c.manager_name, '{}', c.queued_at + make_interval(secs => c.wait_s + 5)),
   (3, 3, 'closed', c.manager, 'manager', c.manager_name, '{"byRole":"manager"}',
    c.queued_at + make_interval(secs => c.wait_s + 5 + c.talk_s))) AS e (seq, public_seq, kind, author, author_role, author_name, body, at)
 WHERE NOT c.unanswered
UNION ALL
SELECT c.id, e.seq, e.public_seq, e.kind, c.owner, 'citizen', c.owner_name, e.body::jsonb, e.at
  FROM demo_frontdesk_chats c
 CROSS JOIN LATERAL (VALUES
   (1, 1, 'started', '{}', c.queued_at),
   (2, 2, 'closed', '{"byRole":"citizen"}', c.queued_at + make_interval(secs => c.wait_s * 4))) AS e (seq, public_seq, kind, body, at)
 WHERE c.unanswered
ON CONFLICT DO NOTHING;

INSERT INTO contact_outcomes (channel, contact_id, contact_at, topic, outcome, recorded_by, recorded_at)
SELECT 'chat', c.id::text, c.queued_at, c.topic,
       (ARRAY['information', 'booking', 'callback', 'information', 'other'])[1 + (c.n * 3 + c.dn) % 5],
       c.manager, c.queued_at + make_interval(secs => c.wait_s + 5 + c.talk_s + 30)
  FROM demo_frontdesk_chats c
 WHERE NOT c.unanswered AND (c.n * 2 + c.dn) % 7 <> 0
ON CONFLICT DO NOTHING;
