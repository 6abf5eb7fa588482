package coop.sportello.calls.ari;

import coop.sportello.calls.CallAddresses;
import coop.sportello.calls.CallCenterFixture;
import coop.sportello.calls.ari.FakeAsterisk.Originated;
import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ARI adapter beside the real distributor, in the running application, with {@link FakeAsterisk}
 * as the PBX: the order of what the distributor says (a route published before the reply to
 * call.arrived) and what it recovered that Asterisk no longer has.
 */
class AriWithDistributorTest extends AppTestBase {

  private FakeAsterisk asterisk;
  private CallCenterFixture center;

  @Override
  protected JsonObject overrides() {
    asterisk = await(FakeAsterisk.start(vertx, "sportello", "s3cret", "sportello"));
    JsonObject config = CallCenterFixture.alwaysOpen();
    config.getJsonObject("calls").put("ari", new JsonObject().put("url", asterisk.baseUrl()).put("username", "sportello")
        .put("password", "s3cret").put("reconnectMinMillis", 50).put("reconnectMaxMillis", 200).put("releaseMillis", 3000));
    return config;
  }

  @BeforeAll
  void fixture() {
    center = new CallCenterFixture(vertx, app.pool(), http, app.port(), "ari");
    waitFor(() -> asterisk.openSockets() == 1, "the adapter's events socket");
  }

  @Test
  void aCallArrivingWhileAnOperatorIsFreeRingsTheOperatorEveryTime() {
    center.queue("ari-anziani", "longest_idle", new JsonObject());
    CallCenterFixture.Operator maria = center.operator("ari.maria", "ari-anziani");
    assertEquals("available", maria.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject()).getString("state"));

    for (int i = 1; i <= 3; i++) {
      String callId = asterisk.callerEnters("ari-anziani", "347000000" + i);
      waitFor(() -> leg(callId) != null, "call " + callId + " to ring the free operator's phone");
      Originated leg = leg(callId);
      assertEquals("PJSIP/ari-maria", leg.endpoint());
      waitFor(() -> asterisk.isOnHold(callId), "the caller on hold");

      asterisk.answer(leg.channelId());
      waitFor(() -> "on_call".equals(state(maria)), "the operator on the call");
      asterisk.hangUp(callId);
      waitFor(() -> "available".equals(state(maria)), "the operator free again, not paused for not answering");
    }
  }

  @Test
  void aCallerTheDistributorHoldsButAsteriskNoLongerHasEnds() {
    center.queue("ari-vuota", "longest_idle", new JsonObject());
    // A waiting call the adapter has never seen (as after a restart of Sportello) and Asterisk does not have.
    String gone = CallCenterFixture.callId();
    assertEquals("queued", center.arrive(gone, "ari-vuota", "3470000009").getString("action"));
    String present = asterisk.callerEnters("ari-vuota", "3470000010");
    waitFor(() -> asterisk.isOnHold(present), "a caller who is still there");

    int connections = asterisk.handshakes().size();
    asterisk.dropEvents(); // the adapter reconnects and compares
    waitFor(() -> asterisk.handshakes().size() > connections, "the adapter to reconnect");
    waitFor(() -> "ended".equals(status(gone)), "the caller who is gone ended");
    assertEquals("waiting", status(present), "the caller who is there still waits");
  }

  private Originated leg(String callId) {
    return asterisk.originated().stream()
        .filter(o -> o.appArgs().size() >= 3 && o.appArgs().get(0).equals("operator") && o.appArgs().get(1).equals(callId))
        .findFirst().orElse(null);
  }

  private static String state(CallCenterFixture.Operator operator) {
    return operator.ask("calls.operator.status", new JsonObject()).getJsonObject("operator").getString("state");
  }

  private String status(String callId) {
    return await(vertx.eventBus().<JsonObject>request(CallAddresses.CONTROL,
        new JsonObject().put("type", "read.call").put("callId", callId))).body().getString("status");
  }
}
