package coop.sportello.calls;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls through the signed PBX webhook and the operator's console socket, as a real PBX and browser drive them. */
class CallQueueFlowTest extends AppTestBase {

  private CallCenterFixture center;

  @Override
  protected JsonObject overrides() {
    return CallCenterFixture.alwaysOpen();
  }

  @BeforeAll
  void fixture() {
    center = new CallCenterFixture(vertx, app.pool(), http, app.port(), "flusso");
  }

  @Test
  void aCallFromArrivalThroughScreenPopAndAnswerToWrapUp() {
    center.queue("flusso-anziani", "longest_idle", new JsonObject().put("wrapUpSeconds", 2));
    CallCenterFixture.Operator federica = center.operator("flusso.federica", "flusso-anziani");
    UUID caller = await(TestAccounts.create(vertx, app.pool(), "flusso.chiamante", "citizen"));
    await(app.pool().preparedQuery("UPDATE accounts SET phone = '+393470000001' WHERE id = $1").execute(Tuple.of(caller)));

    JsonObject login = federica.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    assertEquals("available", login.getString("state"));

    String call = CallCenterFixture.callId();
    JsonObject eventArrived = new JsonObject().put("eventId", "arr-" + call).put("type", "call.arrived").put("callId", call)
        .put("queue", "flusso-anziani").put("from", "+393470000001");
    JsonObject admitted = center.pbx(eventArrived).bodyAsJsonObject();
    assertEquals("queued", admitted.getString("action"));

    waitFor(() -> !center.commands("route", call).isEmpty(), "the PBX to be told to ring the operator");
    JsonObject route = center.commands("route", call).get(0);
    assertEquals("PJSIP/flusso-federica", route.getString("endpoint"));
    assertEquals(federica.subject(), route.getString("operator"));

    // The PBX retries the same webhook: nothing changes, nobody is rung twice.
    JsonObject replayed = center.pbx(eventArrived).bodyAsJsonObject();
    assertTrue(replayed.getBoolean("replayed"));

    waitFor(() -> !federica.offers().isEmpty(), "the screen pop");
    JsonObject pop = federica.offers().get(0);
    assertEquals(call, pop.getJsonObject("call").getString("callId"));
    assertEquals("Utente flusso.chiamante", pop.getJsonObject("caller").getJsonObject("person").getString("name"));
    assertEquals(caller.toString(), pop.getJsonObject("caller").getJsonObject("person").getString("id"));
    assertEquals(0, pop.getJsonObject("caller").getJsonArray("bookings").size());
    assertEquals(0, pop.getJsonObject("caller").getJsonArray("chats").size());

    JsonObject answered = federica.ask(CallAddresses.OPERATOR_ANSWER, new JsonObject().put("callId", call));
    assertEquals("on_call", answered.getString("status"));
    center.event("call.ended", call, new JsonObject());
    JsonObject status = federica.ask("calls.operator.status", new JsonObject());
    assertEquals("wrap_up", status.getJsonObject("operator").getString("state"));
    waitFor(() -> "available".equals(federica.ask("calls.operator.status", new JsonObject())
        .getJsonObject("operator").getString("state")), "the wrap-up to end by itself");

    JsonObject queue = center.queueOnWall("flusso-anziani");
    assertEquals(1L, queue.getLong("offered"));
    assertEquals(1L, queue.getLong("answered"));
    assertEquals(1L, queue.getLong("handled"));
    assertEquals(1.0, queue.getDouble("serviceLevel"));
    assertEquals(1, center.commands("route", call).size());
  }

  @Test
  void theScreenPopFindsTheCallerHoweverThePbxWritesTheirNumber() {
    UUID caller = await(TestAccounts.create(vertx, app.pool(), "flusso.numeri", "citizen"));
    await(app.pool().preparedQuery("UPDATE accounts SET phone = '+393470000088' WHERE id = $1").execute(Tuple.of(caller)));
    center.queue("flusso-numeri", "longest_idle", new JsonObject());
    CallCenterFixture.Operator ornella = center.operator("flusso.ornella", "flusso-numeri");
    ornella.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());

