-- The catalog as the foundation knows it: services with their tariffs; schedules arrive with the catalog module.
CREATE TABLE services (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id     uuid NOT NULL REFERENCES providers (id),
  area            text NOT NULL CHECK (area IN ('education','childhood','elderly','work_life','health')),
  title           text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  description     text NOT NULL CHECK (length(description) BETWEEN 10 AND 4000),
  tariff_cents    integer NOT NULL CHECK (tariff_cents >= 0),
  tariff_unit     text NOT NULL CHECK (tariff_unit IN ('hour','session','week','month')),
  delivery_mode   text NOT NULL CHECK (delivery_mode IN ('at_place','at_home','online')),
  -- TUIR art. 51: c.2 letters f, f-bis, f-ter, or c.3 fringe benefit; NULL = not payable with welfare credit.
  welfare_letter  text CHECK (welfare_letter IN ('f','f_bis','f_ter','fringe_benefit')),
  audience        text NOT NULL CHECK (audience IN ('children','families','elderly','adults','everyone')),
  address         text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  retired_at      timestamptz,
  CHECK (delivery_mode <> 'at_place' OR address IS NOT NULL)
);
CREATE INDEX services_provider_idx ON services (provider_id);
CREATE INDEX services_area_idx ON services (area) WHERE retired_at IS NULL;

-- Municipalities whose residents can get an in-person service (online services are open to all).
CREATE TABLE service_municipalities (
  service_id    uuid NOT NULL REFERENCES services (id),
  municipality  text NOT NULL REFERENCES municipalities (istat_code),
  PRIMARY KEY (service_id, municipality)
);
CREATE INDEX service_municipalities_municipality_idx ON service_municipalities (municipality);
