package coop.sportello.calls;

import coop.sportello.calls.domain.Kpis;
import io.vertx.core.json.JsonObject;

/** KPI figures as JSON: the same shape on the live wall and in the recomputation from the log. */
final class KpiJson {

  private KpiJson() { }

  static JsonObject queue(Kpis.QueueTotals t) {
    return new JsonObject().put("offered", t.offered()).put("answered", t.answered()).put("abandoned", t.abandoned())
        .put("overflowed", t.overflowed()).put("callbacks", t.callbacks()).put("closed", t.closed())
        .put("refused", t.refused()).put("handled", t.handled())
        .put("serviceLevel", t.serviceLevel()).put("serviceLevelWithAbandoned", t.serviceLevelWithAbandoned())
        .put("asaSeconds", t.asaSeconds()).put("ahtSeconds", t.ahtSeconds()).put("abandonRate", t.abandonRate())
        .put("longestAnsweredWaitSeconds", t.longestAnsweredWaitMs() / 1000.0);
  }

  static JsonObject operator(Kpis.OperatorTotals t) {
    return new JsonObject().put("answered", t.answered()).put("unanswered", t.unanswered())
        .put("talkSeconds", t.talkMs() / 1000.0).put("wrapSeconds", t.wrapMs() / 1000.0)
        .put("pausedSeconds", t.pausedMs() / 1000.0).put("occupancy", t.occupancy());
  }

  static JsonObject of(Kpis kpis) {
    JsonObject queues = new JsonObject();
    kpis.queues().forEach((id, t) -> queues.put(id, queue(t)));
    JsonObject operators = new JsonObject();
    kpis.operators().forEach((subject, t) -> operators.put(subject, operator(t)));
    return new JsonObject().put("queues", queues).put("operators", operators);
  }
}
