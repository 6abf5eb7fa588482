package coop.sportello.privacy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;

/**
 * All of the SQL of the retention purge. Each batch is one transaction that names itself a
 * retention purge ({@code sportello.privacy_work = 'retention'}, which V34's append-only triggers
 * let delete) and claims its rows with FOR UPDATE SKIP LOCKED, so every node may purge at once
 * without a leader and without two nodes taking the same rows. $1 is the retention in seconds,
 * $2 the batch size; each answers how many records it purged.
 */
final class RetentionRepository {

  /** Closed conversations past retention: events and receipts deleted, the row kept without names or words. */
  static final String CHAT_TRANSCRIPTS = """
      WITH doomed AS (
        SELECT id FROM chat_conversations
         WHERE status = 'closed' AND transcript_purged_at IS NULL AND closed_at < now() - make_interval(secs => $1)
         ORDER BY closed_at LIMIT $2 FOR UPDATE SKIP LOCKED),
      events AS (DELETE FROM chat_events WHERE conversation_id IN (SELECT id FROM doomed)),
      receipts AS (DELETE FROM chat_receipts WHERE conversation_id IN (SELECT id FROM doomed))
      UPDATE chat_conversations c SET transcript_purged_at = now(), owner_name = '', fields = '{}'::jsonb, rating_comment = NULL
        FROM doomed WHERE c.id = doomed.id""";

  /** Ended calls past retention: numbers, notes and the person recognised cleared; times kept for the statistics. */
  static final String CALLS = """
      WITH doomed AS (
        SELECT id FROM calls WHERE ended_at < now() - make_interval(secs => $1) AND personal_purged_at IS NULL
         ORDER BY ended_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      UPDATE calls c SET caller_number = NULL, callback_number = NULL, notes = NULL, notes_by = NULL, notes_at = NULL,
                         person = NULL, personal_purged_at = now()
        FROM doomed WHERE c.id = doomed.id""";

  /** The call log (numbers of callers in its ENTER rows, operators' states) past retention. */
  static final String CALL_LOG = """
      DELETE FROM call_log WHERE id IN (
        SELECT id FROM call_log WHERE at < now() - make_interval(secs => $1) ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)""";

  static final String BOOKING_AUDIT = """
      DELETE FROM booking_audit WHERE id IN (
        SELECT id FROM booking_audit WHERE at < now() - make_interval(secs => $1) ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)""";

  static final String IDEMPOTENCY_KEYS = """
      DELETE FROM idempotency_keys WHERE (principal, idem_key) IN (
        SELECT principal, idem_key FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)
         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)""";

  static final String READ_LOG = """
      DELETE FROM personal_data_reads WHERE id IN (
        SELECT id FROM personal_data_reads WHERE at < now() - make_interval(secs => $1) ORDER BY at LIMIT $2
           FOR UPDATE SKIP LOCKED)""";

  /** Uploads never sent with an application, once their bando closed longer ago than the period. */
  static final String UNSENT_UPLOADS = """
      DELETE FROM bando_documents WHERE id IN (
        SELECT d.id FROM bando_documents d JOIN bandi b ON b.id = d.bando_id
         WHERE d.application_id IS NULL AND b.closes_at < now() - make_interval(secs => $1)
         ORDER BY b.closes_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED)""";

  private final Pool pool;

  RetentionRepository(Pool pool) {
    this.pool = pool;
  }

  /** One batch of one kind ({@code statement}, one of the above), in its own transaction. */
  Future<Integer> purge(String statement, Duration retention, int batch) {
    return pool.withTransaction(tx -> retentionWork(tx)
        .compose(v -> tx.preparedQuery(statement).execute(Tuple.of((double) retention.toSeconds(), batch)))
        .map(rows -> rows.rowCount()));
  }

  private static Future<Void> retentionWork(SqlConnection tx) {
    return tx.query("SELECT set_config('sportello.privacy_work', 'retention', true)").execute().mapEmpty();
  }
}
