-- Per-service booking policy: how late one may book, how far ahead, and until when a citizen may cancel.
ALTER TABLE services
  ADD COLUMN min_notice_minutes   integer NOT NULL DEFAULT 60 CHECK (min_notice_minutes BETWEEN 0 AND 43200),
  ADD COLUMN booking_horizon_days integer NOT NULL DEFAULT 180 CHECK (booking_horizon_days BETWEEN 1 AND 730),
  ADD COLUMN cancel_window_hours  integer NOT NULL DEFAULT 24 CHECK (cancel_window_hours BETWEEN 0 AND 720);
