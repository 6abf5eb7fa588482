package coop.sportello.calls;

import coop.sportello.calls.domain.ErlangC;
import coop.sportello.calls.domain.Kpis;
import coop.sportello.calls.domain.LogEntry;
import coop.sportello.chat.domain.BusinessHours;
import coop.sportello.people.PeopleService;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Concern;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the call queue's routes ask for, one method each: changes and live state go to the
 * distribution owner ({@link CallControl}), which stores them before it answers; the day's KPIs
 * are folded again from the stored log; the staffing forecast is Erlang C.
 */
public final class CallService {

  /** The supervisor's history lists at most this many calls of a day. */
  static final int HISTORY_LIMIT = 2000;

  private final CallControl control;
  private final CallStore store;
  private final int afterCallMinutes;

  /**
   * @param afterCallMinutes how long after a call ends its operator may still write its notes and
   *                         read the caller's upcoming bookings
   */
  public CallService(CallControl control, CallStore store, int afterCallMinutes) {
    this.control = control;
    this.store = store;
    this.afterCallMinutes = afterCallMinutes;
  }

  // ------------------------------------------------------------------ the PBX

  /** One call event from the PBX (see {@link CallAddresses}); the owner's reply. */
  public Future<JsonObject> pbxEvent(JsonObject event) {
    return control.ask(event);
  }

  /** Where a call is and its estimated wait, for the PBX's announcements. */
  public Future<JsonObject> call(String callId) {
    return control.ask(read("read.call").put("callId", callId));
  }

  // ------------------------------------------------------------------ operators and supervisors

  public Future<JsonObject> wall() {
    return control.ask(read("read.wall"));
  }

  /** The calls in flight, each with the notes its operator wrote so far (or null). */
  public Future<JsonObject> liveCalls() {
    return control.ask(read("read.calls")).compose(live -> {
      List<String> ids = live.getJsonArray("items").stream().map(c -> ((JsonObject) c).getString("callId")).toList();
      return store.notesOf(ids).map(notes -> {
        live.getJsonArray("items").forEach(c -> ((JsonObject) c).put("notes", notes.get(((JsonObject) c).getString("callId"))));
        return live;
      });
    });
  }

  /** The calls that arrived on a day (Europe/Rome), with who answered and their notes: {day, items[]}. */
  public Future<JsonObject> history(LocalDate day) {
    Instant from = day.atStartOfDay(BusinessHours.ROME).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(BusinessHours.ROME).toInstant();
    return store.history(from, to, HISTORY_LIMIT).map(items -> new JsonObject().put("day", day.toString()).put("items", items));
  }

  /**
   * The operator's notes on a call they answered, while it goes on or in the minutes after
   * ({@code afterCallMinutes}); each save replaces the text. 404 call-not-found otherwise.
   */
  public Future<Idempotency.Outcome> saveNotes(Identity operator, String callId, String notes, Idempotency.Key key) {
    return store.saveNotes(key, callId, operator.subject(), notes, afterCallMinutes);
  }

  /**
   * The call queue's {@code ConcernCheck}: an operator (who is not also a supervisor) reads about
   * a person ({@code Concern.person}) only while on a call with them, or for
   * {@code afterCallMinutes} after it ended, the person being the one the screen pop recognised.
   * Anyone else, and every other concern, is not this module's to judge (operators book for
   * callers as before).
   */
  public Future<Optional<Refusal>> mayActFor(Identity who, Concern concern, String value) {
    if (concern.kind() != Concern.Kind.PERSON || !who.hasRole(Role.OPERATOR) || who.hasRole(Role.SUPERVISOR)) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.servedLately(who.subject(), UUID.fromString(value), afterCallMinutes)
        .map(served -> served ? Optional.<Refusal>empty() : Optional.of(PeopleService.NOT_FOUND));
  }

  public Future<JsonObject> queues() {
    return control.ask(read("read.queues"));
  }

  /** Creates or changes a queue; {@code queue} is its validated settings with its id. */
  public Future<JsonObject> defineQueue(JsonObject queue) {
    return control.ask(new JsonObject().put("type", "admin.queue").put("queue", queue));
  }

  /** Creates or changes an operator's profile and queue memberships. */
  public Future<JsonObject> defineOperator(String subject, JsonObject profile) {
    return control.ask(profile.copy().put("type", "admin.operator").put("subject", subject));
  }

  /**
   * The operator's account was disabled: they leave every queue and go offline, as if they had
   * logged out themselves (refused with 409 busy while they are on a call).
   */
  public Future<JsonObject> signOut(String subject) {
    return control.ask(new JsonObject().put("type", OperatorCommands.Command.LOGOUT.type()).put("operator", subject));
  }

  /** One of the operator's own commands, with its validated body. */
  public Future<JsonObject> operatorCommand(Identity operator, OperatorCommands.Command command, JsonObject body) {
    return control.ask(command.request(operator, body));
  }

  /** Erlang C: the operators needed for the target service level at a forecast, and the levels around it. */
  public JsonObject staffing(double arrivalsPerHour, double handleSeconds, double thresholdSeconds, double targetPercent) {
    ErlangC.Staffing s;
    try {
      s = ErlangC.staffing(arrivalsPerHour / 3600, handleSeconds, thresholdSeconds, targetPercent / 100);
    } catch (IllegalArgumentException e) {
      throw new Problem(422, "staffing-out-of-range", "Calcolo impossibile", e.getMessage());
    }
    ErlangC.Prediction p = s.prediction();
    JsonArray around = new JsonArray();
    for (int n = Math.max(1, s.agents() - 2); n <= s.agents() + 2; n++) {
      ErlangC.Prediction q = ErlangC.predict(arrivalsPerHour / 3600, handleSeconds, n, thresholdSeconds);
      around.add(new JsonObject().put("agents", n).put("serviceLevel", finite(q.serviceLevel()))
          .put("asaSeconds", finite(q.asaSeconds())).put("occupancy", finite(q.occupancy())));
    }
    return new JsonObject().put("agents", s.agents()).put("traffic", p.traffic())
        .put("probabilityOfWaiting", p.probabilityOfWaiting()).put("asaSeconds", p.asaSeconds())
        .put("serviceLevel", p.serviceLevel()).put("occupancy", p.occupancy()).put("table", around);
  }

  /** The KPIs of a day (Europe/Rome) folded again from the stored log, with each queue's service-level threshold. */
  public Future<JsonObject> recomputedKpis(LocalDate day) {
    Instant from = day.atStartOfDay(BusinessHours.ROME).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(BusinessHours.ROME).toInstant();
    return queues().compose(queues -> store.logSince(from).map(log -> {
      Map<String, Integer> thresholds = new HashMap<>();
      queues.getJsonArray("items").forEach(q -> thresholds.put(((JsonObject) q).getString("id"),
          ((JsonObject) q).getJsonObject("serviceLevel").getInteger("seconds")));
      Kpis kpis = new Kpis(id -> thresholds.getOrDefault(id, 20));
      for (LogEntry e : log) {
        if (e.at().isBefore(to)) {
          kpis.apply(e);
        }
      }
      return KpiJson.of(kpis).put("day", day.toString());
    }));
  }

  private static JsonObject read(String type) {
    return new JsonObject().put("type", type);
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
