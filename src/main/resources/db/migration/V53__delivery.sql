-- Delivery (issue 23, part 1): whether a confirmed booking was delivered, and the months a
-- cooperative has closed. After a month is closed its delivery records change only through a
-- correction, which is itself recorded; PostgreSQL holds that rule, not only the service.

-- A closed month of a cooperative: one row per provider and month (its first day), never removed.
CREATE TABLE delivery_periods (
  provider_id uuid        NOT NULL REFERENCES providers(id),
  month       date        NOT NULL CHECK (extract(day FROM month) = 1),
  closed_by   text        NOT NULL,
  closed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, month)
);

-- The delivery of one booking as it stands: month is the Europe/Rome month of the booking's start
-- (first day), written by the service from the booking; version counts the accepted changes.
CREATE TABLE delivery_records (
  booking_id  uuid        PRIMARY KEY REFERENCES bookings(id),
  provider_id uuid        NOT NULL REFERENCES providers(id),
  month       date        NOT NULL CHECK (extract(day FROM month) = 1),
  outcome     text        NOT NULL CHECK (outcome IN ('delivered', 'no_show', 'partial')),
  minutes     integer     NOT NULL CHECK (minutes >= 0),
  note        text        CHECK (char_length(note) <= 500),
  version     integer     NOT NULL CHECK (version >= 1),
  recorded_by text        NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((outcome = 'no_show') = (minutes = 0))
);
CREATE INDEX delivery_records_provider_month ON delivery_records (provider_id, month);

-- Every accepted change of a record (the first recording, each re-recording, each correction),
-- with the state it left: append-only.
CREATE TABLE delivery_history (
  booking_id  uuid        NOT NULL REFERENCES delivery_records(booking_id),
  version     integer     NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('recorded', 'corrected')),
  outcome     text        NOT NULL,
  minutes     integer     NOT NULL,
  note        text,
  recorded_by text        NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (booking_id, version)
);

-- A change of a closed month's record: who, when, before (null when nothing was recorded), after, why.
CREATE TABLE delivery_corrections (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id   uuid        NOT NULL REFERENCES delivery_records(booking_id),
  version      integer     NOT NULL,
  corrected_by text        NOT NULL,
  corrected_at timestamptz NOT NULL DEFAULT now(),
  before       jsonb,
  after        jsonb       NOT NULL,
  reason       text        NOT NULL CHECK (char_length(btrim(reason)) BETWEEN 1 AND 500),
  UNIQUE (booking_id, version)
);

-- Append-only but for the privacy work (V34): the retention purge may delete, a person's erasure
-- may clear the notes (and a correction's reason) and nothing else.
CREATE TRIGGER delivery_history_append_only BEFORE UPDATE OR DELETE ON delivery_history
  FOR EACH ROW EXECUTE FUNCTION append_only_but_privacy('note');
CREATE FUNCTION delivery_corrections_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('sportello.privacy_work', true) = 'retention' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND current_setting('sportello.privacy_work', true) = 'erasure'
     AND to_jsonb(NEW) - 'before' - 'after' - 'reason' = to_jsonb(OLD) - 'before' - 'after' - 'reason'
     AND NEW.before IS NOT DISTINCT FROM OLD.before - 'note' AND NEW.after = OLD.after - 'note' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER delivery_corrections_append_only BEFORE UPDATE OR DELETE ON delivery_corrections
  FOR EACH ROW EXECUTE FUNCTION delivery_corrections_append_only();

-- The lock that orders a month's closing against the changes of its records: each change holds
-- it shared until it commits, the closing holds it exclusively, so no change slips in between a
-- check and the close.
CREATE FUNCTION delivery_period_lock(provider uuid, month date, exclusive boolean) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF exclusive THEN
    PERFORM pg_advisory_xact_lock(hashtext('delivery-period'), hashtext(provider::text || month::text));
  ELSE
    PERFORM pg_advisory_xact_lock_shared(hashtext('delivery-period'), hashtext(provider::text || month::text));
  END IF;
END $$;

-- A record of a closed month is written, changed or removed only by the correction path, which
-- sets sportello.delivery_work = 'correction' for its own transaction (as V34's privacy work does).
-- The month's lock is taken first and kept to the commit, so a closing waits for this change.
CREATE FUNCTION delivery_refuse_if_closed(provider uuid, month date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM delivery_period_lock(provider, month, false);
  IF current_setting('sportello.delivery_work', true) IS DISTINCT FROM 'correction'
     AND EXISTS (SELECT 1 FROM delivery_periods p WHERE p.provider_id = provider AND p.month = delivery_refuse_if_closed.month) THEN
    RAISE EXCEPTION 'the delivery records of % are closed: only a correction changes them', month
      USING ERRCODE = 'check_violation', CONSTRAINT = 'delivery_month_closed';
  END IF;
END $$;

CREATE FUNCTION delivery_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A person's erasure (V34's privacy work) clears the note of any month, and changes nothing else.
  IF TG_OP = 'UPDATE' AND current_setting('sportello.privacy_work', true) = 'erasure'
     AND NEW.note IS NULL AND to_jsonb(NEW) - 'note' = to_jsonb(OLD) - 'note' THEN
    RETURN NEW;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM delivery_refuse_if_closed(OLD.provider_id, OLD.month);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM delivery_refuse_if_closed(NEW.provider_id, NEW.month);
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;

CREATE TRIGGER delivery_records_closed_month BEFORE INSERT OR UPDATE OR DELETE ON delivery_records
  FOR EACH ROW EXECUTE FUNCTION delivery_records_guard();
