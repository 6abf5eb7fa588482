package coop.sportello.platform.http;

import coop.sportello.platform.auth.Secrets;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.function.Function;

/**
 * Makes a state-changing call safe to retry. The key row is inserted in the same transaction as
 * the change itself, so either both commit or neither does; a retry with the same key (and the
 * same request) gets the first answer back and changes nothing. A concurrent duplicate waits on
 * the key's unique index until the first transaction ends.
 */
public final class Idempotency {

  public static final String HEADER = "Idempotency-Key";

  public record Outcome(int status, JsonObject body) { }

  private final Pool pool;

  public Idempotency(Pool pool) {
    this.pool = pool;
  }

  /** Reads the key from the request, runs or replays {@code work}, and writes the answer. */
  public void respond(RoutingContext ctx, String principal, JsonObject request,
                      Function<SqlConnection, Future<Outcome>> work) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null || key.length() < 8 || key.length() > 200) {
      ctx.fail(new Problem(400, "idempotency-key-required", "Manca la chiave di idempotenza",
          "Invia un'intestazione Idempotency-Key (8-200 caratteri, per esempio un UUID) con ogni modifica."));
      return;
    }
    String fingerprint = ctx.request().method().name() + " " + ctx.request().path() + " " + request.encode();
    run(principal, key, Secrets.sha256(fingerprint), work)
        .onSuccess(outcome -> ctx.response()
            .setStatusCode(outcome.status())
            .putHeader("Content-Type", "application/json")
            .end(outcome.body().encode()))
        .onFailure(ctx::fail);
  }

  public Future<Outcome> run(String principal, String key, byte[] requestHash,
                             Function<SqlConnection, Future<Outcome>> work) {
    Buffer hash = Buffer.buffer(requestHash);
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO idempotency_keys (principal, idem_key, request_hash, status, response)
            VALUES ($1, $2, $3, 0, '{}') ON CONFLICT DO NOTHING""")
        .execute(Tuple.of(principal, key, hash))
        .compose(inserted -> {
          if (inserted.rowCount() == 1) {
            return work.apply(conn).compose(outcome -> conn.preparedQuery("""
                    UPDATE idempotency_keys SET status = $3, response = $4 WHERE principal = $1 AND idem_key = $2""")
                .execute(Tuple.of(principal, key, outcome.status(), outcome.body()))
                .map(outcome));
          }
          return conn.preparedQuery("""
                  SELECT request_hash, status, response FROM idempotency_keys WHERE principal = $1 AND idem_key = $2""")
              .execute(Tuple.of(principal, key))
              .map(rows -> {
                var row = rows.iterator().next();
                if (!row.getBuffer("request_hash").equals(hash)) {
                  throw new Problem(422, "idempotency-key-reused", "Chiave di idempotenza già usata",
                      "Questa Idempotency-Key è già stata usata per una richiesta diversa.");
                }
                return new Outcome(row.getInteger("status"), row.getJsonObject("response"));
              });
        }));
  }
}
