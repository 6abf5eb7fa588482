-- Issue 19: a citizen who is away is told that a welfare manager replied (outbox topic
-- chat.reply-waiting), once per absence, not once per message.
--
-- The latest reply by staff (a message of a manager or supervisor), kept by the statement that
-- appends it: its number in the citizen's sequence and when it was written. The chat's sweep
-- announces a conversation whose latest reply, older than chat.replyWaitingMinutes, has reached
-- no screen of the citizen's (their delivered and read marks, and anything they wrote since, are
-- all below it), and moves reply_waiting_announced_seq up to that reply in the statement that
-- writes the outbox row. It announces again only once the citizen has come back up to the reply
-- announced (a mark at or above it) and a newer reply then waits unseen.
ALTER TABLE chat_conversations
  ADD COLUMN last_reply_public_seq bigint NOT NULL DEFAULT 0,
  ADD COLUMN last_reply_at timestamptz,
  ADD COLUMN reply_waiting_announced_seq bigint NOT NULL DEFAULT 0,
  ADD CONSTRAINT chat_reply_waiting_announced_seen CHECK (reply_waiting_announced_seq <= last_reply_public_seq);

-- The sweep's range scan: conversations with a reply newer than the last announcement, by its time.
CREATE INDEX chat_reply_waiting_idx ON chat_conversations (last_reply_at)
  WHERE last_reply_public_seq > reply_waiting_announced_seq;
