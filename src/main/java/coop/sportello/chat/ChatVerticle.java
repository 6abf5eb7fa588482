package coop.sportello.chat;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.bridge.BridgeIdentity;
import coop.sportello.platform.bridge.BusReplies;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wires the chat to the event bus on this node: one consumer per command address (see
 * {@link ChatAddresses}), the queue-changed signal, and the sweep that passes lapsed offers on and
 * returns the chats of managers who dropped. Every node runs all three; the database keeps them
 * from stepping on each other.
 */
public final class ChatVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChatVerticle.class);

  private final ChatService chat;
  private long sweepTimer = -1;

  public ChatVerticle(ChatService chat) {
    this.chat = chat;
  }

  @Override
  public Future<?> start() {
    List<Future<Void>> registered = new ArrayList<>();
    for (ChatCommands.Command command : ChatCommands.all(chat)) {
      // Local: a command is handled by the node whose socket sent it. On a clustered bus a shared
      // consumer would hand commands round-robin to other nodes, one hop more and one more node to lose.
      MessageConsumer<Object> consumer = vertx.eventBus().localConsumer(command.address(), msg -> handle(command, msg));
      registered.add(consumer.completion());
    }
    // Published to every node through NodeBus: a change to the queue on any node has each node tell its own sockets.
    registered.add(vertx.eventBus().localConsumer(ChatAddresses.QUEUE_CHANGED, msg -> chat.scheduleQueueRefresh()).completion());
    sweepTimer = vertx.setPeriodic(chat.settings().sweepMillis(), id -> chat.sweep()
        .onFailure(e -> LOG.warn("Chat sweep failed", e)));
    return Future.all(registered);
  }

  private void handle(ChatCommands.Command command, Message<Object> msg) {
    Optional<Identity> who = BridgeIdentity.of(msg);
    if (who.isEmpty() || !who.get().hasAnyRole(command.roles())) {
      fail(msg, Problem.forbidden("Il tuo ruolo non permette questa operazione."));
      return;
    }
    Future<io.vertx.core.json.JsonObject> outcome;
    try {
      outcome = command.handler().apply(who.get(), command.schema().validate(msg.body()));
    } catch (Problem p) {
      fail(msg, p);
      return;
    }
    outcome.onSuccess(msg::reply).onFailure(e -> fail(msg, e));
  }

  private static void fail(Message<?> msg, Throwable failure) {
    BusReplies.fail(msg, failure, LOG);
  }


  @Override
  public Future<?> stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    return Future.succeededFuture();
  }
}
