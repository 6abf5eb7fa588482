-- A ticket named for another person (issue 24): the buyer may put someone else's name on a ticket
-- before the event, if the organiser allows it for that event; the door shows the name, to check
-- against a document. Who named it and when stay with the ticket.
CREATE TABLE event_settings (
  service_id   uuid        PRIMARY KEY REFERENCES services (id),
  transferable boolean     NOT NULL DEFAULT false,
  updated_by   text        NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE tickets ADD COLUMN holder_named_by text, ADD COLUMN holder_named_at timestamptz,
  ADD CONSTRAINT tickets_holder_named CHECK ((holder_named_at IS NULL) = (holder_named_by IS NULL));
