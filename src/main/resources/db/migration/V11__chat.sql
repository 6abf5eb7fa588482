-- Welfare-manager chat: the managers' skills and load, the queue, and every conversation as an
-- ordered log of events. Invariants live here: one manager per conversation, never above a
-- manager's cap, one sequence number per event, one stored answer per client command id.

CREATE TABLE chat_managers (
  subject           text PRIMARY KEY CHECK (length(subject) BETWEEN 1 AND 120),
  display_name      text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  areas             text[] NOT NULL CHECK (cardinality(areas) > 0 AND areas <@ ARRAY[
                      'education','childhood','elderly','work_life','health']::text[]),
  languages         text[] NOT NULL CHECK (cardinality(languages) > 0),
  max_chats         integer NOT NULL DEFAULT 4 CHECK (max_chats BETWEEN 1 AND 20),
  -- Conversations offered to or handled by this manager; moved in the same statement as the
  -- conversation, so the CHECK below is the cap that no two nodes can break.
  active_chats      integer NOT NULL DEFAULT 0,
  -- The manager said "available"; routing also needs a recent heartbeat (seen_at).
  available         boolean NOT NULL DEFAULT false,
  seen_at           timestamptz,
  last_assigned_at  timestamptz,
  CHECK (active_chats BETWEEN 0 AND max_chats)
);

CREATE TABLE chat_conversations (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner            text NOT NULL,
  owner_name       text NOT NULL,
  -- The client's id for the start command: a retried start finds the same conversation.
  owner_request    text NOT NULL CHECK (length(owner_request) BETWEEN 8 AND 64),
  topic            text NOT NULL CHECK (topic IN ('education','childhood','elderly','work_life','health')),
  language         text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
  fields           jsonb NOT NULL DEFAULT '{}'::jsonb,
  status           text NOT NULL CHECK (status IN ('queued','offered','active','closed')),
  manager          text REFERENCES chat_managers (subject),
  -- Supervisors who joined and may therefore write.
  joined           text[] NOT NULL DEFAULT '{}',
  -- Managers who passed: not offered this conversation again.
  passed_by        text[] NOT NULL DEFAULT '{}',
  -- 1 for a conversation returned to the queue (its manager dropped, or a transfer to a team):
  -- it goes ahead of everyone who joined normally.
  queue_priority   integer NOT NULL DEFAULT 0,
  queued_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  offered_at       timestamptz,
  accepted_at      timestamptz,
  closed_at        timestamptz,
  -- Bumped by every change of status, manager or participants. A message is written only if the
  -- version it was checked against is still current (one conditional statement, no lock held).
  state_version    integer NOT NULL DEFAULT 0,
  last_seq         bigint NOT NULL DEFAULT 0,
  last_public_seq  bigint NOT NULL DEFAULT 0,
  rating           smallint CHECK (rating BETWEEN 1 AND 5),
  rating_comment   text CHECK (length(rating_comment) <= 1000),
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner, owner_request),
  CHECK ((status IN ('offered','active')) = (manager IS NOT NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
-- One open conversation per person: a second start while one is open is answered with that one.
CREATE UNIQUE INDEX chat_one_open_per_owner ON chat_conversations (owner) WHERE status <> 'closed';
CREATE INDEX chat_queue_idx ON chat_conversations (queue_priority DESC, queued_at, id) WHERE status = 'queued';
CREATE INDEX chat_manager_idx ON chat_conversations (manager) WHERE status IN ('offered','active');
CREATE INDEX chat_owner_idx ON chat_conversations (owner, created_at DESC);

-- Everything that happened in a conversation, in order. seq numbers every event; public_seq
-- numbers only what the citizen sees (null for private notes and staff-only events), so both
-- audiences get a sequence without gaps and can resume from the last number they saw.
CREATE TABLE chat_events (
  conversation_id  uuid NOT NULL REFERENCES chat_conversations (id),
  seq              bigint NOT NULL CHECK (seq > 0),
  public_seq       bigint CHECK (public_seq > 0),
  kind             text NOT NULL CHECK (kind IN ('started','message','note','offered','accepted','passed',
                     'transferred','returned','joined','closed','rated','callback-requested')),
  author           text NOT NULL,
  author_role      text NOT NULL CHECK (author_role IN ('citizen','manager','supervisor','system')),
  author_name      text NOT NULL,
  -- The client's id for the command that made this event: a retry is answered with this event.
  client_id        text CHECK (length(client_id) BETWEEN 8 AND 64),
  body             jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (conversation_id, seq),
  CONSTRAINT chat_events_public_seq_key UNIQUE (conversation_id, public_seq),
  CONSTRAINT chat_events_client_id_key UNIQUE (conversation_id, author, client_id)
);

-- How far each participant has received and read, in public sequence numbers.
CREATE TABLE chat_receipts (
  conversation_id  uuid NOT NULL REFERENCES chat_conversations (id),
  subject          text NOT NULL,
  delivered_seq    bigint NOT NULL DEFAULT 0 CHECK (delivered_seq >= 0),
  read_seq         bigint NOT NULL DEFAULT 0 CHECK (read_seq >= 0),
  PRIMARY KEY (conversation_id, subject)
);

-- Ready-made answers in plain Italian that managers insert and then adapt.
CREATE TABLE chat_canned_responses (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  shortcut  text NOT NULL UNIQUE CHECK (shortcut ~ '^[a-z0-9-]{2,40}$'),
  title     text NOT NULL,
  text      text NOT NULL,
  area      text CHECK (area IN ('education','childhood','elderly','work_life','health'))
);

INSERT INTO chat_canned_responses (shortcut, title, text, area) VALUES
  ('saluto', 'Saluto', 'Buongiorno, sono il suo welfare manager. Come posso aiutarla?', NULL),
  ('attesa', 'Un momento', 'Grazie per l''attesa: verifico subito e le rispondo tra un momento.', NULL),
  ('credito', 'Credito welfare', 'Può pagare questo servizio con il credito welfare della sua azienda: lo scegliamo al momento della prenotazione e il saldo si aggiorna subito.', NULL),
  ('centri-estivi', 'Centri estivi', 'I centri estivi hanno posti limitati: le consiglio di prenotare ora. Se è tutto pieno, può mettersi in lista d''attesa e la avvisiamo appena si libera un posto.', 'childhood'),
  ('assistenza-domiciliare', 'Assistenza a domicilio', 'Per l''assistenza a domicilio possiamo fissare un appuntamento ricorrente con la stessa operatrice, ad esempio ogni martedì e giovedì.', 'elderly'),
  ('richiamata', 'Richiamata', 'Se preferisce, la richiamiamo noi al numero che ci indica, nell''orario che le è più comodo.', NULL),
  ('chiusura', 'Chiusura', 'La ringrazio per averci scritto. Se ha altre domande, può aprire una nuova conversazione quando vuole. Buona giornata!', NULL);
