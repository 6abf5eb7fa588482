-- The payments sweep (PaymentRepository.endedUnsettled) looks for money still to settle on
-- bookings that ended (cancelled, expired) in the last weeks. With a year of bookings the ended
-- ones are tens of thousands, all long settled: the sweep reads only the recent ones, by this index.
CREATE INDEX bookings_ended_recently_idx ON bookings (updated_at) WHERE status IN ('cancelled', 'expired');
