-- Issue 17: kiosk chats belong to the person identified there; one name for a slot's id.

-- A chat started at a kiosk belongs to the person identified there, not to the device. A kiosk
-- writes into a conversation only for that person and only within the kiosk session its command
-- names (ChatCallers checks it first); the event keeps that session, and this trigger is the
-- backstop: the session must still be live, and be the author's.
ALTER TABLE chat_events ADD COLUMN kiosk_session uuid REFERENCES kiosk_sessions (id);

CREATE FUNCTION chat_kiosk_person_identified() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
      SELECT 1 FROM kiosk_sessions s
       WHERE s.id = NEW.kiosk_session AND s.account_id::text = NEW.author
         AND s.ended_at IS NULL AND s.expires_at > now()) THEN
    RAISE EXCEPTION 'a kiosk writes in a chat only for the person identified at it, while that kiosk session lives'
      USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'chat_kiosk_person_identified';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER chat_events_kiosk_person BEFORE INSERT ON chat_events
  FOR EACH ROW WHEN (NEW.kiosk_session IS NOT NULL) EXECUTE FUNCTION chat_kiosk_person_identified();

-- One name for a slot's id: the availability push called it slotId where the REST answer (and
-- everything else that is a slot) calls it id.
CREATE OR REPLACE FUNCTION slots_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM publish_slot_changes((SELECT jsonb_agg(jsonb_build_object(
      'id', id, 'serviceId', service_id, 'resourceId', resource_id, 'start', starts_at, 'end', ends_at,
      'capacity', capacity, 'free', capacity - taken, 'removed', false)) FROM new_rows));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION slots_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM publish_slot_changes((SELECT jsonb_agg(jsonb_build_object(
      'id', n.id, 'serviceId', n.service_id, 'resourceId', n.resource_id, 'start', n.starts_at, 'end', n.ends_at,
      'capacity', n.capacity, 'free', n.capacity - n.taken, 'removed', false))
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE n.taken <> o.taken OR n.capacity <> o.capacity));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION slots_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM publish_slot_changes((SELECT jsonb_agg(jsonb_build_object(
      'id', id, 'serviceId', service_id, 'resourceId', resource_id, 'start', starts_at, 'end', ends_at,
      'capacity', 0, 'free', 0, 'removed', true)) FROM old_rows));
  RETURN NULL;
END $$;
