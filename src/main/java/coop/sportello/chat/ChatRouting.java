package coop.sportello.chat;

import coop.sportello.chat.ChatRepository.Pick;
import coop.sportello.chat.domain.Conversation;
import coop.sportello.chat.domain.EventKind;
import coop.sportello.platform.database.AfterCommit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Who answers whom: offers queued conversations to managers, one transaction per offer, and the
 * sweep that passes lapsed offers on and returns the chats of managers who dropped. It runs on
 * every node at once; the database's row locks and conditional updates make sure a conversation
 * gets one manager and no manager goes over their cap.
 */
final class ChatRouting {

  private static final Logger LOG = LoggerFactory.getLogger(ChatRouting.class);
  /** Offers made in one routing pass at most; the next request or sweep goes on. */
  private static final int PASS_LIMIT = 1_000;

  private final Pool pool;
  private final ChatRepository repository;
  private final ChatFeeds feeds;
  private final QueuePositions positions;
  private final ChatService.Settings settings;
  private final AtomicBoolean dispatchRunning = new AtomicBoolean();
  private final AtomicBoolean dispatchAgain = new AtomicBoolean();

  ChatRouting(Pool pool, ChatRepository repository, ChatFeeds feeds, QueuePositions positions,
              ChatService.Settings settings) {
    this.pool = pool;
    this.repository = repository;
    this.feeds = feeds;
    this.positions = positions;
    this.settings = settings;
  }

  /** After commit: the change's events go out, and routing runs again if the change calls for it. */
  void announce(ChatChanges changes) {
    feeds.deliver(changes);
    if (changes.routing()) {
      requestDispatch();
    }
  }

  /** Offers queued conversations to managers until nothing more can be assigned; safe to call often. */
  void requestDispatch() {
    if (dispatchRunning.compareAndSet(false, true)) {
      dispatchAgain.set(false);
      assignUntilNone(0).onComplete(done -> {
        if (done.failed()) {
          LOG.warn("Chat routing failed; the next sweep retries", done.cause());
        }
        dispatchRunning.set(false);
        positions.scheduleRefresh();
        if (dispatchAgain.getAndSet(false)) {
          requestDispatch();
        }
      });
    } else {
      dispatchAgain.set(true);
    }
  }

  private Future<Integer> assignUntilNone(int assigned) {
    if (assigned >= PASS_LIMIT) {
      return Future.succeededFuture(assigned);
    }
    return assignOne().compose(more -> more ? assignUntilNone(assigned + 1) : Future.succeededFuture(assigned));
  }

  /** True if a conversation was offered (or another node won the manager and it is worth another look). */
  private Future<Boolean> assignOne() {
    return ChatFeeds.transaction(pool, (conn, after) -> repository.pickNext(conn, settings.presenceSeconds())
            .compose(pick -> pick.isEmpty() ? Future.succeededFuture(false) : offer(conn, pick.get()).map(changes -> {
              after.add(() -> announce(changes));
              return true;
            })))
        .recover(e -> e instanceof LostRace ? Future.succeededFuture(true) : Future.failedFuture(e));
  }

  private Future<ChatChanges> offer(SqlConnection conn, Pick pick) {
    UUID id = pick.conversation();
    String manager = pick.manager();
    return repository.lock(conn, id).compose(found -> {
      Conversation c = found.orElseThrow();
      return repository.reserveManager(conn, manager, c.topic(), c.language(), settings.presenceSeconds())
          .compose(name -> name.isEmpty()
              // Another node filled this manager's last place first: nothing written, look again.
              ? Future.<ChatChanges>failedFuture(new LostRace())
              : repository.offerTo(conn, id, manager)
                  .compose(v -> repository.append(conn, id, EventKind.OFFERED, "system", "system", "Sportello", null,
                      new JsonObject().put("manager", manager).put("managerName", name.get())))
                  .map(e -> new ChatChanges(List.of(e), c, Set.of(manager), false)));
    });
  }

  /** Rolls back an assignment whose manager another node filled first. */
  private static final class LostRace extends RuntimeException {
    LostRace() {
      super("manager taken by another node", null, false, false);
    }
  }

  // ---- the sweep ------------------------------------------------------------------------------

  /**
   * Lapsed offers pass on; conversations of managers gone for longer than the grace go back to the
   * head of the queue; citizens away are told of replies waiting for them.
   */
  Future<Void> sweep() {
    return repository.lapsedOffers(settings.offerSeconds())
        .compose(ids -> sequentially(ids, this::passLapsedOffer))
        .compose(v -> repository.abandonedByManagers(settings.graceSeconds()))
        .compose(ids -> sequentially(ids, this::returnAbandoned))
        .onComplete(v -> requestDispatch())
        .compose(v -> announceRepliesWaiting())
        .mapEmpty();
  }

  /**
   * Writes the outbox row {@code chat.reply-waiting} for each conversation whose latest reply has
   * waited unseen for {@code chat.replyWaitingMinutes}, once per absence of its citizen (see
   * {@link ChatRepository#announceRepliesWaiting}); returns those conversations. Safe on every node at once.
   */
  Future<List<UUID>> announceRepliesWaiting() {
    return repository.announceRepliesWaiting(settings.replyWaitingMinutes(), PASS_LIMIT);
  }

  /** Not to the same manager again, behind those already waiting. */
  private Future<Void> passLapsedOffer(UUID id) {
    return ChatFeeds.transaction(pool, (conn, after) -> repository.lockLapsedOffer(conn, id, settings.offerSeconds())
        .compose(found -> found.isEmpty() ? Future.succeededFuture()
            : backToQueue(conn, after, found.get(), found.get().manager(), false, EventKind.PASSED,
                new JsonObject().put("reason", "timeout").put("manager", found.get().manager()))));
  }

  /** Ahead of everyone who joined normally: they had been answered already. */
  private Future<Void> returnAbandoned(UUID id) {
    return ChatFeeds.transaction(pool, (conn, after) -> repository.lockAbandoned(conn, id, settings.graceSeconds())
        .compose(found -> found.isEmpty() ? Future.succeededFuture()
            : backToQueue(conn, after, found.get(), null, true, EventKind.RETURNED,
                new JsonObject().put("reason", "manager-disconnected"))));
  }

  /** Frees the manager's place and puts the locked conversation back in the queue, with a system event saying why. */
  private Future<Void> backToQueue(SqlConnection conn, AfterCommit after, Conversation c, String passedBy, boolean head,
                                   EventKind kind, JsonObject body) {
    return repository.releaseManager(conn, c.manager())
        .compose(v -> repository.requeue(conn, c.id(), passedBy, head, null))
        .compose(v -> repository.append(conn, c.id(), kind, "system", "system", "Sportello", null, body))
        .map(e -> {
          after.add(() -> announce(ChatChanges.of(c, e, true)));
          return null;
        });
  }

  private static Future<Void> sequentially(List<UUID> ids, Function<UUID, Future<Void>> each) {
    Future<Void> chain = Future.succeededFuture();
    for (UUID id : ids) {
      chain = chain.compose(v -> each.apply(id).otherwise(e -> {
        LOG.warn("Chat sweep could not handle a conversation", e);
        return null;
      }));
    }
    return chain;
  }
}
