-- The municipalities' side (issue 22): who a provider is, and who acts for a Comune.

-- A provider is a social cooperative (as every provider was until now), a municipality (the Comune
-- itself: it publishes municipal services and bandi), an association, or a shop (an esercizio
-- commerciale accredited to accept municipal vouchers).
ALTER TABLE providers ADD COLUMN kind text NOT NULL DEFAULT 'cooperative'
  CHECK (kind IN ('cooperative', 'municipality', 'association', 'shop'));

-- One Comune per municipality: the provider of kind municipality is that municipality's office.
CREATE UNIQUE INDEX providers_one_comune_per_municipality ON providers (municipality) WHERE kind = 'municipality';

-- Where a provider is (a shop's counter, a Comune's office), and what a shop sells.
ALTER TABLE providers ADD COLUMN address text CHECK (length(address) BETWEEN 5 AND 300);
ALTER TABLE providers ADD COLUMN shop_category text
  CHECK (shop_category IN ('groceries', 'pharmacy', 'butcher', 'bakery', 'greengrocer', 'household', 'stationery', 'other'));
ALTER TABLE providers ADD CONSTRAINT providers_shop_category_only_for_shops
  CHECK ((kind = 'shop') = (shop_category IS NOT NULL));
ALTER TABLE providers ADD CONSTRAINT providers_shop_has_address
  CHECK (kind <> 'shop' OR address IS NOT NULL);

-- The municipal officer publishes the Comune's bandi and reviews their applications. An officer
-- belongs to one Comune: their account's provider is a provider of kind municipality (checked by
-- the trigger below, since a CHECK cannot look at another table).
ALTER TABLE accounts DROP CONSTRAINT accounts_roles_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[
  'citizen','employee','operator','welfare_manager','supervisor','provider_admin','hr_admin','kiosk',
  'privacy_officer','municipal_officer']::text[]);

CREATE FUNCTION municipal_officer_of_a_comune() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF 'municipal_officer' = ANY (NEW.roles) AND NOT EXISTS (
       SELECT 1 FROM providers p WHERE p.id = NEW.provider_id AND p.kind = 'municipality') THEN
    RAISE EXCEPTION 'a municipal officer belongs to one Comune (a provider of kind municipality)'
      USING ERRCODE = '23514', CONSTRAINT = 'accounts_municipal_officer_comune';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER accounts_municipal_officer_comune BEFORE INSERT OR UPDATE OF roles, provider_id ON accounts
  FOR EACH ROW EXECUTE FUNCTION municipal_officer_of_a_comune();

-- A provider's kind cannot change while officers hang on it as their Comune.
CREATE FUNCTION comune_keeps_its_officers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.kind = 'municipality' AND NEW.kind <> 'municipality' AND EXISTS (
       SELECT 1 FROM accounts a WHERE a.provider_id = OLD.id AND 'municipal_officer' = ANY (a.roles)) THEN
    RAISE EXCEPTION 'a Comune with municipal officers stays a municipality'
      USING ERRCODE = '23514', CONSTRAINT = 'providers_comune_keeps_officers';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER providers_comune_keeps_officers BEFORE UPDATE OF kind ON providers
  FOR EACH ROW EXECUTE FUNCTION comune_keeps_its_officers();

-- A shop accepts a municipality's vouchers once that municipality has accredited it.
CREATE TABLE shop_accreditations (
  shop_id        uuid NOT NULL REFERENCES providers (id),
  municipality   text NOT NULL REFERENCES municipalities (istat_code),
  accredited_by  text NOT NULL,
  accredited_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz,
  PRIMARY KEY (shop_id, municipality)
);
CREATE INDEX shop_accreditations_municipality_idx ON shop_accreditations (municipality) WHERE revoked_at IS NULL;

CREATE FUNCTION accredited_provider_is_a_shop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM providers p WHERE p.id = NEW.shop_id AND p.kind = 'shop') THEN
    RAISE EXCEPTION 'only a shop is accredited to accept vouchers'
      USING ERRCODE = '23514', CONSTRAINT = 'shop_accreditations_shop';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER shop_accreditations_shop BEFORE INSERT OR UPDATE ON shop_accreditations
  FOR EACH ROW EXECUTE FUNCTION accredited_provider_is_a_shop();
