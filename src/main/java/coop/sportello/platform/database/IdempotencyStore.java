package coop.sportello.platform.database;

import coop.sportello.platform.http.Idempotency.Key;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The SQL of safe retries. A service inserts the key row inside the transaction of its change, so
 * either both commit or neither does; a retry with the same key (and the same request) gets the
 * first answer back and changes nothing. A concurrent duplicate waits on the key's primary key
 * until the first transaction ends.
 */
public final class IdempotencyStore {

  private IdempotencyStore() { }

  /**
   * Inside the caller's transaction: claims the key and runs {@code work}, storing its answer; or,
   * when the key was used before, replays that answer without running anything.
   */
  public static Future<Outcome> once(SqlConnection tx, Key key, Supplier<Future<Outcome>> work) {
    return tx.preparedQuery("""
            INSERT INTO idempotency_keys (principal, idem_key, request_hash, status, response)
            VALUES ($1, $2, $3, 0, '{}') ON CONFLICT DO NOTHING""")
        .execute(Tuple.of(key.principal(), key.key(), key.requestHash()))
        .compose(inserted -> {
          if (inserted.rowCount() == 1) {
            return work.get().compose(outcome -> tx.preparedQuery("""
                    UPDATE idempotency_keys SET status = $3, response = $4 WHERE principal = $1 AND idem_key = $2""")
                .execute(Tuple.of(key.principal(), key.key(), outcome.status(), outcome.body()))
                .map(outcome));
          }
          return stored(tx, key).map(Optional::orElseThrow);
        });
  }

  /**
   * For a change that is one statement storing its own answer under the key. {@code attempt}
   * answers empty when it changed nothing; then a stored answer is replayed if there is one, else
   * {@code whenNothingChanged} explains why.
   */
  public static Future<Outcome> inOneStatement(SqlClient client, Key key, Future<Optional<Outcome>> attempt,
                                               Supplier<Future<Outcome>> whenNothingChanged) {
    return attempt
        // A concurrent or earlier request with this key committed first: give its answer.
        .recover(e -> SqlErrors.isUniqueViolation(e, "idempotency_keys_pkey") ? stored(client, key) : Future.failedFuture(e))
        .compose(done -> done.isPresent() ? Future.succeededFuture(done.get())
            : stored(client, key).compose(earlier -> earlier.isPresent() ? Future.succeededFuture(earlier.get())
                : whenNothingChanged.get()));
  }

  /** The answer stored under the key; a different request under the same key is refused. */
  private static Future<Optional<Outcome>> stored(SqlClient client, Key key) {
    return client.preparedQuery("""
            SELECT request_hash, status, response FROM idempotency_keys WHERE principal = $1 AND idem_key = $2""")
        .execute(Tuple.of(key.principal(), key.key()))
        .map(rows -> {
          if (!rows.iterator().hasNext()) {
            return Optional.empty();
          }
          var row = rows.iterator().next();
          if (!row.getBuffer("request_hash").equals(key.requestHash())) {
            throw new Problem(422, "idempotency-key-reused", "Chiave di idempotenza già usata",
                "Questa Idempotency-Key è già stata usata per una richiesta diversa.");
          }
          return Optional.of(new Outcome(row.getInteger("status"), row.getJsonObject("response")));
        });
  }
}
