-- Bandi (issue 22): documents uploaded before the application is submitted, the receipt taken in
-- one short critical section, and a published bando's terms frozen.

-- A document is uploaded on its own (one request per file, its bytes as the body) before the
-- application that carries it is submitted: until then it waits under its bando and its uploader,
-- with no application; submitting attaches it (an UPDATE of the row, the bytes are not copied).
ALTER TABLE bando_documents ALTER COLUMN application_id DROP NOT NULL;
ALTER TABLE bando_documents ADD COLUMN bando_id uuid REFERENCES bandi (id);
ALTER TABLE bando_documents ADD CONSTRAINT bando_documents_owned
  CHECK (application_id IS NOT NULL OR bando_id IS NOT NULL);
CREATE INDEX bando_documents_waiting_idx ON bando_documents (bando_id, uploaded_by) WHERE application_id IS NULL;

-- The receipt: protocol number and receive time taken together, one caller at a time (an advisory
-- lock held for these two lines only, not for the transaction), so that protocol order is receive
-- order even between concurrent submissions. A statement that then fails leaves a gap in the
-- protocol numbers, never an inversion.
CREATE FUNCTION bando_receipt(OUT protocol bigint, OUT received_at timestamptz) LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_lock(22046);
  protocol := nextval('bando_protocol');
  received_at := clock_timestamp();
  PERFORM pg_advisory_unlock(22046);
END $$;

-- Once published, a bando's rules, amount, window, ranking and documents asked no longer change
-- (applicants relied on them); its text may still be corrected.
CREATE FUNCTION bandi_published_terms_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND (NEW.rules, NEW.kind, NEW.amount_base_cents, NEW.amount_per_member_cents,
      NEW.amount_per_child_cents, NEW.amount_max_cents, NEW.opens_at, NEW.closes_at, NEW.ranking,
      NEW.documents, NEW.voucher_valid_until, NEW.comune_id, NEW.municipality)
      IS DISTINCT FROM (OLD.rules, OLD.kind, OLD.amount_base_cents, OLD.amount_per_member_cents,
      OLD.amount_per_child_cents, OLD.amount_max_cents, OLD.opens_at, OLD.closes_at, OLD.ranking,
      OLD.documents, OLD.voucher_valid_until, OLD.comune_id, OLD.municipality) THEN
    RAISE EXCEPTION 'a published bando keeps its terms'
      USING ERRCODE = '23514', CONSTRAINT = 'bandi_published_terms_frozen';
  END IF;
  IF OLD.status = 'withdrawn' AND NEW.status <> 'withdrawn' THEN
    RAISE EXCEPTION 'a withdrawn bando stays withdrawn'
      USING ERRCODE = '23514', CONSTRAINT = 'bandi_withdrawn_final';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER bandi_published_terms_frozen BEFORE UPDATE ON bandi
  FOR EACH ROW EXECUTE FUNCTION bandi_published_terms_frozen();
