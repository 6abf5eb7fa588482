package coop.sportello.chat;

import coop.sportello.chat.ChatRepository.Waiting;
import coop.sportello.chat.domain.Conversation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where everyone waiting stands: each node recomputes positions and estimated waits a moment after
 * the queue changed ({@link ChatAddresses#QUEUE_CHANGED}) and tells its own sockets only what
 * changed since it last told them; and the same figures for one conversation, on demand.
 */
final class QueuePositions {

  private static final Logger LOG = LoggerFactory.getLogger(QueuePositions.class);
  /** Queue positions go only to this node's sockets: every node tells its own. */
  private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);
  private static final long REFRESH_DELAY_MILLIS = 250;

  private final Vertx vertx;
  private final ChatRepository repository;
  private final ChatService.Settings settings;
  private final ChatViews views;
  private final AtomicBoolean refreshScheduled = new AtomicBoolean();
  /** What this node last told each waiting person, touched only on the timer's event loop. */
  private volatile Map<UUID, JsonObject> lastTold = Map.of();

  QueuePositions(Vertx vertx, ChatRepository repository, ChatService.Settings settings, ChatViews views) {
    this.views = views;
    this.vertx = vertx;
    this.repository = repository;
    this.settings = settings;
  }

  /** Tells everyone waiting on this node their position and estimated wait, at most a few times a second. */
  void scheduleRefresh() {
    if (refreshScheduled.compareAndSet(false, true)) {
      vertx.setTimer(REFRESH_DELAY_MILLIS, t -> {
        refreshScheduled.set(false);
        push().onFailure(e -> LOG.warn("Could not compute chat queue positions", e));
      });
    }
  }

  private Future<Void> push() {
    return repository.averageHandleSeconds(settings.fallbackHandleSeconds())
        .compose(handle -> repository.queue(settings.presenceSeconds()).map(waiting -> {
          EventBus bus = vertx.eventBus();
          Map<UUID, JsonObject> told = new HashMap<>();
          for (Waiting w : waiting) {
            JsonObject info = views.queueInfo(w, handle).put("kind", "queue").put("conversationId", w.id().toString());
            told.put(w.id(), info);
            // Only what changed: a screen left open in the queue is not woken every sweep.
            if (!info.equals(lastTold.get(w.id()))) {
              bus.publish(ChatAddresses.inbox(w.owner()), info, THIS_NODE);
            }
          }
          lastTold = told;
          bus.publish(ChatAddresses.QUEUE, views.queueSummary(waiting), THIS_NODE);
          return null;
        }));
  }

  /** The summary with the conversation's place in the queue and wait, or (not waiting) with staff online. */
  Future<JsonObject> withQueueInfo(JsonObject summary, Conversation c) {
    if (c.status() != Conversation.Status.QUEUED) {
      return Future.succeededFuture(summary.put("staffOnline", true));
    }
    return repository.averageHandleSeconds(settings.fallbackHandleSeconds())
        .compose(handle -> repository.queue(settings.presenceSeconds()).map(waiting -> {
          for (Waiting w : waiting) {
            if (w.id().equals(c.id())) {
              return summary.mergeIn(views.queueInfo(w, handle));
            }
          }
          return summary;
        }));
  }
}
