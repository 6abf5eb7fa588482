-- The front desk in the reports (issue 23, part 6): what each answered call and each chat
-- conversation was about and how it ended, recorded by the operator or welfare manager who had it.
-- One row per contact; a later recording of the same contact replaces the earlier one.
CREATE TABLE contact_outcomes (
  channel      text        NOT NULL CHECK (channel IN ('call', 'chat')),
  -- calls.id for a call, chat_conversations.id (as text) for a chat.
  contact_id   text        NOT NULL CHECK (char_length(contact_id) BETWEEN 1 AND 200),
  -- When the contact began (the call's arrival, the conversation's queueing): reports go by it.
  contact_at   timestamptz NOT NULL,
  topic        text        NOT NULL REFERENCES service_areas (code),
  outcome      text        NOT NULL CHECK (outcome IN ('booking', 'callback', 'information', 'other')),
  -- The booking made during the contact, when the outcome is a booking and one is known.
  booking_id   uuid        REFERENCES bookings (id),
  recorded_by  text        NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, contact_id),
  CHECK (booking_id IS NULL OR outcome = 'booking')
);
CREATE INDEX contact_outcomes_at ON contact_outcomes (contact_at);
