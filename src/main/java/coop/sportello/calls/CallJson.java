package coop.sportello.calls;

import coop.sportello.calls.domain.CallCenter;
import coop.sportello.calls.domain.ErlangC;
import coop.sportello.calls.domain.Kpis;
import coop.sportello.calls.domain.LiveCall;
import coop.sportello.calls.domain.Operator;
import coop.sportello.calls.domain.OperatorState;
import coop.sportello.calls.domain.PbxCommand;
import coop.sportello.calls.domain.QueueSettings;
import coop.sportello.calls.domain.Strategy;
import coop.sportello.chat.domain.BusinessHours;
import coop.sportello.platform.domain.PhoneNumber;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/** The call queue's JSON shapes (see {@link CallAddresses}). */
final class CallJson {

  private CallJson() { }

  static JsonObject command(PbxCommand c) {
    JsonObject json = new JsonObject().put("callId", c.callId());
    if (c instanceof PbxCommand.Route r) {
      return json.put("command", "route").put("operator", r.operator()).put("endpoint", r.endpoint())
          .put("ringSeconds", r.ringSeconds()).put("callback", r.callback()).put("number", r.number());
    }
    if (c instanceof PbxCommand.CancelRing r) {
      return json.put("command", "cancel-ring").put("operator", r.operator()).put("endpoint", r.endpoint());
    }
    if (c instanceof PbxCommand.Announce a) {
      return json.put("command", "announce").put("position", a.position()).put("estimatedWaitSeconds", a.estimatedWaitSeconds());
    }
    PbxCommand.Hangup h = (PbxCommand.Hangup) c;
    return json.put("command", "hangup").put("reason", h.reason()).put("text", h.text());
  }

  static JsonObject call(LiveCall.View c, Integer position, Long estimatedWait) {
    return new JsonObject().put("callId", c.id()).put("queue", c.queueId()).put("from", c.from())
        .put("status", c.status().wire()).put("priority", c.priority()).put("arrivedAt", c.arrivedAt().toString())
        .put("queueEnteredAt", c.queueEnteredAt().toString()).put("operator", c.operator())
        .put("ringing", new JsonArray(c.ringing().stream().toList())).put("callback", c.callbackNumber() != null)
        .put("position", position).put("estimatedWaitSeconds", estimatedWait);
  }

  /** A call as stored, for the supervisor's history (notes and person are added by the reader). */
  static JsonObject storedCall(String id, String queue, String from, String status, Instant arrivedAt, Instant answeredAt,
                               Instant endedAt, String operator, String operatorName, boolean callback) {
    return new JsonObject().put("callId", id).put("queue", queue).put("from", from)
        .put("fromDisplay", PhoneNumber.display(from).orElse(null)).put("status", status)
        .put("arrivedAt", arrivedAt.toString()).put("answeredAt", answeredAt == null ? null : answeredAt.toString())
        .put("endedAt", endedAt == null ? null : endedAt.toString()).put("operator", operator)
        .put("operatorName", operatorName).put("callback", callback);
  }

  /**
   * The screen pop's caller before anyone is recognised: the number in E.164 as stored and as
   * people dial it (null when withheld), no bookings, no chats.
   */
  static JsonObject caller(String number) {
    return new JsonObject().put("number", number).put("numberDisplay", PhoneNumber.display(number).orElse(null))
        .put("bookings", new JsonArray()).put("chats", new JsonArray()).putNull("openConversationId");
  }

  /** The screen pop's caller once recognised: the person, their upcoming bookings and open chat. */
  static JsonObject recognised(JsonObject caller, JsonObject person, JsonArray upcomingBookings, JsonArray openChats) {
    return caller.put("person", person).put("bookings", upcomingBookings).put("chats", openChats)
        .put("openConversationId", openChats.isEmpty() ? null : openChats.getJsonObject(0).getString("conversationId"));
  }

  static JsonObject operator(Operator.View o) {
    return new JsonObject().put("subject", o.subject()).put("name", o.name()).put("endpoint", o.endpoint())
        .put("skills", new JsonArray(o.skills().stream().sorted().toList())).put("state", o.state().wire())
        .put("since", o.stateSince().toString()).put("pauseReason", o.pauseReason())
        .put("wrapUntil", o.wrapUntil() == null ? null : o.wrapUntil().toString()).put("currentCall", o.currentCall())
        .put("callsTaken", o.callsTaken()).put("queues", new JsonArray(o.loggedQueues().stream().toList()));
  }

