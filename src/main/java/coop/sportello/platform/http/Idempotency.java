package coop.sportello.platform.http;

import coop.sportello.platform.auth.Secrets;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes a state-changing call safe to retry. The key row is inserted in the same transaction as
 * the change itself, so either both commit or neither does; a retry with the same key (and the
 * same request) gets the first answer back and changes nothing. A concurrent duplicate waits on
 * the key's unique index until the first transaction ends.
 */
public final class Idempotency {

  public static final String HEADER = "Idempotency-Key";

  public record Outcome(int status, JsonObject body) { }

  /** Who asked, under which key, and a fingerprint of what they asked. */
  public record Key(String principal, String key, Buffer requestHash) { }

  private final Pool pool;

  public Idempotency(Pool pool) {
    this.pool = pool;
  }

  /** Reads the key from the request, runs or replays {@code work} in one transaction, and writes the answer. */
  public void respond(RoutingContext ctx, String principal, JsonObject request,
                      Function<SqlConnection, Future<Outcome>> work) {
    Key key = keyOf(ctx, principal, request);
    if (key != null) {
      answer(ctx, run(key, work));
    }
  }

  /**
   * For a change that is one statement storing its own answer under the key (in the same
   * statement, so both commit or neither does). {@code attempt} answers empty when it changed
   * nothing; then a stored answer is replayed if there is one, else {@code whenNothingChanged}
   * explains why.
   */
  public void respondInOneStatement(RoutingContext ctx, String principal, JsonObject request,
                                    Function<Key, Future<Optional<Outcome>>> attempt,
                                    Supplier<Future<Outcome>> whenNothingChanged) {
    Key key = keyOf(ctx, principal, request);
    if (key == null) {
      return;
    }
    answer(ctx, attempt.apply(key)
        // A concurrent or earlier request with this key committed first: give its answer.
        .recover(e -> isKeyTaken(e) ? stored(pool, key) : Future.failedFuture(e))
        .compose(done -> done.isPresent() ? Future.succeededFuture(done.get())
            : stored(pool, key).compose(earlier -> earlier.isPresent() ? Future.succeededFuture(earlier.get())
                : whenNothingChanged.get())));
  }

  private static Key keyOf(RoutingContext ctx, String principal, JsonObject request) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null || key.length() < 8 || key.length() > 200) {
      ctx.fail(new Problem(400, "idempotency-key-required", "Manca la chiave di idempotenza",
          "Invia un'intestazione Idempotency-Key (8-200 caratteri, per esempio un UUID) con ogni modifica."));
      return null;
    }
    String fingerprint = ctx.request().method().name() + " " + ctx.request().path() + " " + request.encode();
    return new Key(principal, key, Buffer.buffer(Secrets.sha256(fingerprint)));
  }

  private static void answer(RoutingContext ctx, Future<Outcome> outcome) {
    outcome
        .onSuccess(done -> ctx.response()
            .setStatusCode(done.status())
            .putHeader("Content-Type", "application/json")
            .end(done.body().encode()))
        .onFailure(ctx::fail);
  }

  private Future<Outcome> run(Key key, Function<SqlConnection, Future<Outcome>> work) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO idempotency_keys (principal, idem_key, request_hash, status, response)
            VALUES ($1, $2, $3, 0, '{}') ON CONFLICT DO NOTHING""")
        .execute(Tuple.of(key.principal(), key.key(), key.requestHash()))
        .compose(inserted -> {
          if (inserted.rowCount() == 1) {
            return work.apply(conn).compose(outcome -> conn.preparedQuery("""
                    UPDATE idempotency_keys SET status = $3, response = $4 WHERE principal = $1 AND idem_key = $2""")
                .execute(Tuple.of(key.principal(), key.key(), outcome.status(), outcome.body()))
                .map(outcome));
          }
          return stored(conn, key).map(Optional::orElseThrow);
        }));
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

  private static boolean isKeyTaken(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState())
        && "idempotency_keys_pkey".equals(pg.getConstraint());
  }
}
