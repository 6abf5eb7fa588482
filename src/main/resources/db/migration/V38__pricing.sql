-- Pricing (issue 21, part A). One rule prices every slot (pricing.domain.PriceRule): by the hour
-- pro rata of the slot's real minutes, by the session, the day or the person; week and month
-- services are enrolments, never sold one slot at a time. A service may price by ISEE band; the
-- person declares their ISEE with its expiry. The quote is computed when a slot is held and stored
-- on the booking (V37 price_cents, price_detail): the price shown is the price charged.

-- How the service's price is treated for VAT on receipts: most social services are exempt
-- (art. 10 DPR 633/72) or at 5% (social cooperatives); 10% and 22% for the rest.
ALTER TABLE services ADD COLUMN vat_treatment text NOT NULL DEFAULT 'exempt'
  CHECK (vat_treatment IN ('exempt', 'vat_5', 'vat_10', 'vat_22'));

-- Reduced tariffs by ISEE band: whoever declares an ISEE up to up_to_cents (inclusive) pays
-- tariff_cents per the service's unit; above the highest band, or without a valid ISEE, the full
-- tariff. The rules of a band set (rising, never above the full tariff) live in
-- pricing.domain.IseeBands; these constraints are the backstop.
CREATE TABLE service_isee_bands (
  service_id    uuid NOT NULL REFERENCES services (id),
  up_to_cents   bigint NOT NULL CHECK (up_to_cents BETWEEN 0 AND 1000000000),
  tariff_cents  integer NOT NULL CHECK (tariff_cents >= 0),
  PRIMARY KEY (service_id, up_to_cents)
);

-- A service's bands as screens read them: [{upToCents, tariffCents}], lowest first.
CREATE FUNCTION service_isee_bands_json(service uuid) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT COALESCE(jsonb_agg(jsonb_build_object('upToCents', b.up_to_cents, 'tariffCents', b.tariff_cents)
                            ORDER BY b.up_to_cents), '[]'::jsonb)
    FROM service_isee_bands b WHERE b.service_id = service
$$;

-- The person's ISEE as they declared it (not checked against INPS: shown and used as declared),
-- valid up to and including expires_on. One declaration per person; a new one replaces it.
CREATE TABLE isee_declarations (
  account_id   uuid PRIMARY KEY REFERENCES accounts (id),
  value_cents  bigint NOT NULL CHECK (value_cents BETWEEN 0 AND 1000000000),
  expires_on   date NOT NULL,
  declared_at  timestamptz NOT NULL DEFAULT now()
);

-- The one booking shape (V14, V21) now carries its price: priceCents as charged, and price, the
-- quote's lines as shown when it was held ({} for bookings held before prices were quoted).
CREATE OR REPLACE FUNCTION booking_json(b bookings, service_title text, service_address text) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object(
      'id', b.id, 'code', b.code, 'slotId', b.slot_id, 'serviceId', b.service_id,
      'serviceTitle', service_title, 'address', service_address, 'resourceId', b.resource_id,
      'start', rome_iso(b.starts_at), 'end', rome_iso(b.ends_at), 'places', b.places, 'status', b.status,
      'person', b.person, 'actedBy', b.acted_by, 'createdAt', utc_iso(b.created_at),
      'paidWithWelfareCents', b.paid_cents, 'intake', booking_intake_json(b),
      'priceCents', b.price_cents, 'price', b.price_detail)
    || CASE WHEN b.hold_expires_at IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('holdExpiresAt', utc_iso(b.hold_expires_at)) END
    || CASE WHEN b.rescheduled_from IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('rescheduledFrom', b.rescheduled_from) END
$$;
