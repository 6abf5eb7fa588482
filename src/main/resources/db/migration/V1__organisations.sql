-- Who takes part: municipalities, cooperatives (providers) and member companies.
CREATE TABLE municipalities (
  istat_code  text PRIMARY KEY CHECK (istat_code ~ '^[0-9]{6}$'),
  name        text NOT NULL,
  province    text NOT NULL CHECK (province ~ '^[A-Z]{2}$'),
  UNIQUE (name, province)
);

CREATE TABLE providers (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name            text NOT NULL UNIQUE CHECK (length(name) BETWEEN 2 AND 200),
  vat_number      text NOT NULL UNIQUE CHECK (vat_number ~ '^[0-9]{11}$'),
  municipality    text NOT NULL REFERENCES municipalities (istat_code),
  description     text NOT NULL DEFAULT '',
  -- UNI/PdR 58:2019 qualification areas; empty when the cooperative is not qualified.
  uni_pdr_58_areas text[] NOT NULL DEFAULT '{}'
    CHECK (uni_pdr_58_areas <@ ARRAY['family','wellbeing_health','quality_of_life','home','intermediation']::text[]),
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE companies (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL UNIQUE CHECK (length(name) BETWEEN 2 AND 200),
  vat_number    text NOT NULL UNIQUE CHECK (vat_number ~ '^[0-9]{11}$'),
  municipality  text NOT NULL REFERENCES municipalities (istat_code),
  created_at    timestamptz NOT NULL DEFAULT now()
);
