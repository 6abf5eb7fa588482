package coop.sportello.platform.bridge;

import coop.sportello.platform.http.Problem;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;

/**
 * Failure replies on the event bus, the same for every module: failureCode is the HTTP status and
 * the message an RFC 9457 problem as JSON, which the bridge passes to the browser unchanged.
 */
public final class BusReplies {

  private BusReplies() { }

  /** Replies with the problem; anything that is not a {@link Problem} is logged and answered as a 500. */
  public static void fail(Message<?> msg, Throwable failure, Logger log) {
    Problem problem;
    if (failure instanceof Problem p) {
      problem = p;
    } else {
      log.error("Request on {} failed", msg.address(), failure);
      problem = new Problem(500, "internal", "Errore interno", "Qualcosa non ha funzionato: riprova tra poco.");
    }
    msg.fail(problem.status(), problem.toJson(null).encode());
  }
}
