-- One shape for a booking everywhere (architecture issue): every write answers booking_json of the
-- row it wrote, so Java never edits a booking's JSON afterwards. The shape now also carries what
-- the booking paid with welfare credit (0 once refunded) and, for the booking a reschedule made,
-- the booking it replaced.

ALTER TABLE bookings ADD COLUMN rescheduled_from uuid REFERENCES bookings (id);

CREATE OR REPLACE FUNCTION booking_json(b bookings, service_title text, service_address text) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object(
      'id', b.id, 'code', b.code, 'slotId', b.slot_id, 'serviceId', b.service_id,
      'serviceTitle', service_title, 'address', service_address, 'resourceId', b.resource_id,
      'start', rome_iso(b.starts_at), 'end', rome_iso(b.ends_at), 'places', b.places, 'status', b.status,
      'person', b.person, 'actedBy', b.acted_by, 'createdAt', utc_iso(b.created_at),
      'paidWithWelfareCents', b.paid_cents)
    || CASE WHEN b.hold_expires_at IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('holdExpiresAt', utc_iso(b.hold_expires_at)) END
    || CASE WHEN b.rescheduled_from IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('rescheduledFrom', b.rescheduled_from) END
$$;

COMMENT ON TABLE outbox IS 'What a booking change should tell its person, written in the transaction of the change. '
  'Nothing reads it yet: no e-mail or SMS is sent (the notifications issue adds the relay that delivers it).';
