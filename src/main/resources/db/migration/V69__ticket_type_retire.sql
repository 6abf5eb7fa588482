-- An organiser retires a ticket type (issue 24): it is no longer sold, the tickets sold with it stay
-- valid, and its code may be given to a new type (a price changed, "Intero" again at 14 euros). A
-- code is unique among the event's types on sale only. When no type is left on sale, the service is
-- booked by places again.
ALTER TABLE ticket_types DROP CONSTRAINT ticket_types_service_id_code_key,
  ADD COLUMN retired_by text, ADD COLUMN retired_at timestamptz,
  ADD CONSTRAINT ticket_types_retired_when CHECK (NOT retired OR (retired_at IS NOT NULL AND retired_by IS NOT NULL));
CREATE UNIQUE INDEX ticket_types_code_on_sale ON ticket_types (service_id, code) WHERE NOT retired;
