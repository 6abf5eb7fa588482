-- How a booking is shown to clients, built by PostgreSQL so that a hold can store its own answer
-- under the idempotency key in the same statement that takes the places (no transaction held
-- open across round trips while the slot row is locked).

-- An instant as Italian local time with its offset, e.g. 2026-03-29T03:00:00+02:00.
CREATE FUNCTION rome_iso(t timestamptz) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT to_char(t AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD"T"HH24:MI:SS') || '+'
      || to_char((t AT TIME ZONE 'Europe/Rome') - (t AT TIME ZONE 'UTC'), 'HH24:MI')
$$;

-- An instant in UTC, e.g. 2026-11-22T09:15:02.123456Z.
CREATE FUNCTION utc_iso(t timestamptz) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

CREATE FUNCTION booking_json(b bookings, service_title text, service_address text) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object(
      'id', b.id, 'code', b.code, 'slotId', b.slot_id, 'serviceId', b.service_id,
      'serviceTitle', service_title, 'address', service_address, 'resourceId', b.resource_id,
      'start', rome_iso(b.starts_at), 'end', rome_iso(b.ends_at), 'places', b.places, 'status', b.status,
      'person', b.person, 'actedBy', b.acted_by, 'createdAt', utc_iso(b.created_at))
    || CASE WHEN b.hold_expires_at IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('holdExpiresAt', utc_iso(b.hold_expires_at)) END
$$;
