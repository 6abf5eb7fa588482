-- Receipts (issue 21). Every row of money_ledger gets one fiscal document from its provider: a
-- payment a receipt ("ricevuta"), a refund a credit note ("nota di credito") referring to the
-- receipt of its payment. Each provider numbers each series from 1 every calendar year (Europe/Rome)
-- without gaps: the counter row is advanced in the transaction that inserts the document, so a
-- rollback takes the number back with it. A document is a fiscal record: it holds what it said when
-- issued (issuer, person, company, service, VAT) and never changes.

-- The cooperative's legal data, printed on its receipts; until all three are set its money waits.
ALTER TABLE providers
  ADD COLUMN legal_name    text CHECK (length(legal_name) BETWEEN 2 AND 200),
  ADD COLUMN legal_address text CHECK (length(legal_address) BETWEEN 5 AND 300),
  -- A cooperative's codice fiscale: 11 digits (usually its partita IVA), or 16 characters.
  ADD COLUMN fiscal_code   text CHECK (fiscal_code ~ '^([0-9]{11}|[A-Z0-9]{16})$');

-- The last number given per provider, year and series.
CREATE TABLE receipt_counters (
  provider_id  uuid NOT NULL REFERENCES providers (id),
  year         integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
  series       text NOT NULL CHECK (series IN ('receipt', 'credit_note')),
  last_number  integer NOT NULL CHECK (last_number > 0),
  PRIMARY KEY (provider_id, year, series)
);

CREATE TABLE receipts (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id          uuid NOT NULL REFERENCES providers (id),
  year                 integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
  series               text NOT NULL CHECK (series IN ('receipt', 'credit_note')),
  number               integer NOT NULL CHECK (number > 0),
  -- The movement of money it documents: one document per ledger row.
  ledger_id            bigint NOT NULL UNIQUE REFERENCES money_ledger (id),
  booking_id           uuid NOT NULL REFERENCES bookings (id),
  -- The person the service was for (bookings.person).
  person               text NOT NULL,
  -- Who paid: the person, or their employer's welfare plan (payer_company, plan_label).
  payer                text NOT NULL CHECK (payer IN ('person', 'company')),
  payer_company        uuid REFERENCES companies (id),
  method               text NOT NULL CHECK (method IN ('welfare_credit', 'voucher', 'card', 'at_provider')),
  means                text,
  -- Positive for both series: a credit note gives back amount_cents.
  amount_cents         integer NOT NULL CHECK (amount_cents > 0),
  vat_treatment        text NOT NULL CHECK (vat_treatment IN ('exempt', 'vat_5', 'vat_10', 'vat_22')),
  taxable_cents        integer NOT NULL CHECK (taxable_cents >= 0),
  vat_cents            integer NOT NULL CHECK (vat_cents >= 0),
  -- A credit note: the receipt of the payment it refunds.
  refers_to            uuid REFERENCES receipts (id),
  issued_at            timestamptz NOT NULL DEFAULT now(),
  -- What the document says, as it was when issued.
  issuer_name          text NOT NULL,
  issuer_address       text NOT NULL,
  issuer_fiscal_code   text NOT NULL,
  issuer_vat_number    text NOT NULL,
  person_name          text NOT NULL,
  person_codice_fiscale text,
  company_name         text,
  company_vat_number   text,
  plan_label           text,
  service_title        text NOT NULL,
  service_starts_at    timestamptz NOT NULL,
  service_ends_at      timestamptz NOT NULL,
  UNIQUE (provider_id, year, series, number),
  CHECK (taxable_cents + vat_cents = amount_cents),
  CHECK (vat_treatment <> 'exempt' OR vat_cents = 0),
  CHECK ((series = 'credit_note') = (refers_to IS NOT NULL)),
  CHECK ((payer = 'company') = (payer_company IS NOT NULL)),
  CHECK (payer = 'person' OR method = 'welfare_credit')
);
CREATE INDEX receipts_person_idx ON receipts (person, issued_at);
CREATE INDEX receipts_booking_idx ON receipts (booking_id);
-- Fiscal records: kept as issued (ten years, art. 2220 c.c.), never updated, never erased.
CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE ON receipts
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- The ledger rows still to document, queued by the ledger itself, so the relay claims from a short
-- table (FOR UPDATE SKIP LOCKED) instead of searching the whole ledger for rows without a document.
-- A row that fails waits (next_try_at) and does not hold up the others.
CREATE TABLE receipts_due (
  ledger_id    bigint PRIMARY KEY REFERENCES money_ledger (id),
  provider_id  uuid NOT NULL REFERENCES providers (id),
  attempts     integer NOT NULL DEFAULT 0,
  next_try_at  timestamptz NOT NULL DEFAULT now(),
  last_error   text
);
CREATE INDEX receipts_due_next_idx ON receipts_due (next_try_at, ledger_id);

CREATE FUNCTION queue_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO receipts_due (ledger_id, provider_id) VALUES (NEW.id, NEW.provider_id);
  RETURN NULL;
END $$;
CREATE TRIGGER money_ledger_queues_receipt AFTER INSERT ON money_ledger
  FOR EACH ROW EXECUTE FUNCTION queue_receipt();
INSERT INTO receipts_due (ledger_id, provider_id) SELECT id, provider_id FROM money_ledger;

-- A cooperative's admin reading someone's receipt, or the year's list with names, is in the read log.
ALTER TABLE personal_data_reads DROP CONSTRAINT personal_data_reads_what_check;
ALTER TABLE personal_data_reads ADD CONSTRAINT personal_data_reads_what_check
  CHECK (what IN ('screen-pop', 'chat-context', 'booking-details', 'person-bookings', 'provider-bookings',
                  'receipt', 'provider-receipts'));
