package coop.sportello.calls;

import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * Asks the distribution owner (wherever it runs) and turns its failures into problems: the
 * owner's own refusals keep their status, and no owner reachable becomes a 503 to retry.
 *
 * <p>On a clustered event bus the owner may be changing hands. For a moment nobody consumes
 * {@code calls.control} (no handlers: nothing was delivered, so the request is simply sent
 * again), or the cluster still lists the consumer of a node that just died until Hazelcast drops
 * that member: a request written there is lost and only its timeout tells. Requests that are safe
 * to repeat (a PBX event, deduplicated by its {@code eventId}, and reads) are therefore sent with
 * a shorter timeout and repeated after one too; operator commands, which might have been carried
 * out by an owner that was only slow, are repeated only when nothing was delivered. Either way the
 * wait ends after {@code handoverMillis}, and the caller sees an answer instead of a 503. Without
 * a cluster no other node could answer, so a node that does not own answers 503 at once.
 */
public final class CallControl {

  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(5_000);
  /** The owner answers in milliseconds; two seconds of silence on a clustered bus means a dead node. */
  private static final DeliveryOptions REPEATABLE = new DeliveryOptions().setSendTimeout(2_000);
  static final long RETRY_MILLIS = 100;

  private final Vertx vertx;
  private final long handoverMillis;

  public CallControl(Vertx vertx) {
    this(vertx, 0);
  }

  /** @param handoverMillis how long to wait for an owner on a clustered bus (ignored on a local one) */
  public CallControl(Vertx vertx, long handoverMillis) {
    this.vertx = vertx;
    this.handoverMillis = vertx.isClustered() ? handoverMillis : 0;
  }

  public Future<JsonObject> ask(JsonObject request) {
    return ask(request, System.nanoTime() + handoverMillis * 1_000_000);
  }

  private Future<JsonObject> ask(JsonObject request, long deadline) {
    boolean repeatable = handoverMillis > 0 && repeatable(request);
    return vertx.eventBus().<JsonObject>request(CallAddresses.CONTROL, request, repeatable ? REPEATABLE : OPTIONS)
        .map(reply -> reply.body())
        .recover(e -> worthAnotherTry(e, repeatable) && System.nanoTime() + RETRY_MILLIS * 1_000_000 < deadline
            ? vertx.timer(RETRY_MILLIS).compose(v -> ask(request, deadline))
            : Future.failedFuture(problem(e)));
  }

  /** A PBX event (the owner ignores a repeated eventId) or a read. */
  static boolean repeatable(JsonObject request) {
    return request.getString("eventId") != null || request.getString("type", "").startsWith("read.");
  }

  private static boolean worthAnotherTry(Throwable e, boolean repeatable) {
    return e instanceof ReplyException re && (re.failureType() == ReplyFailure.NO_HANDLERS
        || repeatable && re.failureType() == ReplyFailure.TIMEOUT);
  }

  static Problem problem(Throwable e) {
    if (e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      try {
        JsonObject p = new JsonObject(re.getMessage());
        return new Problem(re.failureCode(), p.getString("type", "about:blank").replaceFirst("^.*/", ""),
            p.getString("title", "Errore"), p.getString("detail", ""));
      } catch (RuntimeException notJson) {
        return new Problem(502, "call-owner-error", "Errore della distribuzione", re.getMessage());
      }
    }
    return new Problem(503, "call-owner-unavailable", "Distribuzione non disponibile",
        "Nessun nodo distribuisce le chiamate in questo momento: riprova tra un secondo.").header("Retry-After", "1");
  }
}
