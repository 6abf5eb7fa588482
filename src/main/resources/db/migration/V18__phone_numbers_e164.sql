-- Phone numbers are kept in E.164 (+393471234567): the screen pop finds a caller by equality, and
-- the same person wrote 3471234567, 0039 347 1234567 or +39 347 123 4567. New numbers are
-- normalised by the application (PhoneNumber, Google's libphonenumber, default region Italy);
-- this brings the stored ones to the same form with the rules libphonenumber applies to them:
-- separators go, 00 is the international prefix, a number without one is Italian and keeps its
-- leading 0 after +39 (landlines), and Italy's 39 written without + or 00 in front of a number
-- too long to be Italian is the country code. Null when no E.164 number can come out of it.
CREATE FUNCTION pg_temp.e164_it(written text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
           WHEN d ~ '^\+[1-9][0-9]{5,14}$' THEN d
           WHEN d ~ '^00[1-9][0-9]{5,14}$' THEN '+' || substr(d, 3)
           WHEN d ~ '^39[0-9]{9,10}$' THEN '+' || d
           WHEN d ~ '^[0-9]{6,12}$' THEN '+39' || d
         END
  FROM (SELECT regexp_replace(written, '[ ./()-]', '', 'g') AS d) AS digits
$$;

-- A stored number no rule can read ("+0…", too short or too long) never matched a caller; it is
-- kept here for whoever fixes it by hand, rather than lost or left to break the new check.
CREATE TABLE accounts_phone_unreadable (
  account_id  uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  phone       text NOT NULL,
  noted_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE accounts_phone_unreadable IS
  'Phone numbers V18 could not turn into E.164: taken out of accounts.phone, kept for a manual fix';
INSERT INTO accounts_phone_unreadable (account_id, phone)
  SELECT id, phone FROM accounts WHERE phone IS NOT NULL AND pg_temp.e164_it(phone) IS NULL;

ALTER TABLE accounts DROP CONSTRAINT accounts_phone_check;
UPDATE accounts SET phone = pg_temp.e164_it(phone) WHERE phone IS NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_phone_e164 CHECK (phone ~ '^\+[1-9][0-9]{5,14}$');

-- Numbers of calls and of chat call-back requests: normalised where they can be; the rest (an
-- internal extension as caller id) stays as the PBX or the citizen gave it.
UPDATE calls SET caller_number = pg_temp.e164_it(caller_number)
  WHERE pg_temp.e164_it(caller_number) IS DISTINCT FROM caller_number AND pg_temp.e164_it(caller_number) IS NOT NULL;
UPDATE calls SET callback_number = pg_temp.e164_it(callback_number)
  WHERE pg_temp.e164_it(callback_number) IS DISTINCT FROM callback_number AND pg_temp.e164_it(callback_number) IS NOT NULL;
UPDATE chat_events SET body = jsonb_set(body, '{phone}', to_jsonb(pg_temp.e164_it(body ->> 'phone')))
  WHERE kind = 'callback-requested' AND pg_temp.e164_it(body ->> 'phone') IS DISTINCT FROM body ->> 'phone'
    AND pg_temp.e164_it(body ->> 'phone') IS NOT NULL;

DROP FUNCTION pg_temp.e164_it(text);
