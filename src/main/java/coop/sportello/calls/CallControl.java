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
 */
public final class CallControl {

  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;

  public CallControl(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<JsonObject> ask(JsonObject request) {
    return vertx.eventBus().<JsonObject>request(CallAddresses.CONTROL, request, OPTIONS)
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(problem(e)));
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
