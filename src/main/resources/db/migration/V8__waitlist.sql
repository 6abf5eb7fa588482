-- People waiting for places in a full slot, first come first served. When places free up, the
-- first entry that fits gets a timed hold (status offered); if it lapses, the next one does.
CREATE TABLE waitlist_entries (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slot_id     uuid NOT NULL REFERENCES slots (id),
  person      text NOT NULL,
  acted_by    text NOT NULL,
  places      integer NOT NULL CHECK (places BETWEEN 1 AND 50),
  status      text NOT NULL CHECK (status IN ('waiting', 'offered', 'lapsed', 'left')),
  booking_id  uuid REFERENCES bookings (id),
  joined_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK ((status = 'offered') = (booking_id IS NOT NULL) OR status = 'lapsed')
);
-- One live place in line per person and slot.
CREATE UNIQUE INDEX waitlist_one_per_person ON waitlist_entries (slot_id, person) WHERE status IN ('waiting', 'offered');
CREATE INDEX waitlist_queue_idx ON waitlist_entries (slot_id, joined_at, id) WHERE status = 'waiting';
CREATE INDEX waitlist_booking_idx ON waitlist_entries (booking_id) WHERE booking_id IS NOT NULL;
