package coop.sportello.calls;

import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BusCommand;
import coop.sportello.platform.bridge.BusCommands;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;
import java.util.Set;

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
    // Local consumers: the node whose socket sent the command forwards it to the owner itself.
    List<BusCommand> commands = OperatorCommands.ALL.stream()
        .map(command -> new BusCommand(command.address(), Set.of(Role.OPERATOR), command.schema(),
            (who, body) -> control.ask(command.request(who, body))))
        .toList();
    Future<Void> registered = BusCommands.register(vertx, commands,
        "Solo gli operatori del contact center possono farlo.", CallControl::problem);
    pollTimer = vertx.setPeriodic(pollMillis, id -> ownership.tryToOwn());
    return registered.compose(v -> ownership.tryToOwn());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pollTimer);
    return ownership.stop();
  }
}
