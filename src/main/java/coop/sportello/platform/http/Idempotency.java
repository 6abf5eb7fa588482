package coop.sportello.platform.http;

import coop.sportello.platform.auth.Secrets;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP side of safe retries: the {@code Idempotency-Key} header read into a {@link Key} that
 * the route hands to its service, and the service's {@link Outcome} written back. The service
 * stores the key with its change in one transaction ({@code IdempotencyStore}).
 */
public final class Idempotency {

  public static final String HEADER = "Idempotency-Key";

  /** An answer as it is stored under a key and replayed to a retry. */
  public record Outcome(int status, JsonObject body) { }

  /** Who asked, under which key, and a fingerprint of what they asked. */
  public record Key(String principal, String key, Buffer requestHash) { }

  private Idempotency() { }

  /** The request's key, or a 400 problem when it has none (or one outside 8-200 characters). */
  public static Key key(RoutingContext ctx, String principal, JsonObject request) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null || key.length() < 8 || key.length() > 200) {
      throw new Problem(400, "idempotency-key-required", "Manca la chiave di idempotenza",
          "Invia un'intestazione Idempotency-Key (8-200 caratteri, per esempio un UUID) con ogni modifica.");
    }
    String fingerprint = ctx.request().method().name() + " " + ctx.request().path() + " " + request.encode();
    return new Key(principal, key, Buffer.buffer(Secrets.sha256(fingerprint)));
  }

  /** Writes the outcome (its status and JSON body), or the failure as a problem. */
  public static void answer(RoutingContext ctx, Future<Outcome> outcome) {
    outcome
        .onSuccess(done -> ctx.response()
            .setStatusCode(done.status())
            .putHeader("Content-Type", "application/json")
            .end(done.body().encode()))
        .onFailure(ctx::fail);
  }
}
