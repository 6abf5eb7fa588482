-- The front desk's outcomes (issue 23, part 6): the form after a call or a chat suggests the
-- booking its operator or welfare manager made for the person during it, and the recording checks
-- that a booking named is such a one. Both look for bookings by who made them and when; only
-- bookings made for someone else (acted_by <> person) are ever asked for, so only those are indexed.
CREATE INDEX bookings_acted_for_others_idx ON bookings (acted_by, created_at) WHERE acted_by <> person;
