-- report_facts' foreign key to bookings made every refresh take a KEY SHARE lock on the booking's
-- row when it inserted the booking's facts, after the booking's advisory lock. A transaction that
-- had locked the booking's row (FOR UPDATE: a cancellation, the payments' sweep) and then changed
-- it took the two in the other order: the row, then the advisory lock in its refresh. The two
-- crossed (a deadlock, one of them rolled back), e.g. a provider recording a visit while the
-- person cancelled it.
--
-- The facts are derived rows, rewritten from the bookings by the refresh alone, so the key guarded
-- nothing the refresh does not. Without it a refresh reads bookings and locks no row of theirs.
-- What the key's ON DELETE CASCADE did, a trigger does: a deleted booking's refresh finds no
-- booking and leaves no facts.
ALTER TABLE report_facts DROP CONSTRAINT report_facts_booking_id_fkey;

CREATE FUNCTION report_facts_bookings_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_facts_refresh(array_agg(id)) FROM old_rows HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER report_facts_bookings_deleted AFTER DELETE ON bookings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_facts_bookings_deleted();
