package coop.sportello.calls;

import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/**
 * Asks the distribution owner (wherever it runs) and turns its failures into problems: the
 * owner's own refusals keep their status, and no owner reachable becomes a 503 to retry.
 *
 * <p>On a clustered bus the request goes to the owner's node by name ({@link NodeBus}): the
 * owner writes its node id into {@code call_owner} when it claims distribution, and this class
 * reads it from there, again whenever the node it knew does not answer for the owner. During a
 * handover (nobody owns yet, the known owner died, or stepped down) the request is sent again
 * every {@value #RETRY_MILLIS} ms for up to {@code handoverMillis}, so the caller gets an answer
 * instead of a 503. What is repeated is only what no owner received, or what is safe to repeat:
 * a PBX event (the owner ignores an {@code eventId} it has seen) and reads, which are also sent
 * with a shorter timeout. Without a cluster no other node could answer, so a node that does not
 * own answers 503 at once.
 */
public final class CallControl {

  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(5_000);
  /** The owner answers in milliseconds; two seconds of silence means it is gone. */
  private static final DeliveryOptions REPEATABLE = new DeliveryOptions().setSendTimeout(2_000);
  static final long RETRY_MILLIS = 100;

  private final Vertx vertx;
  private final NodeBus nodes;
  private final long handoverMillis;
  private final Supplier<Future<String>> ownerNodeFromDatabase;
  private volatile String ownerNode;

  /** A single node: the owner, if any, is this node. */
  public CallControl(Vertx vertx) {
    this(vertx, 0, () -> Future.succeededFuture("local"));
  }

  /**
   * @param handoverMillis        how long to wait for an owner on a clustered bus (ignored on a local one)
   * @param ownerNodeFromDatabase the node id the current owner stored in {@code call_owner}
   */
  public CallControl(Vertx vertx, long handoverMillis, Supplier<Future<String>> ownerNodeFromDatabase) {
    this.vertx = vertx;
    this.nodes = new NodeBus(vertx);
    this.handoverMillis = nodes.clustered() ? handoverMillis : 0;
    this.ownerNodeFromDatabase = ownerNodeFromDatabase;
  }

  public Future<JsonObject> ask(JsonObject request) {
    return ask(request, System.nanoTime() + handoverMillis * 1_000_000);
  }

  private Future<JsonObject> ask(JsonObject request, long deadline) {
    if (!nodes.clustered()) {
      return vertx.eventBus().<JsonObject>request(CallAddresses.CONTROL, request, OPTIONS)
          .map(reply -> reply.body())
          .recover(e -> Future.failedFuture(problem(e)));
    }
    boolean repeatable = repeatable(request);
    return owner()
        .compose(node -> nodes.<JsonObject>request(node, CallAddresses.CONTROL, request, repeatable ? REPEATABLE : OPTIONS))
        .map(reply -> reply.body())
        .recover(e -> {
          if (!worthAnotherTry(e, repeatable)) {
            return Future.failedFuture(problem(e));
          }
          ownerNode = null;
          return System.nanoTime() + RETRY_MILLIS * 1_000_000 < deadline
              ? vertx.timer(RETRY_MILLIS).compose(v -> ask(request, deadline))
              : Future.failedFuture(problem(e));
        });
  }

  /** The owner's node: the one last known while it is a member, otherwise whatever the database says now. */
  private Future<String> owner() {
    String known = ownerNode;
    if (known != null && nodes.isMember(known)) {
      return Future.succeededFuture(known);
    }
    return ownerNodeFromDatabase.get().compose(node -> {
      if (!nodes.isMember(node)) {
        return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "no owner among the members"));
      }
      ownerNode = node;
      return Future.succeededFuture(node);
    });
  }

  /** A PBX event (the owner ignores a repeated eventId) or a read. */
  static boolean repeatable(JsonObject request) {
    return request.getString("eventId") != null || request.getString("type", "").startsWith("read.");
  }

  /** No owner was reached (nothing was carried out), or a repeatable request went unanswered. */
  private static boolean worthAnotherTry(Throwable e, boolean repeatable) {
    if (!(e instanceof ReplyException re)) {
      return false;
    }
    boolean nobody = re.failureType() == ReplyFailure.NO_HANDLERS
        || re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() == NodeBus.NO_HANDLERS;
    boolean silent = re.failureType() == ReplyFailure.TIMEOUT
        || re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() == NodeBus.TIMEOUT;
    return nobody || repeatable && silent;
  }

  static Problem problem(Throwable e) {
    if (e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() >= 0) {
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
