-- Privacy (issue 20, point 6): the notice and the consents given under it, the log of who read
-- whose personal data, erasure on request, and purges past the retention periods.

-- Each version of the privacy notice (its words are webroot/privacy.html); the newest published is
-- the current one. A person acknowledges a version and gives optional consents under it.
CREATE TABLE privacy_notice_versions (
  version       text PRIMARY KEY CHECK (version ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  published_at  timestamptz NOT NULL,
  summary       text NOT NULL CHECK (length(summary) BETWEEN 3 AND 500)
);
INSERT INTO privacy_notice_versions (version, published_at, summary) VALUES
  ('2026-12-04', '2026-12-04T00:00:00Z',
   'Prima informativa completa: dati trattati, categorie particolari in chat e prenotazioni, tempi di conservazione, diritti, responsabile della protezione dei dati.');

-- One row per purpose given, under the notice version then current. Never deleted: a new answer
-- ends the live row (withdrawn, or superseded by a newer notice version) and adds another.
--   notice-read         the notice was read (required to use an account; not a consent under art. 6.1.a,
--                       the information of art. 13: it can be superseded, not withdrawn)
--   newsletter          news of the network's services by e-mail (optional)
--   surveys             short satisfaction surveys after a service (optional)
--   aggregate-research  anonymous statistics shared with the municipalities (optional)
CREATE TABLE privacy_consents (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id      uuid NOT NULL REFERENCES accounts (id),
  purpose         text NOT NULL CHECK (purpose IN ('notice-read', 'newsletter', 'surveys', 'aggregate-research')),
  notice_version  text NOT NULL REFERENCES privacy_notice_versions (version),
  given_at        timestamptz NOT NULL DEFAULT now(),
  given_via       text NOT NULL CHECK (given_via IN ('sign-up', 'portal', 'demo')),
  ended_at        timestamptz,
  ended_how       text CHECK (ended_how IN ('withdrawn', 'superseded')),
  CHECK ((ended_at IS NULL) = (ended_how IS NULL)),
  CHECK (ended_at IS NULL OR ended_at >= given_at),
  CHECK (purpose <> 'notice-read' OR ended_how IS DISTINCT FROM 'withdrawn')
);
-- At most one live answer per person and purpose: two tabs saving at once cannot both add one.
CREATE UNIQUE INDEX privacy_consents_live_key ON privacy_consents (account_id, purpose) WHERE ended_at IS NULL;

-- Who read whose personal data: the reader (subject, roles, cooperative), the person, what was
-- read and through which channel, never the content. Written by ReadLog in the reading code.
CREATE TABLE personal_data_reads (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at               timestamptz NOT NULL DEFAULT now(),
  reader           text NOT NULL CHECK (length(reader) BETWEEN 1 AND 300),
  reader_roles     text[] NOT NULL,
  reader_provider  uuid,
  person           uuid NOT NULL REFERENCES accounts (id),
  what             text NOT NULL CHECK (what IN ('screen-pop', 'chat-context', 'booking-details', 'person-bookings',
                                                 'provider-bookings')),
  via              text NOT NULL CHECK (via IN ('call', 'chat', 'web')),
  ref              text CHECK (length(ref) <= 200)
);
CREATE INDEX personal_data_reads_person_idx ON personal_data_reads (person, at DESC);
CREATE INDEX personal_data_reads_reader_idx ON personal_data_reads (reader, at DESC);
CREATE INDEX personal_data_reads_at_idx ON personal_data_reads (at);

-- An erasure: the request and its execution are one transaction (PrivacyService.erase), so one
-- row says both; its primary key makes a repeated request find the first.
CREATE TABLE erasures (
  account_id    uuid PRIMARY KEY REFERENCES accounts (id),
  erased_at     timestamptz NOT NULL DEFAULT now(),
  confirmed_by  text NOT NULL CHECK (confirmed_by IN ('password', 'recent-sign-in'))
);

-- A closed conversation's transcript is purged after its retention; the conversation row stays
-- (topic, times, rating) for the statistics, without words or names.
ALTER TABLE chat_conversations ADD COLUMN transcript_purged_at timestamptz;
CREATE INDEX chat_conversations_closed_idx ON chat_conversations (closed_at)
  WHERE status = 'closed' AND transcript_purged_at IS NULL;
-- A call's personal columns (numbers, notes, the person recognised) are cleared after retention.
ALTER TABLE calls ADD COLUMN personal_purged_at timestamptz;
CREATE INDEX calls_ended_unpurged_idx ON calls (ended_at) WHERE ended_at IS NOT NULL AND personal_purged_at IS NULL;
CREATE INDEX booking_audit_at_idx ON booking_audit (at);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- The append-only logs (booking_audit, call_log, personal_data_reads) still refuse every change,
-- with two exceptions a transaction must ask for by name (set_config('sportello.privacy_work', ..., true),
-- local to that transaction; only PrivacyRepository does):
--   'retention'  deletes rows (the purge past the retention period)
--   'erasure'    updates the one personal column named by the trigger's argument, nothing else
-- wallet_ledger keeps forbid_change: money movements are never changed nor purged.
CREATE FUNCTION append_only_but_privacy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('sportello.privacy_work', true) = 'retention' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND TG_NARGS = 1 AND current_setting('sportello.privacy_work', true) = 'erasure'
     AND to_jsonb(NEW) - TG_ARGV[0] = to_jsonb(OLD) - TG_ARGV[0] THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;

DROP TRIGGER booking_audit_append_only ON booking_audit;
CREATE TRIGGER booking_audit_append_only BEFORE UPDATE OR DELETE ON booking_audit
  FOR EACH ROW EXECUTE FUNCTION append_only_but_privacy('detail');
DROP TRIGGER call_log_append_only ON call_log;
CREATE TRIGGER call_log_append_only BEFORE UPDATE OR DELETE ON call_log
  FOR EACH ROW EXECUTE FUNCTION append_only_but_privacy('data');
CREATE TRIGGER personal_data_reads_append_only BEFORE UPDATE OR DELETE ON personal_data_reads
  FOR EACH ROW EXECUTE FUNCTION append_only_but_privacy();
