-- Intake questions (issue 18, flow 4): home care was booked without an address, a beneficiary or
-- notes. A service declares which of a fixed set of questions it asks when a booking is confirmed,
-- each required or not; the answers are kept on the booking and shown to the person and to the
-- cooperative that runs the service. The rules live in catalog.domain.IntakeDeclaration; these
-- constraints are the backstop.

-- The questions a service asks: each kind at most once (the primary key). A service asking
-- nothing has no rows. Kept in the kinds' fixed order when read (IntakeKind).
CREATE TABLE service_intake_questions (
  service_id  uuid NOT NULL REFERENCES services (id),
  kind        text NOT NULL CHECK (kind IN ('beneficiary', 'address', 'notes')),
  required    boolean NOT NULL,
  PRIMARY KEY (service_id, kind)
);

-- A service's questions as screens read them: [{kind, required}], in the kinds' fixed order.
CREATE FUNCTION service_intake_json(service uuid) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT COALESCE(jsonb_agg(jsonb_build_object('kind', q.kind, 'required', q.required)
                            ORDER BY array_position(ARRAY['beneficiary', 'address', 'notes'], q.kind)), '[]'::jsonb)
    FROM service_intake_questions q WHERE q.service_id = service
$$;

-- The answers, written when the booking is confirmed (a reschedule's booking keeps those of the
-- booking it replaces). Trimmed, not empty, within the lengths of IntakeKind; one-line answers
-- without control characters, notes with line breaks and tabs only.
ALTER TABLE bookings
  ADD COLUMN intake_beneficiary text CHECK (intake_beneficiary IS NULL OR (
    char_length(intake_beneficiary) BETWEEN 1 AND 120 AND btrim(intake_beneficiary) = intake_beneficiary
    AND intake_beneficiary !~ '[\u0001-\u001f\u007f-\u009f]')),
  ADD COLUMN intake_address text CHECK (intake_address IS NULL OR (
    char_length(intake_address) BETWEEN 1 AND 300 AND btrim(intake_address) = intake_address
    AND intake_address !~ '[\u0001-\u001f\u007f-\u009f]')),
  ADD COLUMN intake_notes text CHECK (intake_notes IS NULL OR (
    char_length(intake_notes) BETWEEN 1 AND 1000 AND btrim(intake_notes, E' \t\n') = intake_notes
    AND intake_notes !~ '[\u0001-\u0008\u000b-\u001f\u007f-\u009f]'));

-- The cooperative's list of its bookings by date (GET /provider/bookings).
CREATE INDEX bookings_service_start_idx ON bookings (service_id, starts_at);

-- A booking's answers: {beneficiary?, address?, notes?}, only those given.
CREATE FUNCTION booking_intake_json(b bookings) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object('beneficiary', b.intake_beneficiary, 'address', b.intake_address,
                                              'notes', b.intake_notes))
$$;

-- The one booking shape (V14) now carries the answers too: whoever may see a booking sees them.
CREATE OR REPLACE FUNCTION booking_json(b bookings, service_title text, service_address text) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object(
      'id', b.id, 'code', b.code, 'slotId', b.slot_id, 'serviceId', b.service_id,
      'serviceTitle', service_title, 'address', service_address, 'resourceId', b.resource_id,
      'start', rome_iso(b.starts_at), 'end', rome_iso(b.ends_at), 'places', b.places, 'status', b.status,
      'person', b.person, 'actedBy', b.acted_by, 'createdAt', utc_iso(b.created_at),
      'paidWithWelfareCents', b.paid_cents, 'intake', booking_intake_json(b))
    || CASE WHEN b.hold_expires_at IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('holdExpiresAt', utc_iso(b.hold_expires_at)) END
    || CASE WHEN b.rescheduled_from IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('rescheduledFrom', b.rescheduled_from) END
$$;
