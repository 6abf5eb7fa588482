-- Phone contact-center queue. One node at a time owns the decisions (call_owner fences the
-- others out); everything it decides is stored here before the PBX or an operator hears of it,
-- so a new owner recovers every call in flight from these tables.

-- A caller's number finds the person on the operator's screen.
ALTER TABLE accounts ADD COLUMN phone text CHECK (phone ~ '^\+?[0-9]{6,15}$');
CREATE INDEX accounts_phone_idx ON accounts (phone) WHERE phone IS NOT NULL;

CREATE TABLE call_queues (
  id                 text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{2,40}$'),
  name               text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  priority           integer NOT NULL DEFAULT 0 CHECK (priority BETWEEN -100 AND 100),
  strategy           text NOT NULL DEFAULT 'longest_idle'
                       CHECK (strategy IN ('longest_idle','round_robin','fewest_calls','ring_all','skill_tiers')),
  max_length         integer NOT NULL DEFAULT 200 CHECK (max_length BETWEEN 1 AND 100000),
  join_when_empty    boolean NOT NULL DEFAULT true,
  leave_when_empty   boolean NOT NULL DEFAULT false,
  overflow_queue     text REFERENCES call_queues (id),
  overflow_seconds   integer CHECK (overflow_seconds > 0),
  sl_seconds         integer NOT NULL DEFAULT 20 CHECK (sl_seconds > 0),
  sl_target_percent  integer NOT NULL DEFAULT 80 CHECK (sl_target_percent BETWEEN 1 AND 99),
  wrap_up_seconds    integer NOT NULL DEFAULT 30 CHECK (wrap_up_seconds BETWEEN 0 AND 3600),
  ring_seconds       integer NOT NULL DEFAULT 20 CHECK (ring_seconds BETWEEN 5 AND 120),
  auto_pause_after   integer NOT NULL DEFAULT 3 CHECK (auto_pause_after >= 0),
  announce_seconds   integer NOT NULL DEFAULT 45 CHECK (announce_seconds >= 0),
  business_hours     text[] NOT NULL DEFAULT ARRAY['MON-FRI 08:30-18:30','SAT 09:00-13:00'],
  closed_callback    boolean NOT NULL DEFAULT false,
  closed_message     text NOT NULL DEFAULT 'Il servizio è chiuso. Richiamate nei giorni feriali dalle 8:30 alle 18:30.',
  default_handle_seconds integer NOT NULL DEFAULT 240 CHECK (default_handle_seconds > 0),
  round_robin_last   text,
  CHECK ((overflow_queue IS NULL) = (overflow_seconds IS NULL)),
  CHECK (overflow_queue IS DISTINCT FROM id)
);

CREATE TABLE call_operators (
  subject          text PRIMARY KEY,
  name             text NOT NULL,
  endpoint         text NOT NULL CHECK (length(endpoint) BETWEEN 2 AND 200),
  skills           text[] NOT NULL DEFAULT '{}',
  state            text NOT NULL DEFAULT 'offline'
                     CHECK (state IN ('offline','available','reserved','on_call','wrap_up','paused')),
  state_since      timestamptz NOT NULL DEFAULT now(),
  pause_reason     text,
  wrap_until       timestamptz,
  wrap_queue       text,
  idle_since       timestamptz NOT NULL DEFAULT now(),
  calls_taken      integer NOT NULL DEFAULT 0 CHECK (calls_taken >= 0),
  unanswered_in_row integer NOT NULL DEFAULT 0 CHECK (unanswered_in_row >= 0),
  current_call     text,
  logged_queues    text[] NOT NULL DEFAULT '{}',
  CHECK ((state IN ('reserved','on_call')) = (current_call IS NOT NULL)),
  CHECK ((state = 'wrap_up') = (wrap_until IS NOT NULL))
);

CREATE TABLE call_members (
  queue_id  text NOT NULL REFERENCES call_queues (id) ON DELETE CASCADE,
  subject   text NOT NULL REFERENCES call_operators (subject) ON DELETE CASCADE,
  level     integer NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 9),
  PRIMARY KEY (queue_id, subject)
);

CREATE TABLE calls (
  id               text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
  queue_id         text NOT NULL REFERENCES call_queues (id),
  caller_number    text,
  person           uuid REFERENCES accounts (id),
  priority         integer NOT NULL DEFAULT 0,
  skills           text[] NOT NULL DEFAULT '{}',
  status           text NOT NULL CHECK (status IN ('waiting','ringing','on_call','callback','ended','abandoned','left')),
  arrived_at       timestamptz NOT NULL,
  queue_entered_at timestamptz NOT NULL,
  sequence         bigint NOT NULL,
  ringing          text[] NOT NULL DEFAULT '{}',
  ring_deadline    timestamptz,
  operator         text,
  answered_at      timestamptz,
  ended_at         timestamptz,
  callback_number  text,
  last_announced_at timestamptz,
  CHECK ((status = 'ringing') = (cardinality(ringing) > 0)),
  CHECK ((status = 'on_call') <= (operator IS NOT NULL))
);
-- The owner reloads only live calls after a restart.
CREATE INDEX calls_live_idx ON calls (sequence) WHERE status IN ('waiting','ringing','on_call','callback');
-- One talking call per operator, also if two owners ever overlapped.
CREATE UNIQUE INDEX calls_one_on_call_idx ON calls (operator) WHERE status = 'on_call';
CREATE INDEX calls_person_idx ON calls (person, arrived_at DESC) WHERE person IS NOT NULL;

-- Append-only, as Asterisk's queue_log: every KPI can be recomputed from it.
CREATE TABLE call_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL,
  call_id    text,
  queue_id   text,
  operator   text,
  event      text NOT NULL CHECK (event IN ('ENTER','OFFER','NOANSWER','CONNECT','COMPLETE','ABANDON','OVERFLOW',
                                            'CALLBACK','CLOSED','FULL','EMPTY','LEAVEEMPTY','WRAPUP','STATE')),
  wait_ms    bigint,
  talk_ms    bigint,
  wrap_ms    bigint,
  position   integer,
  data       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX call_log_at_idx ON call_log (at);
CREATE TRIGGER call_log_append_only BEFORE UPDATE OR DELETE ON call_log
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- PBX event ids already applied: a webhook retried by the PBX changes nothing the second time.
CREATE TABLE call_pbx_events (
  event_id   text PRIMARY KEY CHECK (length(event_id) BETWEEN 1 AND 200),
  call_id    text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- The fencing token of the distribution owner: every write of the owner checks its epoch, so a
-- node that lost ownership (its lock connection died) can no longer change anything.
CREATE TABLE call_owner (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  epoch      bigint NOT NULL,
  node       text NOT NULL,
  since      timestamptz NOT NULL
);
INSERT INTO call_owner VALUES (true, 0, 'none', now());
