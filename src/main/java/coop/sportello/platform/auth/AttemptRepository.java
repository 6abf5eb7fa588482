package coop.sportello.platform.auth;

import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/** Every SQL statement of the attempt counters (V19 {@code attempt_counters}, {@code attempt_secret}). */
public final class AttemptRepository {

  /** The three counters an attempt is claimed on (V19). */
  public enum Kind {
    SOURCE("source"), SUBJECT_AT_SOURCE("subject_at_source"), SUBJECT("subject");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }
  }

  /** One counter after a claim; {@code succeededAt} only ever set on {@link Kind#SUBJECT_AT_SOURCE}. */
  public record Counter(int attempts, OffsetDateTime windowStartedAt, OffsetDateTime succeededAt) { }

  private static final Buffer NONE = Buffer.buffer();

  private final Pool pool;

  public AttemptRepository(Pool pool) {
    this.pool = pool;
  }

  /** The key of the keyed hashes, made by V19. */
  public Future<byte[]> secret() {
    return pool.query("SELECT secret FROM attempt_secret").execute()
        .map(rows -> rows.iterator().next().getBuffer(0).getBytes());
  }

  /**
   * Counts one attempt on a counter, up front, in a window of {@code window} that starts again
   * once it has passed. {@code subjectHash} is empty for a source's counter, {@code sourceHash}
   * for a subject's.
   */
  public Future<Counter> claim(String purpose, Kind kind, byte[] subjectHash, byte[] sourceHash, Duration window) {
    return pool.preparedQuery("""
            INSERT INTO attempt_counters AS c
                   (purpose, kind, subject_hash, source_hash, window_started_at, attempts, forget_after)
            VALUES ($1, $2, $3, $4, now(), 1, now() + make_interval(secs => $5))
            ON CONFLICT (purpose, kind, subject_hash, source_hash) DO UPDATE SET
              window_started_at = CASE WHEN c.window_started_at <= now() - make_interval(secs => $5)
                                       THEN now() ELSE c.window_started_at END,
              attempts          = CASE WHEN c.window_started_at <= now() - make_interval(secs => $5)
                                       THEN 1 ELSE c.attempts + 1 END,
              forget_after      = greatest(c.forget_after, now() + make_interval(secs => $5))
            RETURNING attempts, window_started_at, succeeded_at""")
        .execute(Tuple.of(purpose, kind.wireName, bytes(subjectHash), bytes(sourceHash), (double) window.toSeconds()))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Counter(r.getInteger(0), r.getOffsetDateTime(1), r.getOffsetDateTime(2));
        });
  }

  /**
   * The failure that locks a source out of a subject: its window starts again now, so the lock
   * lasts a whole window from this failure. Returns when the window (the lock) ends.
   */
  public Future<OffsetDateTime> restartWindow(String purpose, byte[] subjectHash, byte[] sourceHash, Duration window) {
    return pool.preparedQuery("""
            UPDATE attempt_counters SET window_started_at = now(),
                   forget_after = greatest(forget_after, now() + make_interval(secs => $4))
             WHERE purpose = $1 AND kind = 'subject_at_source' AND subject_hash = $2 AND source_hash = $3
            RETURNING window_started_at + make_interval(secs => $4)""")
        .execute(Tuple.of(purpose, bytes(subjectHash), bytes(sourceHash), (double) window.toSeconds()))
        .map(rows -> Rows.first(rows, r -> r.getOffsetDateTime(0)).orElse(OffsetDateTime.now().plus(window)));
  }

  /**
   * The right secret: the source's and the subject's attempts are given back, the failures from
   * this source at this subject forgotten, and the source is remembered as one that got in.
   */
  public Future<Void> succeeded(SqlClient client, String purpose, byte[] subjectHash, byte[] sourceHash,
                                Duration trustedFor) {
    return client.preparedQuery("""
            UPDATE attempt_counters SET
              attempts     = CASE WHEN kind = 'subject_at_source' THEN 0 ELSE greatest(attempts - 1, 0) END,
              succeeded_at = CASE WHEN kind = 'subject_at_source' THEN now() ELSE succeeded_at END,
              forget_after = CASE WHEN kind = 'subject_at_source'
                                  THEN greatest(forget_after, now() + make_interval(secs => $5)) ELSE forget_after END
             WHERE purpose = $1
               AND (kind, subject_hash, source_hash) IN (('source', $4, $3), ('subject_at_source', $2, $3),
                                                         ('subject', $2, $4))""")
        .execute(Tuple.of(purpose, bytes(subjectHash), bytes(sourceHash), NONE, (double) trustedFor.toSeconds()))
        .mapEmpty();
  }

  /** Forgets every count and trust of these subjects (a supervisor's unlock, a PIN chosen anew). */
  public Future<Void> forgetSubjects(SqlClient client, String purpose, List<byte[]> subjectHashes) {
    return client.preparedQuery("""
            DELETE FROM attempt_counters WHERE purpose = $1 AND kind <> 'source' AND subject_hash = ANY ($2)""")
        // Added one by one: Tuple.of would spread the array as its own varargs.
        .execute(Tuple.tuple().addValue(purpose)
            .addValue(subjectHashes.stream().map(AttemptRepository::bytes).toArray(Buffer[]::new)))
        .mapEmpty();
  }

  /** Housekeeping: counters whose windows are over and whose trust has gone stale. */
  public Future<Void> deleteForgotten() {
    return pool.query("DELETE FROM attempt_counters WHERE forget_after < now()").execute().mapEmpty();
  }

  private static Buffer bytes(byte[] hash) {
    return hash.length == 0 ? NONE : Buffer.buffer(hash);
  }
}
