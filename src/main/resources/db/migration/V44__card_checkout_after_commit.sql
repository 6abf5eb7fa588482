-- A card payment is recorded (pending) in the booking's transaction and its Stripe Checkout Session
-- is opened after that transaction commits, so no database connection or booking lock waits on
-- Stripe. Until the session is opened and stored, a pending card payment has none; a completed one
-- always has its session.
DO $$
DECLARE
  old_check text;
BEGIN
  SELECT conname INTO old_check FROM pg_constraint
   WHERE conrelid = 'payments'::regclass AND contype = 'c'
     AND pg_get_constraintdef(oid) LIKE '%stripe_session IS NOT NULL%';
  EXECUTE format('ALTER TABLE payments DROP CONSTRAINT %I', old_check);
END $$;

ALTER TABLE payments ADD CONSTRAINT payments_completed_card_has_session
  CHECK (method <> 'card' OR state <> 'completed' OR stripe_session IS NOT NULL);
