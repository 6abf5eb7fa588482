package coop.sportello.calls;

import coop.sportello.calls.domain.CallCenter;
import coop.sportello.calls.domain.CallRefused;
import coop.sportello.calls.domain.Changes;
import coop.sportello.calls.domain.LiveCall;
import coop.sportello.calls.domain.LogEntry;
import coop.sportello.calls.domain.Operator;
import coop.sportello.calls.domain.PbxCommand;
import coop.sportello.calls.domain.QueueSettings;
import coop.sportello.chat.domain.BusinessHours;
import coop.sportello.platform.bridge.BusReplies;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.domain.PhoneNumber;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The single owner of call distribution, deployed only on the node holding the ownership lock
 * ({@link CallOwnership}). It keeps the whole call center in memory ({@link CallCenter}), so a
 * decision takes microseconds; every step's changes are stored (group commit, fenced by the
 * owner's epoch) before the PBX, the operators or the caller hear of them. A new owner rebuilds
 * the same state from PostgreSQL, so calls in flight survive a restart or a lost node.
 */
public final class CallDistributor extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CallDistributor.class);
  private static final Duration RATE_WINDOW = Duration.ofMinutes(15);
  private static final int REMEMBERED_EVENTS = 200_000;
  public static final String DECISION_TIMER = "sportello.calls.decision";
  public static final String STORED_TIMER = "sportello.calls.stored";

  private final CallStore store;
  private final long epoch;
  private final Runnable stepDown;
  private final Clock clock;
  private final long tickMillis;
  private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);
  private CallCenter center;
  private NodeBus nodes;
  private final Set<String> seenEvents = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_EVENTS;
    }
  });
  private final Map<String, Deque<Instant>> arrivals = new HashMap<>();
  private final List<Changes> unstored = new ArrayList<>();
  private final List<CallRepository.PbxEventId> unstoredEvents = new ArrayList<>();
  private final List<Promise<Void>> waitingForStore = new ArrayList<>();
  private boolean storing;
  private boolean wallChanged = true;
  private LocalDate kpiDay;
  private Timer decisionTimer;
  private Timer storedTimer;
  private long tickTimer = -1;
  private long wallTimer = -1;

  public CallDistributor(CallStore store, long epoch, Runnable stepDown, Clock clock, long tickMillis) {
    this.store = store;
    this.epoch = epoch;
    this.stepDown = stepDown;
    this.clock = clock;
    this.tickMillis = tickMillis;
  }

  @Override
  public Future<?> start() {
    // The operators' feeds and the wall reach every node's sockets; PBX commands stay on this node.
    nodes = new NodeBus(vertx);
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry != null) {
      // Histograms rather than client-side percentiles: they do not decay, so a window can be
      // read as the difference of two snapshots, and decisions take microseconds.
      decisionTimer = Timer.builder(DECISION_TIMER).description("from a call event to the distributor's decision")
          .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
          .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
      storedTimer = Timer.builder(STORED_TIMER).description("from a call event to its changes stored")
          .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
          .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    }
    Instant now = clock.instant();
    kpiDay = LocalDate.ofInstant(now, BusinessHours.ROME);
    return store.load(kpiDay.atStartOfDay(BusinessHours.ROME).toInstant()).compose(snapshot -> {
      center = rebuild(snapshot);
      seenEvents.addAll(snapshot.recentPbxEvents());
      LOG.info("Call distribution owned by this node (epoch {}): {} queues, {} operators, {} live calls recovered",
          epoch, snapshot.queues().size(), snapshot.operators().size(), snapshot.calls().size());
      // Local: other nodes reach it through this node's relay, by the node id stored with the epoch (CallControl).
      MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(CallAddresses.CONTROL, this::handle);
      tickTimer = vertx.setPeriodic(tickMillis, id -> tick());
      wallTimer = vertx.setPeriodic(1000, id -> publishWall(false));
      return consumer.completion();
    });
  }

  static CallCenter rebuild(CallRepository.Snapshot snapshot) {
    CallCenter center = new CallCenter();
    snapshot.queues().forEach(center::defineQueue);
    snapshot.roundRobin().forEach(center::restoreRoundRobin);
    snapshot.operators().forEach(center::restoreOperator);
    snapshot.memberships().forEach(center::setMemberships);
    snapshot.calls().forEach(center::restoreCall);
    snapshot.log().forEach(center::replayLog);
    center.drain();
    return center;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(wallTimer);
    return Future.succeededFuture();
  }

  // ------------------------------------------------------------------ commands

  private void handle(Message<JsonObject> msg) {
    long received = System.nanoTime();
    JsonObject body = msg.body();
    String type = body.getString("type", "");
    Instant now = clock.instant();
    try {
      Optional<OperatorCommands.Command> command = OperatorCommands.Command.ofType(type);
      if (command.isPresent()) {
        operatorCommand(msg, command.get(), body, now, received);
        return;
      }
      switch (type) {
        case "call.arrived", "call.answered", "call.ring-failed", "call.callback-requested", "call.ended" ->
            pbxEvent(msg, body, type, now, received);
        case "admin.queue" -> defineQueue(msg, body.getJsonObject("queue"));
        case "admin.operator" -> defineOperator(msg, body);
        case "read.wall" -> msg.reply(wall(now));
        case "read.queues" -> msg.reply(new JsonObject().put("items", new JsonArray(center.queues().values().stream()
            .map(CallJson::queueSettings).toList())));
        case "read.call" -> msg.reply(callStatus(body.getString("callId")));
        case "read.calls" -> msg.reply(new JsonObject().put("items", new JsonArray(center.liveCalls().stream()
            .map(c -> CallJson.call(c, center.positionOf(c.id()).orElse(null), center.estimatedWaitOf(c.id()).orElse(null)))
            .toList())));
        default -> fail(msg, Problem.badRequest("Tipo di evento sconosciuto: " + type));
      }
    } catch (CallRefused r) {
      fail(msg, Problem.of(r.refusal()));
    } catch (IllegalArgumentException e) {
      fail(msg, new Problem(422, "invalid-call-event", "Evento non valido", e.getMessage()));
    }
  }

  /** An operator's command, always for the operator the request names (the verified caller, see OperatorCommands). */
  private void operatorCommand(Message<JsonObject> msg, OperatorCommands.Command command, JsonObject body, Instant now,
                               long received) {
    String subject = body.getString("operator");
    if (command == OperatorCommands.Command.STATUS) {
      msg.reply(operatorStatus(subject, now));
      return;
    }
    // A switch expression: a command added to OperatorCommands does not compile until it is handled here.
    Supplier<JsonObject> change = switch (command) {
      case LOGIN -> () -> CallJson.operator(center.login(subject, strings(body.getJsonArray("queues")), now));
      case PAUSE -> () -> CallJson.operator(center.pause(subject, body.getString("reason"), now));
      case RESUME -> () -> CallJson.operator(center.resume(subject, now));
      case LOGOUT -> () -> CallJson.operator(center.logout(subject, now));
      case WRAPPED -> () -> CallJson.operator(center.wrapped(subject, now));
      case ANSWER -> () -> new JsonObject().put("callId", body.getString("callId"))
          .put("status", center.answered(body.getString("callId"), subject, now).wire());
      case STATUS -> throw new IllegalStateException("answered above");
    };
    step(msg, received, null, change);
  }

  private void pbxEvent(Message<JsonObject> msg, JsonObject body, String type, Instant now, long received) {
    String eventId = body.getString("eventId");
    String callId = body.getString("callId");
    if (eventId != null && seenEvents.contains(eventId)) {
      // A retried webhook: the first delivery changed everything it had to; say where the call is now.
      msg.reply(callStatus(callId).put("replayed", true));
      return;
    }
    CallRepository.PbxEventId id = eventId == null ? null : new CallRepository.PbxEventId(eventId, callId);
    Supplier<JsonObject> action = switch (type) {
      case "call.arrived" -> () -> {
        if (!center.queues().containsKey(body.getString("queue"))) {
          throw new CallRefused(Refusal.notFound("unknown-queue", "Coda sconosciuta: " + body.getString("queue")));
        }
        CallCenter.Admission a = center.arrive(callId, body.getString("queue"), callerNumber(body), null,
            body.getInteger("priority", 0), strings(body.getJsonArray("skills")), now);
        return new JsonObject().put("callId", callId).put("action", a.action()).put("position", a.position())
            .put("estimatedWaitSeconds", a.estimatedWaitSeconds()).put("text", a.text());
      };
      case "call.answered" -> () -> status(callId, center.answered(callId, body.getString("operator"), now));
      case "call.ring-failed" -> () -> status(callId, center.ringFailed(callId, body.getString("operator"), now));
      case "call.callback-requested" -> () -> status(callId, center.callbackRequested(callId, callbackNumber(body), now));
      default -> () -> status(callId, center.ended(callId, now));
    };
    if (eventId != null) {
      seenEvents.add(eventId);
    }
    step(msg, received, id, action);
  }

  /**
   * The caller's number in E.164, the form accounts are found by. A caller id that is no valid
   * number (an internal extension, "anonymous") counts as withheld: the call is queued all the
   * same, it is just nobody's and cannot be called back.
   */
  private static String callerNumber(JsonObject body) {
    return PhoneNumber.e164(body.getString("from")).orElse(null);
  }

  /** The number to call back, in E.164; one that is no valid number is refused (422), since nobody could dial it. */
  private static String callbackNumber(JsonObject body) {
    return PhoneNumber.e164(body.getString("number")).orElseThrow(() ->
        new IllegalArgumentException("Il numero da richiamare non è un numero di telefono valido."));
  }

  private static JsonObject status(String callId, coop.sportello.calls.domain.CallStatus status) {
    return new JsonObject().put("callId", callId).put("status", status.wire());
  }

  /** Applies one command to the model, stores what changed, then replies and tells the PBX and the screens. */
  private void step(Message<JsonObject> msg, long received, CallRepository.PbxEventId eventId, Supplier<JsonObject> action) {
    JsonObject reply;
    try {
      reply = action.get();
    } catch (RuntimeException e) {
      if (eventId != null) {
        seenEvents.remove(eventId.eventId());
      }
      // Refusals come before any change; should one ever come after, what changed is still stored.
      Changes partial = center.drain();
      if (!partial.isEmpty()) {
        store(partial, null).onSuccess(v -> announce(partial));
      }
      throw e;
    }
    Changes changes = center.drain();
    long decided = System.nanoTime();
    if (decisionTimer != null) {
      decisionTimer.record(decided - received, TimeUnit.NANOSECONDS);
    }
    store(changes, eventId).onSuccess(v -> {
      if (storedTimer != null) {
        storedTimer.record(System.nanoTime() - received, TimeUnit.NANOSECONDS);
      }
      announce(changes);
      msg.reply(reply);
    }).onFailure(e -> fail(msg, new Problem(503, "call-owner-unavailable", "Distribuzione non disponibile",
        "La distribuzione delle chiamate sta passando a un altro nodo: riprova tra un secondo.").header("Retry-After", "1")));
  }

  private void tick() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, BusinessHours.ROME);
    if (!today.equals(kpiDay)) {
      // KPIs are per day (Europe/Rome): start the new day's fold from its (still empty) log.
      kpiDay = today;
      center.kpis().queues().clear();
      center.kpis().operators().clear();
      wallChanged = true;
    }
    center.tick(now);
    Changes changes = center.drain();
    if (!changes.isEmpty()) {
      store(changes, null).onSuccess(v -> announce(changes));
    }
  }

  // ------------------------------------------------------------------ group commit

  /**
   * Queues a step's changes for the next transaction. Steps that arrive while a transaction is
   * running are stored together in the next one, in order; each step is answered only after its
   * own changes are committed.
   */
  private Future<Void> store(Changes changes, CallRepository.PbxEventId eventId) {
    if (changes.isEmpty() && eventId == null) {
      return Future.succeededFuture();
    }
    Promise<Void> stored = Promise.promise();
    unstored.add(changes);
    if (eventId != null) {
      unstoredEvents.add(eventId);
    }
    waitingForStore.add(stored);
    flush();
    return stored.future();
  }

  private void flush() {
    if (storing || waitingForStore.isEmpty()) {
      return;
    }
    List<Changes> changes = List.copyOf(unstored);
    List<CallRepository.PbxEventId> events = List.copyOf(unstoredEvents);
    List<Promise<Void>> promises = List.copyOf(waitingForStore);
    unstored.clear();
    unstoredEvents.clear();
    waitingForStore.clear();
    Map<String, String> roundRobin = new HashMap<>();
    changes.forEach(c -> c.queues().forEach(q -> roundRobin.put(q, center.roundRobinLast(q).orElse(null))));
    storing = true;
    store.store(epoch, new CallRepository.Batch(changes, events, roundRobin)).onComplete(ar -> {
      storing = false;
      if (ar.failed()) {
        // Memory is now ahead of the database: the only safe state is the stored one, so hand
        // ownership back; whoever owns next (maybe this node) rebuilds from PostgreSQL.
        LOG.error("Could not store call distribution changes; giving up ownership (epoch {})", epoch, ar.cause());
        promises.forEach(p -> p.fail(ar.cause()));
        stepDown.run();
        return;
      }
      promises.forEach(Promise::complete);
      flush();
    });
  }

  // ------------------------------------------------------------------ after commit

  private void announce(Changes changes) {
    wallChanged = true;
    for (PbxCommand command : changes.commands()) {
      // This node only: the PBX adapters run beside the owner, whose commands they carry.
      vertx.eventBus().publish(CallAddresses.PBX_COMMAND, CallJson.command(command), THIS_NODE);
    }
    for (LogEntry e : changes.log()) {
      if ("ENTER".equals(e.event()) && e.queueId() != null) {
        arrivals.computeIfAbsent(e.queueId(), k -> new ArrayDeque<>()).add(e.at());
      }
    }
    Set<String> stateChanged = new LinkedHashSet<>();
    for (Changes.Notice n : changes.notices()) {
      switch (n.kind()) {
        case "offer" -> offerToOperator(n.operator(), n.callId(), changes.calls().get(n.callId()));
        case "offer-withdrawn" -> nodes.publish(CallAddresses.operatorFeed(n.operator()),
            new JsonObject().put("kind", "offer-withdrawn").put("callId", n.callId()));
        default -> stateChanged.add(n.operator());
      }
    }
    for (String subject : stateChanged) {
      Operator.View view = changes.operators().get(subject);
      if (view != null) {
        nodes.publish(CallAddresses.operatorFeed(subject),
            new JsonObject().put("kind", "state").put("operator", CallJson.operator(view)));
      }
    }
  }

  /** The screen pop: the offer, with who is calling, their bookings and open chats. */
  private void offerToOperator(String subject, String callId, LiveCall.View call) {
    if (call == null) {
      return;
    }
    JsonObject callJson = CallJson.call(call, null, null);
    store.callerContext(callId, call.callbackNumber() != null ? call.callbackNumber() : call.from(), subject)
        .recover(e -> {
          LOG.warn("Could not look up the caller of {}", callId, e);
          return Future.succeededFuture(new JsonObject().put("number", call.from()));
        })
        .onSuccess(caller -> nodes.publish(CallAddresses.operatorFeed(subject),
            new JsonObject().put("kind", "offer").put("call", callJson).put("caller", caller)));
  }

  private void publishWall(boolean force) {
    Instant now = clock.instant();
    boolean someoneWaiting = center.queues().keySet().stream().anyMatch(q -> center.waitingIn(q) > 0);
    if (force || wallChanged || someoneWaiting) {
      wallChanged = false;
      nodes.publish(CallAddresses.WALL, wall(now));
    }
  }

  private JsonObject wall(Instant now) {
    Map<String, Double> rates = new HashMap<>();
    arrivals.keySet().forEach(queue -> rates.put(queue, arrivalRate(queue, now)));
    return CallJson.wall(center, rates, now);
  }

  /** Arrivals per second into the queue over the last 15 minutes. */
  private double arrivalRate(String queueId, Instant now) {
    Deque<Instant> times = arrivals.get(queueId);
    if (times == null) {
      return 0;
    }
    Instant from = now.minus(RATE_WINDOW);
    while (!times.isEmpty() && times.peekFirst().isBefore(from)) {
      times.pollFirst();
    }
    return times.size() / (double) RATE_WINDOW.getSeconds();
  }

  // ------------------------------------------------------------------ reads and configuration

  /**
   * Where a call is, with two estimates of the wait for announcements: the live one (callers
   * ahead times today's handle time, shared by the operators logged in) and Erlang C's average
   * wait for the queue's recent arrival rate.
   */
  private JsonObject callStatus(String callId) {
    Instant now = clock.instant();
    return center.callView(callId)
        .map(c -> {
          JsonObject json = CallJson.call(c, center.positionOf(callId).orElse(null), center.estimatedWaitOf(callId).orElse(null));
          double asa = coop.sportello.calls.domain.ErlangC.predict(arrivalRate(c.queueId(), now),
              center.handleSeconds(c.queueId()), center.staffed(c.queueId()), 0).asaSeconds();
          return json.put("erlangCWaitSeconds", Double.isFinite(asa) ? Math.round(asa) : null);
        })
        .orElse(new JsonObject().put("callId", callId).put("status", "ended"));
  }

  private JsonObject operatorStatus(String subject, Instant now) {
    return center.operatorView(subject).map(o -> new JsonObject().put("operator", CallJson.operator(o))
            .put("memberOf", new JsonArray(List.copyOf(center.queuesOf(subject))))
            .put("call", o.currentCall() == null ? null : callStatus(o.currentCall())))
        .orElseThrow(() -> new CallRefused(Refusal.notFound("unknown-operator",
            "Nessun profilo da operatore: chiedi a un supervisore di aggiungerti a una coda.")));
  }

  private void defineQueue(Message<JsonObject> msg, JsonObject json) {
    QueueSettings settings = CallJson.queueSettings(json);
    if (settings.overflowQueue() != null && !center.queues().containsKey(settings.overflowQueue())) {
      throw new IllegalArgumentException("La coda di trabocco " + settings.overflowQueue() + " non esiste");
    }
    store.saveQueue(settings).onSuccess(v -> {
      center.defineQueue(settings);
      wallChanged = true;
      msg.reply(CallJson.queueSettings(settings));
    }).onFailure(e -> fail(msg, e));
  }

  private void defineOperator(Message<JsonObject> msg, JsonObject body) {
    String subject = body.getString("subject");
    Map<String, Integer> levels = new LinkedHashMap<>();
    for (Object o : body.getJsonArray("queues", new JsonArray())) {
      JsonObject m = (JsonObject) o;
      if (!center.queues().containsKey(m.getString("queue"))) {
        throw new IllegalArgumentException("Coda sconosciuta: " + m.getString("queue"));
      }
      levels.put(m.getString("queue"), m.getInteger("level", 1));
    }
    Set<String> skills = strings(body.getJsonArray("skills"));
    store.saveOperator(subject, body.getString("name"), body.getString("endpoint"), skills, levels).onSuccess(v -> {
      center.defineOperator(subject, body.getString("name"), body.getString("endpoint"), skills, clock.instant());
      center.setMemberships(subject, levels);
      Changes changes = center.drain();
      store(changes, null).onComplete(ar -> {
        wallChanged = true;
        msg.reply(operatorStatus(subject, clock.instant()));
      });
    }).onFailure(e -> fail(msg, e));
  }

  private static void fail(Message<?> msg, Throwable failure) {
    BusReplies.fail(msg, failure, LOG);
  }


  private static Set<String> strings(JsonArray array) {
    Set<String> out = new LinkedHashSet<>();
    if (array != null) {
      array.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }
}
