package coop.sportello.chat;

import coop.sportello.chat.CommandResult.Replayed;
import coop.sportello.chat.CommandResult.Stored;
import coop.sportello.chat.domain.BusinessHours;
import coop.sportello.chat.domain.ChatRules;
import coop.sportello.chat.domain.Conversation;
import coop.sportello.chat.domain.EventKind;
import coop.sportello.chat.domain.Participation;
import coop.sportello.chat.domain.Transcript;
import coop.sportello.platform.areas.Areas;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.domain.PhoneNumber;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import static coop.sportello.chat.ChatViews.participation;

/**
 * The chat's commands and questions, each one stored (and numbered) before it is acknowledged and
 * published to the people it concerns only after commit. A change to a conversation is one
 * transaction under its row lock; a message is one conditional statement (see {@link #send}).
 * Routing and sweeps are {@link ChatRouting}'s, queue positions {@link QueuePositions}', the wire
 * shapes {@link ChatViews}'.
 */
public final class ChatService {

  private static final int RESUME_PAGE = 500;
  private static final int TRANSCRIPT_EVENTS = 100_000;
  private static final int SEND_ATTEMPTS = 4;
  private static final int DEFAULT_MAX_CHATS = 4;

  /**
   * @param presenceSeconds a manager with no heartbeat for this long gets no new chats
   * @param graceSeconds    ... and after this long their chats go back to the head of the queue
   * @param offerSeconds    an offer not accepted within this passes to someone else
   * @param replyWaitingMinutes a reply that has reached no screen of the citizen's for this long is
   *                        announced to them (e-mail or SMS), once until they come back
   */
  public record Settings(int presenceSeconds, int graceSeconds, int offerSeconds, long fallbackHandleSeconds,
                         long sweepMillis, BusinessHours hours, int replyWaitingMinutes) {

    public static Settings from(JsonObject chat) {
      List<String> hours = new ArrayList<>();
      chat.getJsonArray("businessHours")
          .forEach(h -> hours.add(String.valueOf(h)));
      return new Settings(chat.getInteger("presenceSeconds"), chat.getInteger("graceSeconds"),
          chat.getInteger("offerSeconds"), chat.getLong("fallbackHandleSeconds"),
          chat.getLong("sweepMillis"), BusinessHours.parse(hours), chat.getInteger("replyWaitingMinutes"));
    }
  }

  /** A change a command makes to a locked conversation once the rules allowed it. */
  @FunctionalInterface
  private interface Step {
    Future<ChatChanges> apply(SqlConnection conn, Conversation c, Participation p);
  }

  private final Pool pool;
  private final ChatRepository repository;
  private final ChatFeeds feeds;
  private final QueuePositions positions;
  private final ChatRouting routing;
  private final Settings settings;
  private final Clock clock;
  private final ChatViews views;
  private final ChatCallers callers;

