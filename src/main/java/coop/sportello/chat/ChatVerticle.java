package coop.sportello.chat;

import coop.sportello.platform.bridge.BusCommand;
import coop.sportello.platform.bridge.BusCommands;
import coop.sportello.platform.database.Sweep;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Wires the chat to the event bus on this node: one consumer per command address (see
 * {@link ChatAddresses}), the queue-changed signal, and the sweep that passes lapsed offers on and
 * returns the chats of managers who dropped. Every node runs all three; the database keeps them
 * from stepping on each other.
 */
final class ChatVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChatVerticle.class);

  private final List<BusCommand> commands;
  private final ChatRouting routing;
  private final QueuePositions positions;
  private final long sweepMillis;
  private Sweep sweep;

  ChatVerticle(List<BusCommand> commands, ChatRouting routing, QueuePositions positions, long sweepMillis) {
    this.commands = List.copyOf(commands);
    this.routing = routing;
    this.positions = positions;
    this.sweepMillis = sweepMillis;
  }

  @Override
  public Future<?> start() {
    Future<Void> commandsTaken = BusCommands.register(vertx, commands);
    // Published to every node through NodeBus: a change to the queue on any node has each node tell its own sockets.
    Future<Void> queueWatched = vertx.eventBus().localConsumer(ChatAddresses.QUEUE_CHANGED, msg -> positions.scheduleRefresh())
        .completion();
    sweep = Sweep.every(vertx, sweepMillis, LOG, "Chat sweep failed", routing::sweep);
    return Future.all(commandsTaken, queueWatched);
  }

  @Override
  public Future<?> stop() {
    if (sweep != null) {
      sweep.stop();
    }
    return Future.succeededFuture();
  }
}
