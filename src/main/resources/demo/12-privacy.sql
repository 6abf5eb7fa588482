-- Privacy demo (issue 20): the demo citizen read the notice at sign-up and wants the newsletter;
-- the read log holds what the demo staff plausibly read yesterday (the citizen's screen pop on a
-- call to the contact center, the employee's profile beside a chat), for "I miei dati" and for the
-- privacy officer's register (rpd / sportello-demo).
INSERT INTO privacy_consents (account_id, purpose, notice_version, given_at, given_via)
SELECT a.id, p.purpose, '2026-12-04', now() - interval '3 days', 'demo'
  FROM accounts a CROSS JOIN (VALUES ('notice-read'), ('newsletter')) AS p (purpose)
 WHERE a.username = 'cittadino';

INSERT INTO personal_data_reads (at, reader, reader_roles, reader_provider, person, what, via, ref)
SELECT now() - interval '1 day' - interval '2 hours', op.id::text, '{operator}'::text[], NULL::uuid, c.id, 'screen-pop', 'call', 'demo-chiamata-1'
  FROM accounts op, accounts c WHERE op.username = 'operatore' AND c.username = 'cittadino'
UNION ALL
SELECT now() - interval '1 day', m.id::text, '{welfare_manager}'::text[], NULL::uuid, e.id, 'chat-context', 'chat', NULL
  FROM accounts m, accounts e WHERE m.username = 'welfare.manager' AND e.username = 'dipendente';