  private ChatService(Pool pool, ChatRepository repository, ChatFeeds feeds, QueuePositions positions,
                      ChatRouting routing, Settings settings, ChatViews views, Clock clock) {
    this.views = views;
    this.callers = new ChatCallers(repository);
    this.pool = pool;
    this.repository = repository;
    this.feeds = feeds;
    this.positions = positions;
    this.routing = routing;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * One node's chat on {@code pool}: its commands, routing and queue positions. Events reach the
   * sockets of every node through {@code nodes}.
   */
  public static ChatService create(Vertx vertx, Pool pool, NodeBus nodes, Settings settings, Areas areas, Clock clock) {
    ChatRepository repository = new ChatRepository(pool);
    ChatFeeds feeds = new ChatFeeds(nodes);
    ChatViews views = new ChatViews(areas);
    QueuePositions positions = new QueuePositions(vertx, repository, settings, views);
    ChatRouting routing = new ChatRouting(pool, repository, feeds, positions, settings);
    return new ChatService(pool, repository, feeds, positions, routing, settings, views, clock);
  }

  public Settings settings() {
    return settings;
  }

  ChatRouting routing() {
    return routing;
  }

  QueuePositions positions() {
    return positions;
  }

  /** Whom each command acts for (a kiosk: the person identified at it). */
  ChatCallers callers() {
    return callers;
  }

  // ---- citizens ------------------------------------------------------------------------------

  /**
   * Opens a conversation, or gives back the one this client id opened before. With a
   * {@code callback} the call-back request is stored with it, and announced to the person
   * ({@link ChatAnnouncements}), in the same transaction.
   */
  public Future<JsonObject> start(Identity who, JsonObject body) {
    String clientId = body.getString("clientId");
    UUID kioskSession = ChatCallers.kioskSession(body);
    JsonObject callbackEvent;
    try {
      callbackEvent = body.getJsonObject("callback") == null ? null : callbackRequest(body.getJsonObject("callback"));
    } catch (Problem invalid) {
      return Future.failedFuture(invalid);
    }
    return ChatFeeds.<CommandResult>transaction(pool, (conn, after) -> repository.insertConversation(conn, who.subject(),
                who.displayName(), clientId, body.getString("topic"), body.getString("language", "it"),
                body.getJsonObject("fields", new JsonObject()), kioskSession)
            .compose(started -> (callbackEvent == null ? Future.succeededFuture(List.of(started))
                : repository.append(conn, started.conversationId(), EventKind.CALLBACK_REQUESTED, who.subject(),
                    Participation.OWNER.authorRole(), who.displayName(), null, callbackEvent, kioskSession)
                .compose(requested -> repository.outbox(conn, ChatAnnouncements.callbackScheduled(requested, who.subject()))
                    .map(v -> List.of(started, requested))))
            .compose(events -> repository.find(conn, started.conversationId()).map(c -> {
              ChatChanges changes = new ChatChanges(events, c.orElseThrow(), Set.of(), true);
              after.add(() -> routing.announce(changes));
              return (CommandResult) new Stored(changes);
            }))))
        .recover(failure -> {
          if (SqlErrors.isUniqueViolation(failure, "chat_conversations_owner_owner_request_key")) {
            return repository.byRequest(who.subject(), clientId).compose(existing -> repository
                .eventByClientId(existing.orElseThrow().id(), who.subject(), clientId)
                .map(e -> new Replayed(e.orElseThrow(), existing.orElseThrow())));
          }
          if (SqlErrors.isUniqueViolation(failure, "chat_one_open_per_owner")) {
            return repository.openOf(who.subject()).compose(open -> Future.failedFuture(
                Problem.conflict("conversation-open", "Hai già una conversazione aperta: riprendila da lì.")
                    .with("conversationId", open.map(c -> c.id().toString()).orElse(null))));
          }
          return Future.failedFuture(failure);
        })
        .compose(result -> positions.withQueueInfo(views.summary(result.conversation(), Participation.OWNER),
                result.conversation())
            .map(summary -> views.started(who, result, summary, settings.hours(), ZonedDateTime.now(clock))));
  }

  /**
   * A message or private note: checked against the state just read, then appended in one
   * statement only if that state is still current; if it moved (an accept, a transfer) it reads
   * again and re-checks. No lock is held, so messages never wait behind routing.
   */
  public Future<JsonObject> send(Identity who, JsonObject body) {
    UUID id = UUID.fromString(body.getString("conversationId"));
    boolean note = body.getBoolean("private", false);
    JsonObject content = new JsonObject().put("text", body.getString("text").strip());
    Optional<Refusal> empty = ChatRules.text(content.getString("text"));
    if (empty.isPresent()) {
      return Future.failedFuture(Problem.of(empty.get()));
    }
    UUID kioskSession = ChatCallers.kioskSession(body);
    return repository.find(id).compose(found -> attemptSend(who, id, body.getString("clientId"), note, content,
        kioskSession, found, SEND_ATTEMPTS));
  }

  private Future<JsonObject> attemptSend(Identity who, UUID id, String clientId, boolean note, JsonObject content,
                                         UUID kioskSession, Optional<Conversation> found, int attempts) {
    if (found.isEmpty()) {
      return Future.failedFuture(Problem.of(ChatRules.NOT_FOUND));
    }
    Conversation c = found.get();
    Participation p = participation(c, who);
    Optional<Refusal> refusal = ChatRules.write(c, p, note);
    if (refusal.isPresent()) {
      return replayOr(who, c, clientId, refusal.get());
    }
    return repository.appendIfCurrent(id, c.stateVersion(), note ? EventKind.NOTE : EventKind.MESSAGE, who.subject(),
            p.authorRole(), who.displayName(), clientId, content, kioskSession)
        .compose(stored -> {
          if (stored.isPresent()) {
            feeds.deliver(stored.get(), c, Set.of());
            return Future.succeededFuture(views.answer(who, stored.get(), c, false));
          }
          if (attempts <= 1) {
            return Future.failedFuture(Problem.conflict("busy", "La conversazione sta cambiando: riprova."));
          }
          return repository.find(id).compose(again -> attemptSend(who, id, clientId, note, content, kioskSession, again,
              attempts - 1));
        })
        .recover(failure -> SqlErrors.isUniqueViolation(failure, "chat_events_client_id_key")
            ? replayOr(who, c, clientId, Refusal.conflict("busy", "Riprova."))
            : Future.failedFuture(failure));
  }

  /** A command whose id was already used by this person in this conversation gets its first answer. */
  private Future<JsonObject> replayOr(Identity who, Conversation c, String clientId, Refusal refusal) {
    return repository.eventByClientId(c.id(), who.subject(), clientId)
        .compose(existing -> existing
            .map(e -> Future.succeededFuture(views.answer(who, e, c, true)))
            .orElseGet(() -> Future.failedFuture(Problem.of(refusal))));
  }

  public Future<JsonObject> resume(Identity who, JsonObject body) {
    UUID id = UUID.fromString(body.getString("conversationId"));
    long after = body.getLong("after", 0L);
    return visible(who, id).compose(c -> {
      Participation p = participation(c, who);
      boolean staff = p.seesStaffEvents();
      return repository.eventsAfter(id, after, staff, RESUME_PAGE)
          .compose(events -> repository.receipts(id).compose(receipts -> positions.withQueueInfo(views.summary(c, p), c)
              .map(summary -> views.resumed(who, c, summary, events, staff, events.size() < RESUME_PAGE, receipts))));
    });
  }

  public Future<JsonObject> list(Identity who) {
    return repository.listFor(who.subject(), who.hasRole(Role.SUPERVISOR)).map(all -> views.list(all, who));
  }

  public Future<JsonObject> typing(Identity who, JsonObject body) {
    UUID id = UUID.fromString(body.getString("conversationId"));
    return visible(who, id).compose(c -> {
      Participation p = participation(c, who);
      if (!p.writes() || !c.open()) {
        return Future.failedFuture(Problem.forbidden("Non puoi scrivere in questa conversazione."));
      }
      feeds.signal(c, p, views.typing(id, p, who));
      return Future.succeededFuture(new JsonObject().put("ok", true));
    });
  }

  /** Delivered and read marks, always in public sequence numbers (the messages both sides see). */
  public Future<JsonObject> receipt(Identity who, JsonObject body) {
    UUID id = UUID.fromString(body.getString("conversationId"));
    long read = body.getLong("read", 0L);
    long delivered = Math.max(read, body.getLong("delivered", 0L));
    return visible(who, id).compose(c -> {
      Participation p = participation(c, who);
      if (!p.writes()) {
        return Future.failedFuture(Problem.forbidden("Solo chi partecipa alla conversazione invia le conferme di lettura."));
      }
      return repository.receipt(id, who.subject(), delivered, read).map(marks -> {
        feeds.signal(c, p, views.receiptSignal(id, p, marks));
        return marks;
      });
    });
  }

  /** The owner asks to be called back: the request, and its announcement to them, in one transaction. */
  public Future<JsonObject> callback(Identity who, JsonObject body) {
    JsonObject content;
    try {
      content = callbackRequest(body);
    } catch (Problem invalid) {
      return Future.failedFuture(invalid);
    }
    return command(who, body, ChatRules::callback, (conn, c, p) -> appendBy(conn, c, p, who, body,
            EventKind.CALLBACK_REQUESTED, content, false)
        .compose(changes -> repository.outbox(conn, ChatAnnouncements.callbackScheduled(changes.last(), c.owner()))
            .map(changes)));
  }

  /**
   * A call-back request's event body, from a command's {phone, when?}: the number kept in E.164,
   * like every phone number, since the call centre dials it and finds the person by it.
   *
   * @throws Problem 422 when the number is not a phone number
   */
  private static JsonObject callbackRequest(JsonObject request) {
    Optional<String> phone = PhoneNumber.e164(request.getString("phone"));
    if (phone.isEmpty()) {
      throw Problem.validation("Il numero di telefono non è valido.", new JsonArray()
          .add(new JsonObject().put("pointer", "/phone").put("detail", "non è un numero di telefono")));
    }
    return new JsonObject().put("phone", phone.get()).put("when", request.getString("when"));
  }

  public Future<JsonObject> rate(Identity who, JsonObject body) {
    int score = body.getInteger("score");
    return command(who, body, ChatRules::rate, (conn, c, p) -> repository
        .rate(conn, c.id(), score, body.getString("comment"))
        .compose(v -> appendBy(conn, c, p, who, body, EventKind.RATED, new JsonObject().put("score", score), false)));
  }

  public Future<JsonObject> close(Identity who, JsonObject body) {
    return command(who, body, ChatRules::close, (conn, c, p) -> {
      Future<Void> released = c.manager() == null ? Future.succeededFuture() : repository.releaseManager(conn, c.manager());
      return released.compose(v -> repository.markClosed(conn, c.id()))
          .compose(v -> appendBy(conn, c, p, who, body, EventKind.CLOSED, new JsonObject().put("byRole", p.authorRole()), true));
    });
  }

  /** The plain-text transcript of what the citizen saw. */
  public Future<String> transcript(Identity who, UUID id) {
    return visible(who, id).compose(c -> repository.eventsAfter(id, 0, false, TRANSCRIPT_EVENTS)
        .map(events -> views.transcript(c, events)));
  }

  // ---- welfare managers and supervisors ------------------------------------------------------

  /** Every few seconds from a manager's screen: they are connected, and whether they take new chats. */
  public Future<JsonObject> heartbeat(Identity who, JsonObject body) {
    boolean available = body.getBoolean("available", true);
    return repository.heartbeat(who.subject(), who.displayName(), available).map(profile -> {
      if (available) {
        routing.requestDispatch();
      }
      return views.heartbeat(profile, settings.presenceSeconds());
    });
  }

  public Future<JsonObject> accept(Identity who, JsonObject body) {
    return command(who, body, ChatRules::accept, (conn, c, p) -> repository.markAccepted(conn, c.id())
        .compose(v -> appendBy(conn, c, p, who, body, EventKind.ACCEPTED, new JsonObject(), false)));
  }

  public Future<JsonObject> pass(Identity who, JsonObject body) {
    return command(who, body, ChatRules::pass, (conn, c, p) -> repository.releaseManager(conn, who.subject())
        .compose(v -> repository.requeue(conn, c.id(), who.subject(), false, null))
        .compose(v -> appendBy(conn, c, p, who, body, EventKind.PASSED, new JsonObject().put("reason", "declined"), true)));
  }

  /**
   * To a colleague (offered to them, who accepts or passes) or to a team (back to the head of the
   * queue for that area). The private note, the move of both managers' loads and the conversation
   * change are one transaction.
   */
  public Future<JsonObject> transfer(Identity who, JsonObject body) {
    String toManager = body.getString("toManager");
    String toTopic = body.getString("toTopic");
    String note = body.getString("note").strip();
    String clientId = body.getString("clientId");
    return command(who, body, (c, p) -> ChatRules.transfer(c, p, toManager), (conn, c, p) -> {
      Future<JsonObject> moved = toManager != null
          ? moveToManager(conn, c, toManager)
          : repository.releaseManager(conn, c.manager())
              .compose(v -> repository.requeue(conn, c.id(), null, true, toTopic))
              .map(v -> new JsonObject().put("toTeam", toTopic).put("toTeamLabel", views.topicLabel(toTopic)));
      return moved.compose(target -> repository.append(conn, c.id(), EventKind.NOTE, who.subject(), p.authorRole(),
                  who.displayName(), null, new JsonObject().put("text", note))
              .compose(noteEvent -> repository.append(conn, c.id(), EventKind.TRANSFERRED, who.subject(),
                      p.authorRole(), who.displayName(), clientId, target)
                  .map(transferred -> new ChatChanges(List.of(noteEvent, transferred), c,
                      toManager == null ? Set.of() : Set.of(toManager), toManager == null))));
    });
  }

  /** Manager rows are always updated in subject order, so two crossing transfers cannot deadlock. */
  private Future<JsonObject> moveToManager(SqlConnection conn, Conversation c, String toManager) {
    Future<Optional<String>> reserved;
    if (c.manager().compareTo(toManager) < 0) {
      reserved = repository.releaseManager(conn, c.manager())
          .compose(v -> repository.reserveManager(conn, toManager, c.topic(), c.language(), settings.presenceSeconds()));
    } else {
      reserved = repository.reserveManager(conn, toManager, c.topic(), c.language(), settings.presenceSeconds())
          .compose(name -> repository.releaseManager(conn, c.manager()).map(name));
    }
    return reserved.compose(name -> name.isEmpty()
        ? Future.failedFuture(Problem.conflict("manager-unavailable",
            "Il collega non è collegato, non segue questo argomento o ha già il massimo di conversazioni."))
        : repository.offerTo(conn, c.id(), toManager).map(new JsonObject().put("toManager", toManager).put("toName", name.get())));
  }

  public Future<JsonObject> join(Identity who, JsonObject body) {
    return command(who, body, ChatRules::join, (conn, c, p) -> repository.addJoined(conn, c.id(), who.subject())
        .compose(v -> repository.append(conn, c.id(), EventKind.JOINED, who.subject(), "supervisor",
            who.displayName(), body.getString("clientId"), new JsonObject()))
        .map(e -> ChatChanges.of(c, e, false)));
  }

  /** Ready answers for staff, in Italian: {items[]}. */
  public Future<JsonObject> cannedResponses() {
    return repository.cannedResponses().map(views::items);
  }

  /** Every manager's skills, cap, load and whether they are online now: {items[]}. */
  public Future<JsonObject> managers() {
    return repository.managers(settings.presenceSeconds()).map(items -> views.items(new JsonArray(items)));
  }

  /**
   * A manager's profile as a supervisor sets it (created if new). A cap below the conversations
   * they have open now is refused by the table's CHECK: 409 cap-below-load.
   */
  public Future<JsonObject> setProfile(String subject, String name, List<String> areas, List<String> languages,
                                       Integer maxChats) {
    return repository.setProfile(subject, name, areas, languages, maxChats == null ? DEFAULT_MAX_CHATS : maxChats)
        .compose(profile -> profile.isPresent() ? Future.succeededFuture(profile.get())
            : Future.failedFuture(Problem.notFound("Nessun welfare manager con questo identificativo.")))
        .recover(e -> Future.failedFuture(SqlErrors.isCheckViolation(e, null)
            ? Problem.conflict("cap-below-load", "Ha già più conversazioni aperte del nuovo massimo: riprova quando ne avrà chiuse alcune.")
            : e));
  }

  // ---- shared --------------------------------------------------------------------------------

  /**
   * A change command, one transaction under the conversation's row lock: a client id already used
   * by this person here gets the first answer back; otherwise the rules decide, then {@code step}
   * writes, and its events go out after commit.
   */
  private Future<JsonObject> command(Identity who, JsonObject body,
                                     BiFunction<Conversation, Participation, Optional<Refusal>> rule, Step step) {
    UUID id = UUID.fromString(body.getString("conversationId"));
    String clientId = body.getString("clientId");
    return ChatFeeds.<CommandResult>transaction(pool, (conn, after) -> repository.lock(conn, id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.of(ChatRules.NOT_FOUND));
      }
      Conversation c = found.get();
      return repository.eventByClientId(conn, id, who.subject(), clientId).compose(existing -> {
        if (existing.isPresent()) {
          return Future.succeededFuture(new Replayed(existing.get(), c));
        }
        Participation p = participation(c, who);
        Optional<Refusal> refusal = rule.apply(c, p);
        if (refusal.isPresent()) {
          return Future.failedFuture(Problem.of(refusal.get()));
        }
        return step.apply(conn, c, p).map(changes -> {
          after.add(() -> routing.announce(changes));
          return new Stored(changes);
        });
      });
    })).compose(result -> (result.replayed() ? Future.succeededFuture(result.conversation())
            : repository.find(id).map(now -> now.orElse(result.conversation())))
        .map(now -> views.answer(who, result.event(), now, result.replayed())));
  }

  /** The event a participant's command stores, under their client id. */
  private Future<ChatChanges> appendBy(SqlConnection conn, Conversation c, Participation p, Identity who, JsonObject body,
                                       EventKind kind, JsonObject content, boolean routes) {
    return repository.append(conn, c.id(), kind, who.subject(), p.authorRole(), who.displayName(),
            body.getString("clientId"), content, ChatCallers.kioskSession(body))
        .map(e -> ChatChanges.of(c, e, routes));
  }

  private Future<Conversation> visible(Identity who, UUID id) {
    return repository.find(id).compose(found -> found.filter(c -> participation(c, who).sees())
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(Problem.of(ChatRules.NOT_FOUND))));
  }
}
