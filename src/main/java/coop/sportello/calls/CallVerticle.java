package coop.sportello.calls;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BridgeIdentity;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs on every node: takes the operators' bridge commands and hands them to the distribution
 * owner, and keeps trying to become that owner (see {@link CallOwnership}).
 */
public final class CallVerticle extends VerticleBase {

  private final CallOwnership ownership;
  private final CallControl control;
  private final long pollMillis;
  private long pollTimer = -1;

  public CallVerticle(CallOwnership ownership, CallControl control, long pollMillis) {
    this.ownership = ownership;
    this.control = control;
    this.pollMillis = pollMillis;
  }

  @Override
  public Future<?> start() {
    List<Future<Void>> registered = new ArrayList<>();
    for (OperatorCommands.Command command : OperatorCommands.ALL) {
      // Local: the node whose socket sent the command forwards it to the owner itself (see ChatVerticle).
      registered.add(vertx.eventBus().<Object>localConsumer(command.address(), msg -> handle(command, msg)).completion());
    }
    pollTimer = vertx.setPeriodic(pollMillis, id -> ownership.tryToOwn());
    return Future.all(registered).compose(v -> ownership.tryToOwn());
  }

  private void handle(OperatorCommands.Command command, Message<Object> msg) {
    Optional<Identity> who = BridgeIdentity.of(msg);
    if (who.isEmpty() || !who.get().hasRole(Role.OPERATOR)) {
      fail(msg, Problem.forbidden("Solo gli operatori del contact center possono farlo."));
      return;
    }
    JsonObject body;
    try {
      body = command.schema().validate(msg.body());
    } catch (Problem p) {
      fail(msg, p);
      return;
    }
    control.ask(command.request(who.get(), body)).onSuccess(msg::reply).onFailure(e -> fail(msg, e));
  }

  private static void fail(Message<Object> msg, Throwable failure) {
    Problem problem = failure instanceof Problem p ? p : CallControl.problem(failure);
    msg.fail(problem.status(), problem.toJson(null).encode());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pollTimer);
    return ownership.stop();
  }
}
