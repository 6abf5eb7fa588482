-- The Welfare Card (issue 21, the Modena network's card): the network's agreement with member
-- companies, a package of services with agreed discounts, and one card per employee of those
-- companies that any provider can verify. The discount reaches every price through
-- welfare_card_discount(person, service), which the price quote calls.

-- An agreement of the network (its supervisors keep them) with some member companies, for a period.
-- A company that leaves an agreement keeps its row (its cards, revoked, point at it).
CREATE TABLE welfare_card_agreements (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL UNIQUE CHECK (length(name) BETWEEN 3 AND 200),
  valid_from   date NOT NULL,
  valid_until  date NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until >= valid_from)
);

CREATE TABLE welfare_card_companies (
  agreement_id uuid NOT NULL REFERENCES welfare_card_agreements (id),
  company_id   uuid NOT NULL REFERENCES companies (id),
  -- When the company left the agreement (its cards were revoked then); NULL while it is a member.
  left_at      timestamptz,
  PRIMARY KEY (agreement_id, company_id)
);
CREATE INDEX welfare_card_companies_company_idx ON welfare_card_companies (company_id);

-- The package: each service once per agreement, with its agreed discount: a percentage off the
-- tariff (1-100) or a fixed price in cents per tariff unit (it replaces the tariff).
CREATE TABLE welfare_card_package (
  agreement_id   uuid NOT NULL REFERENCES welfare_card_agreements (id),
  service_id     uuid NOT NULL REFERENCES services (id),
  discount_kind  text NOT NULL CHECK (discount_kind IN ('percent', 'fixed')),
  discount_value integer NOT NULL,
  CHECK (discount_kind <> 'percent' OR discount_value BETWEEN 1 AND 100),
  CHECK (discount_kind <> 'fixed' OR discount_value BETWEEN 0 AND 100000000),
  PRIMARY KEY (agreement_id, service_id)
);
CREATE INDEX welfare_card_package_service_idx ON welfare_card_package (service_id);

-- Luhn's check digit of a card number's body (its digits without the last), as
-- welfarecard.domain.CardNumber computes it: a mistyped digit or two swapped neighbours never
-- make another card's number.
CREATE FUNCTION welfare_card_check_digit(body text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ((10 - sum(CASE WHEN i % 2 = 1 THEN (d * 2) / 10 + (d * 2) % 10 ELSE d END) % 10) % 10)::integer
    FROM (SELECT substr(reverse(body), i, 1)::integer AS d, i FROM generate_series(1, length(body)) AS i) digits
$$;

CREATE FUNCTION welfare_card_number_valid(number text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT number ~ '^[0-9]{12}$' AND right(number, 1)::integer = welfare_card_check_digit(left(number, 11))
$$;

-- One card per employee and agreement while it lives; a revoked card stays (a provider who scans
-- it learns it is revoked) and the employee may get a new one with a new number.
CREATE TABLE welfare_cards (
  number          text PRIMARY KEY CHECK (welfare_card_number_valid(number)),
  agreement_id    uuid NOT NULL,
  company_id      uuid NOT NULL,
  account_id      uuid NOT NULL REFERENCES employees (account_id),
  valid_from      date NOT NULL,
  valid_until     date NOT NULL,
  issued_by       text NOT NULL,
  issued_at       timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz,
  revoked_reason  text CHECK (revoked_reason IN ('left_company', 'company_left_agreement', 'erased')),
  CHECK (valid_until >= valid_from),
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
  FOREIGN KEY (agreement_id, company_id) REFERENCES welfare_card_companies (agreement_id, company_id)
);
CREATE UNIQUE INDEX welfare_cards_one_live ON welfare_cards (agreement_id, account_id) WHERE revoked_at IS NULL;
CREATE INDEX welfare_cards_account_idx ON welfare_cards (account_id) WHERE revoked_at IS NULL;

-- Today in Italy: a card is valid through its last day, Italian time.
CREATE FUNCTION welfare_card_today() RETURNS date LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (now() AT TIME ZONE 'Europe/Rome')::date
$$;

-- valid, expired, revoked or not_yet_valid (an agreement that starts later).
CREATE FUNCTION welfare_card_status(c welfare_cards) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN c.revoked_at IS NOT NULL THEN 'revoked'
              WHEN welfare_card_today() > c.valid_until THEN 'expired'
              WHEN welfare_card_today() < c.valid_from THEN 'not_yet_valid'
              ELSE 'valid' END
$$;

-- Revokes the live cards of NEW.account_id, for the reason the trigger names (TG_ARGV[0]).
CREATE FUNCTION welfare_cards_revoke() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE welfare_cards SET revoked_at = now(), revoked_reason = TG_ARGV[0]
   WHERE account_id = NEW.account_id AND revoked_at IS NULL;
  RETURN NULL;
END $$;

-- A card follows its holder's employment: leaving the company (or moving to another) revokes it,
-- whatever path closes the employee (the HR's button, an import that closes the missing).
CREATE TRIGGER employees_welfare_cards AFTER UPDATE OF left_on, company_id ON employees
  FOR EACH ROW WHEN ((OLD.left_on IS NULL AND NEW.left_on IS NOT NULL) OR OLD.company_id <> NEW.company_id)
  EXECUTE FUNCTION welfare_cards_revoke('left_company');

-- An erased person's card is revoked in the erasure's transaction: its number stays (a provider
-- who scans it learns it is revoked) but no longer stands for anyone.
CREATE TRIGGER erasures_welfare_cards AFTER INSERT ON erasures
  FOR EACH ROW EXECUTE FUNCTION welfare_cards_revoke('erased');

-- The Welfare Card discount on a service for a person (bookings.person: an account id as text):
-- NULL, or {kind: 'percent'|'fixed', value, agreementId, cardNumber} from the person's valid card
-- whose agreement's package has the service. Only a discount that lowers the price counts (a fixed
-- price at or above the tariff is no discount); with several, the lowest price per unit wins, ties
-- by agreement id, so the answer is always the same. The price quote (pricing) calls this.
CREATE FUNCTION welfare_card_discount(person text, service uuid) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object('kind', p.discount_kind, 'value', p.discount_value,
                            'agreementId', c.agreement_id, 'cardNumber', c.number)
    FROM welfare_cards c
    JOIN employees e ON e.account_id = c.account_id AND e.company_id = c.company_id AND e.left_on IS NULL
    JOIN welfare_card_package p ON p.agreement_id = c.agreement_id AND p.service_id = welfare_card_discount.service
    JOIN services s ON s.id = p.service_id
   WHERE c.account_id::text = welfare_card_discount.person
     AND welfare_card_status(c) = 'valid'
     AND CASE p.discount_kind WHEN 'percent' THEN s.tariff_cents > 0 ELSE p.discount_value < s.tariff_cents END
   ORDER BY CASE p.discount_kind WHEN 'percent' THEN s.tariff_cents * (100 - p.discount_value) / 100.0
                                 ELSE p.discount_value END,
            c.agreement_id
   LIMIT 1
$$;
