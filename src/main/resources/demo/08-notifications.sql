-- Where the demo people are told (issue 19), so that the first booking of a demo run produces
-- messages for the supervisor's page (/avvisi.html) and "Le mie prenotazioni" shows an address.
-- Runs inside DemoData's transaction after the accounts and 04-call-queue.sql (which gives some of
-- them a mobile number). The addresses are under example.org, a domain reserved for documentation
-- (RFC 2606): nothing sent there reaches anyone. Running it twice changes nothing.

-- Citizens and employees: name.surname@cittadini.example.org / @dipendenti.example.org.
UPDATE accounts
   SET email = lower(replace(display_name, ' ', '.')) || '@'
               || CASE WHEN 'employee' = ANY (roles) THEN 'dipendenti' ELSE 'cittadini' END || '.example.org'
 WHERE roles && ARRAY['citizen', 'employee'] AND email IS NULL;

-- The demo citizen (Giulia Mazzoleni, who has a mobile number) wants e-mail and SMS, but no
-- messages between 22:00 and 07:00.
INSERT INTO notification_preferences (account_id, channels, quiet_from, quiet_until)
SELECT id, '{email,sms}', '22:00', '07:00' FROM accounts WHERE username = 'cittadino' AND phone IS NOT NULL
ON CONFLICT (account_id) DO NOTHING;