    for (String written : List.of("3470000088", "00393470000088", "+39 347 000 0088")) {
      String call = CallCenterFixture.callId();
      center.arrive(call, "flusso-numeri", written);
      waitFor(() -> ornella.offers().stream().anyMatch(o -> call.equals(o.getJsonObject("call").getString("callId"))),
          "the screen pop of a call from " + written);
      JsonObject offer = ornella.offers().stream().filter(o -> call.equals(o.getJsonObject("call").getString("callId")))
          .findFirst().orElseThrow();
      assertEquals(caller.toString(), offer.getJsonObject("caller").getJsonObject("person").getString("id"), written);
      assertEquals("+393470000088", offer.getJsonObject("call").getString("from"), written);
      ornella.ask(CallAddresses.OPERATOR_ANSWER, new JsonObject().put("callId", call));
      center.event("call.ended", call, new JsonObject());
    }
  }

  @Test
  void aCallBackNumberThatIsNoPhoneNumberIsRefusedAndAGoodOneIsKeptInE164() {
    center.queue("flusso-numero-errato", "longest_idle", new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "flusso-numero-errato", "3470000089");

    for (String noNumber : List.of("0000000", "347 000")) {
      var refused = center.pbx(new JsonObject().put("eventId", UUID.randomUUID().toString())
          .put("type", "call.callback-requested").put("callId", call).put("number", noNumber));
      assertEquals(422, refused.statusCode(), noNumber + ": " + refused.bodyAsString());
      assertEquals("application/problem+json", refused.getHeader("Content-Type"));
    }
    assertEquals("callback", center.event("call.callback-requested", call, new JsonObject().put("number", "347 000 0089"))
        .getString("status"));
    JsonObject stored = await(app.pool().preparedQuery("SELECT caller_number, callback_number FROM calls WHERE id = $1")
        .execute(Tuple.of(call))).iterator().next().toJson();
    assertEquals("+393470000089", stored.getString("caller_number"));
    assertEquals("+393470000089", stored.getString("callback_number"));
  }

  @Test
  void aQueuedCallBackKeepsTheCallersPlace() {
    center.queue("flusso-richiamata", "longest_idle", new JsonObject());
    CallCenterFixture.Operator silvia = center.operator("flusso.silvia", "flusso-richiamata");
    String first = CallCenterFixture.callId();
    String second = CallCenterFixture.callId();
    assertEquals(1, center.arrive(first, "flusso-richiamata", "+393470000002").getInteger("position"));
    assertEquals(2, center.arrive(second, "flusso-richiamata", "+393470000003").getInteger("position"));

    JsonObject kept = center.event("call.callback-requested", first, new JsonObject().put("number", "+393470000002"));
    assertEquals("callback", kept.getString("status"));
    waitFor(() -> !center.commands("hangup", first).isEmpty(), "the caller to be let go");
    assertEquals("callback-registered", center.commands("hangup", first).get(0).getString("reason"));
    // The caller who hung up is still first in line.
    JsonObject position = await(http.client().get("/api/v1/telephony/calls/" + first)
        .putHeader(PbxSignature.HEADER, PbxSignature.sign(CallCenterFixture.SECRET, System.currentTimeMillis() / 1000,
            ("/api/v1/telephony/calls/" + first).getBytes())).send()).bodyAsJsonObject();
    assertEquals(1, position.getInteger("position"));
    assertTrue(position.containsKey("estimatedWaitSeconds"));
    assertTrue(position.containsKey("erlangCWaitSeconds"));

    silvia.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    waitFor(() -> !center.commands("route", first).isEmpty(), "the call-back to be offered first");
    JsonObject route = center.commands("route", first).get(0);
    assertTrue(route.getBoolean("callback"));
    assertEquals("+393470000002", route.getString("number"));
    assertTrue(center.commands("route", second).isEmpty());
    center.event("call.answered", first, new JsonObject().put("operator", silvia.subject()));
    center.event("call.ended", first, new JsonObject());
    waitFor(() -> !center.commands("route", second).isEmpty(), "the next caller to be offered");
    assertEquals(1L, center.queueOnWall("flusso-richiamata").getLong("callbacks"));
  }

  @Test
  void anAbandonIsCountedWithItsPositionAndWait() {
    center.queue("flusso-abbandoni", "longest_idle", new JsonObject());
    String first = CallCenterFixture.callId();
    String second = CallCenterFixture.callId();
    center.arrive(first, "flusso-abbandoni", "+393470000004");
    center.arrive(second, "flusso-abbandoni", "+393470000005");
    center.event("call.ended", second, new JsonObject());
    JsonObject queue = center.queueOnWall("flusso-abbandoni");
    assertEquals(2L, queue.getLong("offered"));
    assertEquals(1L, queue.getLong("abandoned"));
    assertEquals(1, queue.getInteger("waiting"));
    assertEquals(0.5, queue.getDouble("abandonRate"));
    JsonObject logged = await(app.pool().preparedQuery("SELECT position, wait_ms FROM call_log WHERE call_id = $1 AND event = 'ABANDON'")
        .execute(Tuple.of(second))).iterator().next().toJson();
    assertEquals(2, logged.getInteger("position"));
    assertTrue(logged.getLong("wait_ms") >= 0);
  }

  @Test
  void overflowMovesAWaitingCallerToTheOtherQueue() {
    center.queue("flusso-riserva", "longest_idle", new JsonObject());
    center.queue("flusso-piena", "longest_idle", new JsonObject().put("overflowQueue", "flusso-riserva").put("overflowSeconds", 1));
    CallCenterFixture.Operator matteo = center.operator("flusso.matteo", "flusso-riserva");
    matteo.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "flusso-piena", "+393470000006");
    waitFor(() -> !center.commands("route", call).isEmpty(), "the overflowed call to reach the other queue's operator");
    assertEquals(matteo.subject(), center.commands("route", call).get(0).getString("operator"));
    assertEquals(1L, center.queueOnWall("flusso-piena").getLong("overflowed"));
    center.event("call.answered", call, new JsonObject().put("operator", matteo.subject()));
    center.event("call.ended", call, new JsonObject());
  }

  @Test
  void anUnansweredOfferPausesTheOperatorAndTheCallGoesBackInLine() {
    center.queue("flusso-squillo", "longest_idle", new JsonObject().put("ringSeconds", 5).put("autoPauseAfter", 1));
    CallCenterFixture.Operator nicola = center.operator("flusso.nicola", "flusso-squillo");
    nicola.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "flusso-squillo", "+393470000007");
    waitFor(() -> !center.commands("route", call).isEmpty(), "the offer");
    waitFor(() -> !center.commands("cancel-ring", call).isEmpty(), "the ring timeout");
    JsonObject state = nicola.ask("calls.operator.status", new JsonObject()).getJsonObject("operator");
    assertEquals("paused", state.getString("state"));
    assertTrue(state.getString("pauseReason").startsWith("auto"));
    JsonObject waiting = center.queueOnWall("flusso-squillo");
    assertEquals(1, waiting.getInteger("waiting"));
    nicola.ask(CallAddresses.OPERATOR_RESUME, new JsonObject());
    waitFor(() -> center.commands("route", call).size() == 2, "the call offered again once the operator is back");
    nicola.ask(CallAddresses.OPERATOR_ANSWER, new JsonObject().put("callId", call));
    center.event("call.ended", call, new JsonObject());
  }

  @Test
  void theKpisRecomputedFromTheStoredLogEqualTheLiveOnes() {
    center.queue("flusso-kpi", "round_robin", new JsonObject().put("wrapUpSeconds", 1));
    CallCenterFixture.Operator a = center.operator("flusso.kpi.a", "flusso-kpi");
    CallCenterFixture.Operator b = center.operator("flusso.kpi.b", "flusso-kpi");
    a.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    b.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    for (int i = 0; i < 6; i++) {
      String call = CallCenterFixture.callId();
      center.arrive(call, "flusso-kpi", "+39347000010" + i);
      if (i % 3 == 2) {
        center.event("call.ended", call, new JsonObject());
        continue;
      }
      waitFor(() -> !center.commands("route", call).isEmpty(), "the offer");
      String operator = center.commands("route", call).get(0).getString("operator");
      center.event("call.answered", call, new JsonObject().put("operator", operator));
      center.event("call.ended", call, new JsonObject());
    }
    a.ask(CallAddresses.OPERATOR_LOGOUT, new JsonObject());
    b.ask(CallAddresses.OPERATOR_LOGOUT, new JsonObject());
    JsonObject live = center.wall().getJsonObject("kpis");
    JsonObject recomputed = await(http.get("/api/v1/calls/kpis/recomputed", center.supervisorToken())).bodyAsJsonObject();
    assertEquals(live.getJsonObject("queues"), recomputed.getJsonObject("queues"));
    assertEquals(live.getJsonObject("operators"), recomputed.getJsonObject("operators"));
    JsonObject kpi = live.getJsonObject("queues").getJsonObject("flusso-kpi");
    assertEquals(6L, kpi.getLong("offered"));
    assertTrue(kpi.getLong("answered") >= 2L);
    assertNull(live.getJsonObject("queues").getJsonObject("nessuna"));
  }

  @Test
  void theOperatorSeesTheCallersBookingsAndBooksForThemFromTheScreenPop() {
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "flusso.admin", "provider_admin"));
    List<String> slots = new CatalogFixture(http, await(http.accessToken("flusso.admin"))).homeCareOn(day).slotsOn(day);

    UUID caller = await(TestAccounts.create(vertx, app.pool(), "flusso.signora", "citizen"));
    await(app.pool().preparedQuery("UPDATE accounts SET phone = '+393470000042' WHERE id = $1").execute(Tuple.of(caller)));
    String callerToken = await(http.accessToken("flusso.signora"));
    String earlier = await(http.post("/api/v1/bookings/holds", callerToken, new JsonObject().put("slotId", slots.get(0))))
        .bodyAsJsonObject().getString("id");
    assertEquals(200, await(http.post("/api/v1/bookings/" + earlier + "/confirm", callerToken, new JsonObject())).statusCode());

    center.queue("flusso-prenota", "longest_idle", new JsonObject());
    CallCenterFixture.Operator federico = center.operator("flusso.federico", "flusso-prenota");
    federico.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "flusso-prenota", "+393470000042");
    waitFor(() -> !federico.offers().isEmpty(), "the screen pop");
    JsonObject pop = federico.offers().get(0).getJsonObject("caller");
    assertEquals(earlier, pop.getJsonArray("bookings").getJsonObject(0).getString("id"));
    federico.ask(CallAddresses.OPERATOR_ANSWER, new JsonObject().put("callId", call));

    // On the phone: the operator books the second hour for the caller, on their behalf.
    String person = pop.getJsonObject("person").getString("id");
    JsonObject held = await(http.post("/api/v1/bookings/holds", federico.token(), new JsonObject()
        .put("slotId", slots.get(1)).put("forPerson", person))).bodyAsJsonObject();
    assertEquals(200, await(http.post("/api/v1/bookings/" + held.getString("id") + "/confirm", federico.token(),
        new JsonObject())).statusCode());
    JsonObject row = await(app.pool().preparedQuery("SELECT person, acted_by, status FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(held.getString("id"))))).iterator().next().toJson();
    assertEquals(person, row.getString("person"));
    assertEquals(federico.subject(), String.valueOf(row.getValue("acted_by")));
    assertEquals("confirmed", row.getString("status"));
    center.event("call.ended", call, new JsonObject());
  }
}
