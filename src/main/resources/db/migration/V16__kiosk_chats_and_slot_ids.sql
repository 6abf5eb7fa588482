-- Issue 17.

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
