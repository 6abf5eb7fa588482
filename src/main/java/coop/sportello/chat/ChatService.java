package coop.sportello.chat;

import coop.sportello.chat.domain.BusinessHours;
import coop.sportello.chat.domain.ChatRules;
import coop.sportello.chat.domain.Conversation;
import coop.sportello.chat.domain.EventKind;
import coop.sportello.chat.domain.Participation;
import coop.sportello.chat.domain.Refusal;
import coop.sportello.chat.domain.Transcript;
import coop.sportello.chat.domain.WaitEstimate;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * The chat's behaviour: every change is stored (and numbered) before it is acknowledged, and
 * published to the people it concerns only after commit. Routing runs on every node at once; the
 * database's row locks and conditional updates make sure a conversation gets one manager and no
 * manager goes over their cap.
 */
public final class ChatService {

  private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
  private static final int RESUME_PAGE = 500;
  private static final int SEND_ATTEMPTS = 4;
  /** Queue positions go only to this node's sockets: every node tells its own (see pushQueuePositions). */
  private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);

  /**
   * @param presenceSeconds a manager with no heartbeat for this long gets no new chats
   * @param graceSeconds    ... and after this long their chats go back to the head of the queue
   * @param offerSeconds    an offer not accepted within this passes to someone else
   */
  public record Settings(int presenceSeconds, int graceSeconds, int offerSeconds, long fallbackHandleSeconds,
                         long sweepMillis, BusinessHours hours) {

    public static Settings from(JsonObject chat) {
      List<String> hours = new ArrayList<>();
      chat.getJsonArray("businessHours", new JsonArray().add("MON-FRI 08:30-18:30").add("SAT 09:00-13:00"))
          .forEach(h -> hours.add(String.valueOf(h)));
      return new Settings(chat.getInteger("presenceSeconds", 30), chat.getInteger("graceSeconds", 60),
          chat.getInteger("offerSeconds", 45), chat.getLong("fallbackHandleSeconds", 480L),
          chat.getLong("sweepMillis", 2_000L), BusinessHours.parse(hours));
    }
  }

  /** Stored events to publish after commit, and to whom among staff besides the owner. */
  private record Changes(List<ChatEvent> events, Conversation before, Set<String> staff, boolean routing) { }

  private record Result(ChatEvent event, Conversation conversation, boolean replayed) { }

  @FunctionalInterface
  private interface Step {
    Future<Changes> apply(SqlConnection conn, Conversation c, Participation p);
  }

  private final Vertx vertx;
  /** Events and signals reach the sockets of every node through it (see NodeBus for why not by address). */
  private final NodeBus nodes;
  private final ChatRepository repository;
  private final Settings settings;
  private final Clock clock;
  private final AtomicBoolean dispatchRunning = new AtomicBoolean();
  private final AtomicBoolean dispatchAgain = new AtomicBoolean();
  private final AtomicBoolean queueRefreshScheduled = new AtomicBoolean();
  /** What this node last told each waiting person, touched only on the timer's event loop. */
  private volatile Map<UUID, JsonObject> lastToldPositions = Map.of();

  public ChatService(Vertx vertx, ChatRepository repository, Settings settings, Clock clock) {
    this.vertx = vertx;
    this.nodes = new NodeBus(vertx);
    this.repository = repository;
    this.settings = settings;
    this.clock = clock;
  }

  public Settings settings() {
    return settings;
  }

  public ChatRepository repository() {
    return repository;
  }

  // ---- citizens ------------------------------------------------------------------------------

  public Future<JsonObject> start(Identity who, JsonObject body) {
    String clientId = body.getString("clientId");
    String topic = body.getString("topic");
    String language = body.getString("language", "it");
    JsonObject fields = body.getJsonObject("fields", new JsonObject());
    return repository.insertConversation(who.subject(), who.displayName(), clientId, topic, language, fields)
        .compose(started -> repository.find(started.conversationId()).map(c -> {
          deliver(started, c.orElseThrow(), Set.of());
          queueChanged();
          requestDispatch();
          return new Result(started, c.orElseThrow(), false);
        }))
        .recover(failure -> {
          if (constraint(failure, "chat_conversations_owner_owner_request_key")) {
            return repository.byRequest(who.subject(), clientId).compose(existing -> repository
                .eventByClientId(repository.pool(), existing.orElseThrow().id(), who.subject(), clientId)
                .map(e -> new Result(e.orElseThrow(), existing.orElseThrow(), true)));
          }
          if (constraint(failure, "chat_one_open_per_owner")) {
            return repository.openOf(who.subject()).compose(open -> Future.failedFuture(
                Problem.conflict("conversation-open", "Hai già una conversazione aperta: riprendila da lì.")
                    .with("conversationId", open.map(c -> c.id().toString()).orElse(null))));
          }
          return Future.failedFuture(failure);
        })
        .compose(result -> withQueueInfo(summary(result.conversation(), Participation.OWNER), result.conversation())
            .map(summary -> new JsonObject()
                .put("conversation", summary)
                .put("event", result.event().citizenView(who.subject()))
                .put("replayed", result.replayed())
                .put("availability", availability(summary))));
  }

  /** What the citizen is told about being answered now, and what else they can do if not. */
  private JsonObject availability(JsonObject summary) {
    ZonedDateTime now = ZonedDateTime.now(clock);
    boolean open = settings.hours().isOpen(now);
    boolean staffOnline = summary.getBoolean("staffOnline", false);
    JsonObject out = new JsonObject().put("open", open).put("staffOnline", staffOnline);
    settings.hours().nextOpening(now).ifPresent(t -> out.put("nextOpening", t.toOffsetDateTime().toString()));
    if (!open || !staffOnline) {
      out.put("alternatives", new JsonArray()
          .add(new JsonObject().put("kind", "message")
              .put("label", "Lascia un messaggio: ti rispondiamo qui appena un welfare manager è disponibile."))
          .add(new JsonObject().put("kind", "callback").put("address", ChatAddresses.CALLBACK)
              .put("label", "Chiedi di essere richiamato al tuo numero."))
          .add(new JsonObject().put("kind", "appointment")
              .put("href", "/api/v1/services?area=" + summary.getString("topic"))
              .put("label", "Prenota un appuntamento con un servizio.")));
    }
    return out;
  }

  public Future<JsonObject> send(Identity who, JsonObject body) {
    UUID id = UUID.fromString(body.getString("conversationId"));
    boolean note = body.getBoolean("private", false);
    JsonObject content = new JsonObject().put("text", body.getString("text").strip());
    return repository.find(id).compose(found -> attemptSend(who, id, body.getString("clientId"), note, content, found,
        SEND_ATTEMPTS));
  }

  /**
   * Checks the rules against the state just read, then appends only if that state is still
   * current; if it moved (an accept, a transfer) it reads again and re-checks.
   */
  private Future<JsonObject> attemptSend(Identity who, UUID id, String clientId, boolean note, JsonObject content,
                                         Optional<Conversation> found, int attempts) {
    if (found.isEmpty()) {
      return Future.failedFuture(problem(Refusal.notFound()));
    }
    Conversation c = found.get();
    Participation p = participation(c, who);
    Optional<Refusal> refusal = ChatRules.write(c, p, note);
    if (refusal.isPresent()) {
      return replayOr(who, c, clientId, refusal.get());
    }
    return repository.appendIfCurrent(id, c.stateVersion(), note ? EventKind.NOTE : EventKind.MESSAGE, who.subject(),
            p.authorRole(), who.displayName(), clientId, content)
        .compose(stored -> {
          if (stored.isPresent()) {
            deliver(stored.get(), c, Set.of());
            return Future.succeededFuture(reply(who, new Result(stored.get(), c, false)));
          }
          if (attempts <= 1) {
            return Future.failedFuture(Problem.conflict("busy", "La conversazione sta cambiando: riprova."));
          }
          return repository.find(id).compose(again -> attemptSend(who, id, clientId, note, content, again, attempts - 1));
        })
        .recover(failure -> constraint(failure, "chat_events_client_id_key")
            ? replayOr(who, c, clientId, Refusal.conflict("busy", "Riprova."))
            : Future.failedFuture(failure));
  }

  /** A command whose id was already used by this person in this conversation gets its first answer. */
  private Future<JsonObject> replayOr(Identity who, Conversation c, String clientId, Refusal refusal) {
    return repository.eventByClientId(repository.pool(), c.id(), who.subject(), clientId)
        .compose(existing -> existing
            .map(e -> Future.succeededFuture(reply(who, new Result(e, c, true))))
            .orElseGet(() -> Future.failedFuture(problem(refusal))));
  }

  public Future<JsonObject> resume(Identity who, JsonObject body) {
    UUID id = UUID.fromString(body.getString("conversationId"));
    long after = body.getLong("after", 0L);
    return visible(who, id).compose(c -> {
      Participation p = participation(c, who);
      boolean staff = p.seesStaffEvents();
      return repository.eventsAfter(id, after, staff, RESUME_PAGE)
          .compose(events -> repository.receipts(id).compose(receipts -> withQueueInfo(summary(c, p), c)
              .map(summary -> new JsonObject()
                  .put("conversation", summary)
                  .put("events", new JsonArray(events.stream().map(e -> e.view(staff, who.subject())).toList()))
                  .put("complete", events.size() < RESUME_PAGE)
                  .put("receipts", receiptsFor(c, receipts)))));
    });
  }

  public Future<JsonObject> list(Identity who) {
    boolean supervisor = who.hasRole(Role.SUPERVISOR);
    return repository.listFor(who.subject(), supervisor).map(all -> new JsonObject().put("conversations",
        new JsonArray(all.stream().map(c -> summary(c, participation(c, who))).toList())));
  }

  public Future<JsonObject> typing(Identity who, JsonObject body) {
    UUID id = UUID.fromString(body.getString("conversationId"));
    return visible(who, id).compose(c -> {
      Participation p = participation(c, who);
      if (!p.writes() || !c.open()) {
        return Future.failedFuture(Problem.forbidden("Non puoi scrivere in questa conversazione."));
      }
      signal(c, p, new JsonObject().put("kind", "typing").put("conversationId", id.toString())
          .put("authorRole", p.authorRole()).put("authorName", who.displayName()));
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
        signal(c, p, new JsonObject().put("kind", "receipt").put("conversationId", id.toString())
            .put("byRole", p == Participation.OWNER ? "citizen" : "staff")
            .put("delivered", marks.getLong("delivered")).put("read", marks.getLong("read")));
        return marks;
      });
    });
  }

  public Future<JsonObject> callback(Identity who, JsonObject body) {
    JsonObject content = new JsonObject().put("phone", body.getString("phone").strip())
        .put("when", body.getString("when"));
    return command(who, body, ChatRules::callback, (conn, c, p) -> repository
        .append(conn, c.id(), EventKind.CALLBACK_REQUESTED, who.subject(), p.authorRole(), who.displayName(),
            body.getString("clientId"), content)
        .map(e -> changes(c, List.of(e), false)));
  }

  public Future<JsonObject> rate(Identity who, JsonObject body) {
    int score = body.getInteger("score");
    return command(who, body, ChatRules::rate, (conn, c, p) -> repository
        .rate(conn, c.id(), score, body.getString("comment"))
        .compose(v -> repository.append(conn, c.id(), EventKind.RATED, who.subject(), p.authorRole(),
            who.displayName(), body.getString("clientId"), new JsonObject().put("score", score)))
        .map(e -> changes(c, List.of(e), false)));
  }

  public Future<JsonObject> close(Identity who, JsonObject body) {
    return command(who, body, ChatRules::close, (conn, c, p) -> {
      Future<Void> released = c.manager() == null ? Future.succeededFuture() : repository.releaseManager(conn, c.manager());
      return released.compose(v -> repository.markClosed(conn, c.id()))
          .compose(v -> repository.append(conn, c.id(), EventKind.CLOSED, who.subject(), p.authorRole(),
              who.displayName(), body.getString("clientId"), new JsonObject().put("byRole", p.authorRole())))
          .map(e -> changes(c, List.of(e), true));
    });
  }

  /** The plain-text transcript of what the citizen saw. */
  public Future<String> transcript(Identity who, UUID id) {
    return visible(who, id).compose(c -> repository.eventsAfter(id, 0, false, 100_000).map(events -> {
      List<Transcript.Line> lines = events.stream().map(e -> new Transcript.Line(e.at(), e.kind(), e.authorRole(),
          e.authorName(), transcriptText(e))).toList();
      return Transcript.render(Transcript.topicLabel(c.topic()), c.createdAt(), lines);
    }));
  }

  private static String transcriptText(ChatEvent e) {
    JsonObject body = e.body();
    return switch (e.kind()) {
      case MESSAGE -> body.getString("text");
      case TRANSFERRED -> body.getString("toName", body.getString("toTeamLabel"));
      case RATED -> body.getInteger("score") + "/5";
      case CALLBACK_REQUESTED -> body.getString("phone");
      default -> null;
    };
  }

  // ---- welfare managers and supervisors ------------------------------------------------------

  /** Every few seconds from a manager's screen: they are connected, and whether they take new chats. */
  public Future<JsonObject> heartbeat(Identity who, JsonObject body) {
    boolean available = body.getBoolean("available", true);
    return repository.heartbeat(who.subject(), who.displayName(), available).map(profile -> {
      if (available) {
        requestDispatch();
      }
      return new JsonObject().put("profile", profile).put("heartbeatSeconds", Math.max(1, settings.presenceSeconds() / 3));
    });
  }

  public Future<JsonObject> accept(Identity who, JsonObject body) {
    return command(who, body, ChatRules::accept, (conn, c, p) -> repository.markAccepted(conn, c.id())
        .compose(v -> repository.append(conn, c.id(), EventKind.ACCEPTED, who.subject(), p.authorRole(),
            who.displayName(), body.getString("clientId"), new JsonObject()))
        .map(e -> changes(c, List.of(e), false)));
  }

  public Future<JsonObject> pass(Identity who, JsonObject body) {
    return command(who, body, ChatRules::pass, (conn, c, p) -> repository.releaseManager(conn, who.subject())
        .compose(v -> repository.requeue(conn, c.id(), who.subject(), false, null))
        .compose(v -> repository.append(conn, c.id(), EventKind.PASSED, who.subject(), p.authorRole(),
            who.displayName(), body.getString("clientId"), new JsonObject().put("reason", "declined")))
        .map(e -> changes(c, List.of(e), true)));
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
              .map(v -> new JsonObject().put("toTeam", toTopic).put("toTeamLabel", Transcript.topicLabel(toTopic)));
      return moved.compose(target -> repository.append(conn, c.id(), EventKind.NOTE, who.subject(), p.authorRole(),
                  who.displayName(), null, new JsonObject().put("text", note))
              .compose(noteEvent -> repository.append(conn, c.id(), EventKind.TRANSFERRED, who.subject(),
                      p.authorRole(), who.displayName(), clientId, target)
                  .map(transferred -> {
                    Set<String> staff = toManager == null ? Set.of() : Set.of(toManager);
                    return new Changes(List.of(noteEvent, transferred), c, staff, toManager == null);
                  })));
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
        .map(e -> changes(c, List.of(e), false)));
  }

  // ---- routing -------------------------------------------------------------------------------

  /** Offers queued conversations to managers until nothing more can be assigned; safe to call often. */
  public void requestDispatch() {
    if (dispatchRunning.compareAndSet(false, true)) {
      dispatchAgain.set(false);
      assignUntilNone(0).onComplete(done -> {
        if (done.failed()) {
          LOG.warn("Chat routing failed; the next sweep retries", done.cause());
        }
        dispatchRunning.set(false);
        scheduleQueueRefresh();
        if (dispatchAgain.getAndSet(false)) {
          requestDispatch();
        }
      });
    } else {
      dispatchAgain.set(true);
    }
  }

  private Future<Integer> assignUntilNone(int assigned) {
    if (assigned >= 1_000) {
      return Future.succeededFuture(assigned);
    }
    return assignOne().compose(more -> more ? assignUntilNone(assigned + 1) : Future.succeededFuture(assigned));
  }

  /** True if a conversation was offered (or another node won the manager and it is worth another look). */
  private Future<Boolean> assignOne() {
    return repository.pool().withTransaction(conn -> repository.pickNext(conn, settings.presenceSeconds())
        .compose(pick -> pick.isEmpty() ? Future.succeededFuture(Optional.<Changes>empty()) : offer(conn, pick.get())))
        .map(changes -> {
          changes.ifPresent(this::deliver);
          return changes.isPresent();
        })
        .recover(e -> e instanceof LostRace ? Future.succeededFuture(true) : Future.failedFuture(e));
  }

  private Future<Optional<Changes>> offer(SqlConnection conn, Row pick) {
    UUID id = pick.getUUID(0);
    String manager = pick.getString(1);
    return repository.lock(conn, id).compose(found -> {
      Conversation c = found.orElseThrow();
      return repository.reserveManager(conn, manager, c.topic(), c.language(), settings.presenceSeconds())
          .compose(name -> name.isEmpty()
              // Another node filled this manager's last place first: nothing written, look again.
              ? Future.<Optional<Changes>>failedFuture(new LostRace())
              : repository.offerTo(conn, id, manager)
                  .compose(v -> repository.append(conn, id, EventKind.OFFERED, "system", "system", "Sportello", null,
                      new JsonObject().put("manager", manager).put("managerName", name.get())))
                  .map(e -> Optional.of(new Changes(List.of(e), c, Set.of(manager), false))));
    });
  }

  /** Rolls back an assignment whose manager another node filled first. */
  private static final class LostRace extends RuntimeException {
    LostRace() {
      super("manager taken by another node", null, false, false);
    }
  }

  /** Lapsed offers pass on; conversations of managers gone for longer than the grace go back to the head of the queue. */
  public Future<Void> sweep() {
    return repository.lapsedOffers(settings.offerSeconds())
        .compose(ids -> sequentially(ids, this::passLapsedOffer))
        .compose(v -> repository.abandonedByManagers(settings.graceSeconds()))
        .compose(ids -> sequentially(ids, this::returnAbandoned))
        .onComplete(v -> requestDispatch());
  }

  private Future<Void> passLapsedOffer(UUID id) {
    return repository.pool().withTransaction(conn -> repository.lockLapsedOffer(conn, id, settings.offerSeconds())
            .compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<Changes>empty())
                : repository.releaseManager(conn, found.get().manager())
                    .compose(v -> repository.requeue(conn, id, found.get().manager(), false, null))
                    .compose(v -> repository.append(conn, id, EventKind.PASSED, "system", "system", "Sportello", null,
                        new JsonObject().put("reason", "timeout").put("manager", found.get().manager())))
                    .map(e -> Optional.of(changes(found.get(), List.of(e), true)))))
        .map(changes -> {
          changes.ifPresent(this::deliver);
          return null;
        });
  }

  private Future<Void> returnAbandoned(UUID id) {
    return repository.pool().withTransaction(conn -> repository.lockAbandoned(conn, id, settings.graceSeconds())
            .compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<Changes>empty())
                : repository.releaseManager(conn, found.get().manager())
                    .compose(v -> repository.requeue(conn, id, null, true, null))
                    .compose(v -> repository.append(conn, id, EventKind.RETURNED, "system", "system", "Sportello", null,
                        new JsonObject().put("reason", "manager-disconnected")))
                    .map(e -> Optional.of(changes(found.get(), List.of(e), true)))))
        .map(changes -> {
          changes.ifPresent(this::deliver);
          return null;
        });
  }

  private static Future<Void> sequentially(List<UUID> ids, java.util.function.Function<UUID, Future<Void>> each) {
    Future<Void> chain = Future.succeededFuture();
    for (UUID id : ids) {
      chain = chain.compose(v -> each.apply(id).otherwise(e -> {
        LOG.warn("Chat sweep could not handle a conversation", e);
        return null;
      }));
    }
    return chain;
  }

  // ---- queue positions -----------------------------------------------------------------------

  /**
   * After a change to the queue: every node (this one included) recomputes positions soon. Each
   * node tells only its own sockets, so on a clustered bus nobody hears the same position twice,
   * and a citizen connected to another node than the one that made the change is told at once.
   */
  private void queueChanged() {
    nodes.publish(ChatAddresses.QUEUE_CHANGED, null);
  }

  /** Tells everyone waiting on this node their position and estimated wait, at most a few times a second. */
  public void scheduleQueueRefresh() {
    if (queueRefreshScheduled.compareAndSet(false, true)) {
      vertx.setTimer(250, t -> {
        queueRefreshScheduled.set(false);
        pushQueuePositions().onFailure(e -> LOG.warn("Could not compute chat queue positions", e));
      });
    }
  }

  private Future<Void> pushQueuePositions() {
    return repository.averageHandleSeconds(settings.fallbackHandleSeconds())
        .compose(handle -> repository.queue(settings.presenceSeconds()).map(rows -> {
          EventBus bus = vertx.eventBus();
          JsonObject byTopic = new JsonObject();
          Map<UUID, JsonObject> told = new HashMap<>();
          for (Row r : rows) {
            UUID id = r.getUUID("id");
            JsonObject info = queueInfo(r, handle).put("kind", "queue").put("conversationId", id.toString());
            told.put(id, info);
            // Only what changed: a screen left open in the queue is not woken every sweep.
            if (!info.equals(lastToldPositions.get(id))) {
              bus.publish(ChatAddresses.inbox(r.getString("owner")), info, THIS_NODE);
            }
            byTopic.put(r.getString("topic"), byTopic.getInteger(r.getString("topic"), 0) + 1);
          }
          lastToldPositions = told;
          bus.publish(ChatAddresses.QUEUE, new JsonObject().put("kind", "queue-summary")
              .put("waiting", rows.size()).put("byTopic", byTopic), THIS_NODE);
          return null;
        }));
  }

  private static JsonObject queueInfo(Row r, long averageHandleSeconds) {
    int position = r.getLong("position").intValue();
    int capacity = r.getLong("capacity").intValue();
    int free = r.getLong("free").intValue();
    OptionalLong wait = WaitEstimate.seconds(position, capacity, free, averageHandleSeconds);
    return new JsonObject().put("position", position).put("staffOnline", capacity > 0)
        .put("estimatedWaitSeconds", wait.isPresent() ? wait.getAsLong() : null);
  }

  private Future<JsonObject> withQueueInfo(JsonObject summary, Conversation c) {
    if (c.status() != Conversation.Status.QUEUED) {
      return Future.succeededFuture(summary.put("staffOnline", true));
    }
    return repository.averageHandleSeconds(settings.fallbackHandleSeconds())
        .compose(handle -> repository.queue(settings.presenceSeconds()).map(rows -> {
          for (Row r : rows) {
            if (r.getUUID("id").equals(c.id())) {
              return summary.mergeIn(queueInfo(r, handle));
            }
          }
          return summary;
        }));
  }

  // ---- shared --------------------------------------------------------------------------------

  /**
   * A change command under the conversation's row lock: a client id already used by this person
   * here gets the first answer back; otherwise the rules decide, then {@code step} writes.
   */
  private Future<JsonObject> command(Identity who, JsonObject body, BiFunction<Conversation, Participation, Optional<Refusal>> rule,
                                     Step step) {
    UUID id = UUID.fromString(body.getString("conversationId"));
    String clientId = body.getString("clientId");
    return repository.pool().withTransaction(conn -> repository.lock(conn, id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(problem(Refusal.notFound()));
      }
      Conversation c = found.get();
      return repository.eventByClientId(conn, id, who.subject(), clientId).compose(existing -> {
        if (existing.isPresent()) {
          return Future.succeededFuture((Object) new Result(existing.get(), c, true));
        }
        Participation p = participation(c, who);
        Optional<Refusal> refusal = rule.apply(c, p);
        if (refusal.isPresent()) {
          return Future.failedFuture(problem(refusal.get()));
        }
        return step.apply(conn, c, p).map(ch -> (Object) ch);
      });
    })).compose(outcome -> {
      if (outcome instanceof Result replay) {
        return Future.succeededFuture(reply(who, replay));
      }
      Changes changes = (Changes) outcome;
      deliver(changes);
      ChatEvent last = changes.events().get(changes.events().size() - 1);
      return repository.find(id).map(now -> reply(who, new Result(last, now.orElse(changes.before()), false)));
    });
  }

  private static Changes changes(Conversation before, List<ChatEvent> events, boolean routing) {
    return new Changes(events, before, Set.of(), routing);
  }

  private JsonObject reply(Identity who, Result result) {
    Conversation c = result.conversation();
    Participation p = participation(c, who);
    boolean staffView = !who.subject().equals(c.owner());
    return new JsonObject()
        .put("event", result.event().view(staffView, who.subject()))
        .put("conversation", summary(c, p))
        .put("replayed", result.replayed());
  }

  private void deliver(Changes changes) {
    Set<String> staff = new LinkedHashSet<>(changes.staff());
    for (ChatEvent e : changes.events()) {
      deliver(e, changes.before(), staff);
    }
    if (changes.routing()) {
      requestDispatch();
    }
    queueChanged();
  }

  /**
   * After commit: to the owner (what they may see), to the conversation's manager before the change
   * and to any new one, and to the supervisors' feed. Clients order by sequence number and fill
   * any gap by resuming, so publishing order across nodes does not matter.
   */
  private void deliver(ChatEvent e, Conversation before, Set<String> alsoStaff) {
    Map<String, Object> out = new LinkedHashMap<>();
    JsonObject citizenView = e.citizenView(before.owner());
    if (citizenView != null) {
      out.put(ChatAddresses.inbox(before.owner()), citizenView);
    }
    JsonObject staffView = e.staffView();
    Set<String> staff = new LinkedHashSet<>(alsoStaff);
    if (before.manager() != null) {
      staff.add(before.manager());
    }
    for (String subject : staff) {
      out.put(ChatAddresses.inbox(subject), staffView);
    }
    out.put(ChatAddresses.SUPERVISION, staffView);
    nodes.publish(out);
  }

  /** Ephemeral signals (typing, receipts): to the other side of the conversation, not stored in order. */
  private void signal(Conversation c, Participation from, JsonObject signal) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (from != Participation.OWNER) {
      out.put(ChatAddresses.inbox(c.owner()), signal);
    }
    if (c.manager() != null && from != Participation.MANAGER) {
      out.put(ChatAddresses.inbox(c.manager()), signal);
    }
    out.put(ChatAddresses.SUPERVISION, signal);
    nodes.publish(out);
  }

  private Future<Conversation> visible(Identity who, UUID id) {
    return repository.find(id).compose(found -> found.filter(c -> participation(c, who).sees())
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(problem(Refusal.notFound()))));
  }

  private static Participation participation(Conversation c, Identity who) {
    return c.participation(who.subject(), who.hasRole(Role.SUPERVISOR));
  }

  static JsonObject summary(Conversation c, Participation p) {
    boolean staff = p.seesStaffEvents();
    JsonObject json = new JsonObject()
        .put("id", c.id().toString())
        .put("topic", c.topic())
        .put("topicLabel", Transcript.topicLabel(c.topic()))
        .put("language", c.language())
        .put("status", c.status().name().toLowerCase(Locale.ROOT))
        .put("ownerName", c.ownerName())
        .put("lastSeq", staff ? c.lastSeq() : c.lastPublicSeq())
        .put("you", p.name().toLowerCase(Locale.ROOT))
        .put("rating", c.rating())
        .put("createdAt", c.createdAt().toString());
    if (staff) {
      json.put("manager", c.manager()).put("lastPublicSeq", c.lastPublicSeq())
          .put("joined", new JsonArray(List.copyOf(c.joined())));
    }
    return json;
  }

  /** The other side's marks: staff see the citizen's, the citizen sees the furthest any staff member got. */
  private static JsonObject receiptsFor(Conversation c, JsonArray all) {
    long citizenDelivered = 0;
    long citizenRead = 0;
    long staffDelivered = 0;
    long staffRead = 0;
    for (Object o : all) {
      JsonObject r = (JsonObject) o;
      if (c.owner().equals(r.getString("subject"))) {
        citizenDelivered = r.getLong("delivered");
        citizenRead = r.getLong("read");
      } else {
        staffDelivered = Math.max(staffDelivered, r.getLong("delivered"));
        staffRead = Math.max(staffRead, r.getLong("read"));
      }
    }
    return new JsonObject()
        .put("citizen", new JsonObject().put("delivered", citizenDelivered).put("read", citizenRead))
        .put("staff", new JsonObject().put("delivered", staffDelivered).put("read", staffRead));
  }

  static Problem problem(Refusal refusal) {
    String title = switch (refusal.status()) {
      case 403 -> "Operazione non permessa";
      case 404 -> "Non trovato";
      case 409 -> "Conflitto";
      default -> "Richiesta non valida";
    };
    return new Problem(refusal.status(), refusal.type(), title, refusal.detail());
  }

  private static boolean constraint(Throwable failure, String name) {
    return failure instanceof PgException pg && "23505".equals(pg.getSqlState()) && name.equals(pg.getConstraint());
  }
}