  static JsonObject queueSettings(QueueSettings q) {
    return new JsonObject().put("id", q.id()).put("name", q.name()).put("priority", q.priority())
        .put("strategy", q.strategy().wire()).put("maxLength", q.maxLength()).put("joinWhenEmpty", q.joinWhenEmpty())
        .put("leaveWhenEmpty", q.leaveWhenEmpty()).put("overflowQueue", q.overflowQueue())
        .put("overflowSeconds", q.overflowQueue() == null ? null : q.overflowSeconds())
        .put("serviceLevel", new JsonObject().put("percent", q.slTargetPercent()).put("seconds", q.slSeconds()))
        .put("wrapUpSeconds", q.wrapUpSeconds()).put("ringSeconds", q.ringSeconds())
        .put("autoPauseAfter", q.autoPauseAfter()).put("announceSeconds", q.announceSeconds())
        .put("businessHours", new JsonArray(q.hours().lines())).put("closedCallback", q.closedCallback())
        .put("closedMessage", q.closedMessage()).put("defaultHandleSeconds", q.defaultHandleSeconds());
  }

  /** Reads a queue's settings as the admin API takes them (already validated against its schema). */
  static QueueSettings queueSettings(JsonObject q) {
    JsonObject sl = q.getJsonObject("serviceLevel", new JsonObject());
    JsonArray hours = q.getJsonArray("businessHours", new JsonArray().add("MON-FRI 08:30-18:30").add("SAT 09:00-13:00"));
    return new QueueSettings(q.getString("id"), q.getString("name"), q.getInteger("priority", 0),
        Strategy.fromWire(q.getString("strategy", "longest_idle")).orElseThrow(() ->
            new IllegalArgumentException("Strategia sconosciuta: " + q.getString("strategy"))),
        q.getInteger("maxLength", 200), q.getBoolean("joinWhenEmpty", true), q.getBoolean("leaveWhenEmpty", false),
        q.getString("overflowQueue"), q.getInteger("overflowSeconds", 0), sl.getInteger("seconds", 20),
        sl.getInteger("percent", 80), q.getInteger("wrapUpSeconds", 30), q.getInteger("ringSeconds", 20),
        q.getInteger("autoPauseAfter", 3), q.getInteger("announceSeconds", 45),
        BusinessHours.parse(hours.stream().map(String::valueOf).toList()), q.getBoolean("closedCallback", false),
        q.getString("closedMessage", "Il servizio è chiuso. Richiamate nei giorni feriali dalle 8:30 alle 18:30."),
        q.getInteger("defaultHandleSeconds", 240));
  }

  /** The supervisors' wall: every queue's live figures and KPIs, every operator's state and totals. */
  static JsonObject wall(CallCenter center, java.util.Map<String, Double> arrivalRates,
                         Instant now) {
    JsonArray queues = new JsonArray();
    for (QueueSettings q : center.queues().values()) {
      Kpis.QueueTotals t = center.kpis().queue(q.id());
      int staffed = center.staffed(q.id());
      double rate = arrivalRates.getOrDefault(q.id(), 0.0);
      double handle = center.handleSeconds(q.id());
      ErlangC.Prediction prediction = ErlangC.predict(rate, handle, staffed, q.slSeconds());
      JsonObject erlang = new JsonObject().put("arrivalsPerHour", round(rate * 3600)).put("handleSeconds", round(handle))
          .put("agents", staffed).put("probabilityOfWaiting", finite(prediction.probabilityOfWaiting()))
          .put("asaSeconds", finite(prediction.asaSeconds())).put("serviceLevel", finite(prediction.serviceLevel()));
      if (rate > 0) {
        try {
          erlang.put("suggestedAgents", ErlangC.staffing(rate, handle, q.slSeconds(), q.slTargetPercent() / 100.0).agents());
        } catch (IllegalArgumentException beyondAnyStaff) {
          // More agents than Erlang C is asked to count: the wall still shows everything else.
          erlang.putNull("suggestedAgents");
        }
      }
      long available = center.operators().stream()
          .filter(o -> o.state() == OperatorState.AVAILABLE && o.loggedQueues().contains(q.id())).count();
      queues.add(KpiJson.queue(t).put("id", q.id()).put("name", q.name())
          .put("waiting", center.waitingIn(q.id())).put("longestWaitSeconds", center.longestWaitSeconds(q.id(), now))
          .put("staffed", staffed).put("available", available)
          .put("target", new JsonObject().put("percent", q.slTargetPercent()).put("seconds", q.slSeconds()))
          .put("erlangC", erlang));
    }
    JsonArray operators = new JsonArray();
    for (Operator.View o : center.operators()) {
      Kpis.OperatorTotals t = center.kpis().operator(o.subject());
      operators.add(operator(o).mergeIn(KpiJson.operator(t))
          .put("inStateSeconds", Duration.between(o.stateSince(), now).getSeconds()));
    }
    return new JsonObject().put("kind", "kpi").put("at", now.toString()).put("queues", queues).put("operators", operators)
        .put("kpis", KpiJson.of(center.kpis()));
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? round(d) : null;
  }

  private static double round(double d) {
    return Math.round(d * 1000) / 1000.0;
  }
}
