-- Calendar feeds (issue 19, point 7): a secret address a phone's calendar subscribes to, for one
-- person's bookings or for one resource's (a carer's agenda). Only the SHA-256 of the 256-bit
-- token is kept, as for refresh tokens and kiosk devices: the address is shown once, when made.
-- A feed is revoked, never deleted (revoked_at); making a new one revokes the live one in the same
-- transaction, so each person and each resource has at most one live feed.
CREATE TABLE calendar_feeds (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- SHA-256 of the token; looked up by this index alone, never compared as text.
  token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  -- The subject whose bookings it shows (bookings.person), or the resource whose bookings it shows.
  person       text CHECK (length(person) BETWEEN 1 AND 300),
  resource_id  uuid REFERENCES resources (id),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  CHECK ((person IS NULL) <> (resource_id IS NULL))
);
CREATE UNIQUE INDEX calendar_feeds_live_person_idx ON calendar_feeds (person)
  WHERE revoked_at IS NULL AND person IS NOT NULL;
CREATE UNIQUE INDEX calendar_feeds_live_resource_idx ON calendar_feeds (resource_id)
  WHERE revoked_at IS NULL AND resource_id IS NOT NULL;

-- A resource's feed reads its bookings in a window of dates, as a person's does (bookings_person_idx).
CREATE INDEX bookings_resource_start_idx ON bookings (resource_id, starts_at);
