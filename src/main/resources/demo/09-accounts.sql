-- E-mail accounts (issue 20): the demo people's addresses (08-notifications.sql, under
-- example.org) count as proved, so that they can also sign in with their e-mail address, e.g.
-- giulia.mazzoleni@cittadini.example.org with the demo password; their privacy notice counts as
-- read. Runs inside DemoData's transaction after 08-notifications.sql. Running it twice changes nothing.
UPDATE accounts
   SET email_verified_at = coalesce(email_verified_at, created_at),
       privacy_notice_accepted_at = coalesce(privacy_notice_accepted_at, created_at)
 WHERE email IS NOT NULL AND roles && ARRAY['citizen', 'employee'];
