package coop.sportello.platform.bridge;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The two gates of a module's {@link BusCommand}s: the bridge rules that let a browser send to
 * them, and the consumers that take them on this node. A consumer checks the identity the bridge
 * stamped and its role (403), validates the body (400/422), calls the handler and replies; every
 * failure goes back as a problem ({@link BusReplies}).
 */
public final class BusCommands {

  /** The 403 detail said to a caller without any of a command's roles, unless the module says otherwise. */
  public static final String FORBIDDEN = "Il tuo ruolo non permette questa operazione.";

  private static final Logger LOG = LoggerFactory.getLogger(BusCommands.class);

  private BusCommands() { }

  /** Inbound bridge rules: each command's address, for callers holding one of its roles. */
  public static void permit(BridgeRules rules, List<BusCommand> commands) {
    for (BusCommand command : commands) {
      rules.inbound(Pattern.quote(command.address()),
          (who, address, body) -> Future.succeededFuture(who.hasAnyRole(command.roles())));
    }
  }

  /** {@link #register(Vertx, List, String, Function)} with the usual 403 detail; failures that are not problems answer 500. */
  public static Future<Void> register(Vertx vertx, List<BusCommand> commands) {
    return register(vertx, commands, FORBIDDEN, Function.identity());
  }

  /**
   * Registers one local consumer per command: a command is handled by the node whose socket sent
   * it (on a clustered bus a shared consumer would hand commands round-robin to other nodes, one
   * hop more and one more node to lose). Call it from a verticle's start: its consumers go with
   * the verticle.
   *
   * @param forbidden the 403 detail for a caller without any of the command's roles
   * @param failures  what a handler's failure that is not already a {@link Problem} is answered
   *                  with; whatever is still not a problem is logged and answered as a 500
   */
  public static Future<Void> register(Vertx vertx, List<BusCommand> commands, String forbidden,
                                      Function<Throwable, Throwable> failures) {
    List<Future<Void>> registered = new ArrayList<>();
    for (BusCommand command : commands) {
      registered.add(vertx.eventBus().<Object>localConsumer(command.address(),
          msg -> handle(command, msg, forbidden, failures)).completion());
    }
    return Future.all(registered).mapEmpty();
  }

  private static void handle(BusCommand command, Message<Object> msg, String forbidden,
                             Function<Throwable, Throwable> failures) {
    Optional<Identity> who = BridgeIdentity.of(msg);
    if (who.isEmpty() || !who.get().hasAnyRole(command.roles())) {
      BusReplies.fail(msg, Problem.forbidden(forbidden), LOG);
      return;
    }
    JsonObject body;
    try {
      body = command.schema().validate(msg.body());
    } catch (Problem refused) {
      BusReplies.fail(msg, refused, LOG);
      return;
    }
    Future<JsonObject> outcome;
    try {
      outcome = command.handler().handle(who.get(), body);
    } catch (RuntimeException thrown) {
      outcome = Future.failedFuture(thrown);
    }
    outcome.onSuccess(msg::reply)
        .onFailure(e -> BusReplies.fail(msg, e instanceof Problem ? e : failures.apply(e), LOG));
  }
}
