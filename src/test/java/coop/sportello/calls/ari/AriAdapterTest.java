package coop.sportello.calls.ari;

import coop.sportello.calls.CallAddresses;
import coop.sportello.calls.ari.FakeAsterisk.Originated;
import coop.sportello.calls.ari.FakeAsterisk.Request;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static coop.sportello.testing.AppTestBase.await;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adapter between {@link FakeAsterisk} and a stand-in distributor on calls.control: every
 * event and command of the contract in {@link CallAddresses}, checked on both sides.
 */
@ExtendWith(VertxExtension.class)
class AriAdapterTest {

  private Vertx vertx;
  private FakeAsterisk asterisk;
  private Distributor distributor;
  private MessageConsumer<JsonObject> distributorConsumer;
  private String deployment;

  /** Answers calls.control as the distributor would, and keeps every request. */
  static final class Distributor {
    final List<JsonObject> received = new CopyOnWriteArrayList<>();
    final Map<String, String> actionByQueue = new ConcurrentHashMap<>();

    MessageConsumer<JsonObject> register(Vertx vertx) {
      return vertx.eventBus().<JsonObject>consumer(CallAddresses.CONTROL, msg -> {
        JsonObject event = msg.body();
        received.add(event);
        if ("call.arrived".equals(event.getString("type"))) {
          msg.reply(new JsonObject().put("callId", event.getString("callId"))
              .put("action", actionByQueue.getOrDefault(event.getString("queue"), "queued"))
              .put("position", 1).put("estimatedWaitSeconds", 60));
        } else {
          msg.reply(new JsonObject().put("callId", event.getString("callId")).put("status", "ok"));
        }
      });
    }

    List<JsonObject> events(String type, String callId) {
      return received.stream().filter(e -> type.equals(e.getString("type")) && callId.equals(e.getString("callId"))).toList();
    }

    JsonObject await(String type, String callId) {
      waitFor(() -> !events(type, callId).isEmpty(), type + " for " + callId);
      return events(type, callId).get(0);
    }
  }

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    distributor = new Distributor();
    distributorConsumer = distributor.register(vertx);
    FakeAsterisk.start(vertx, "sportello", "s3cret", "sportello")
        .compose(fake -> {
          asterisk = fake;
          return AriAdapterVerticle.deployIfConfigured(vertx, ariConfig(fake));
        })
        .onComplete(ctx.succeeding(id -> {
          deployment = id;
          ctx.completeNow();
        }));
  }

  private static JsonObject ariConfig(FakeAsterisk fake) {
    return AriConfig.withDefaults(new JsonObject().put("url", fake.baseUrl()).put("username", "sportello")
        .put("password", "s3cret").put("app", "sportello")
        .put("reconnectMinMillis", 50).put("reconnectMaxMillis", 200).put("releaseMillis", 3000));
  }

  private void connected() {
    waitFor(() -> asterisk.openSockets() == 1, "the adapter's events socket");
  }

  private String queuedCaller(String queue, String number) {
    connected();
    String callId = asterisk.callerEnters(queue, number);
    waitFor(() -> asterisk.isOnHold(callId), "the caller on hold");
    return callId;
  }

  private void publish(JsonObject command) {
    vertx.eventBus().publish(CallAddresses.PBX_COMMAND, command);
  }

  private Originated route(String callId, String operator, String endpoint) {
    publish(new JsonObject().put("command", "route").put("callId", callId).put("operator", operator)
        .put("endpoint", endpoint).put("ringSeconds", 15).put("callback", false));
    return legFor(callId, operator);
  }

  private Originated legFor(String callId, String operator) {
    waitFor(() -> leg(callId, operator) != null, "the operator leg of " + operator);
    return leg(callId, operator);
  }

  private Originated leg(String callId, String operator) {
    return asterisk.originated().stream()
        .filter(o -> o.appArgs().size() >= 3 && o.appArgs().get(0).equals("operator")
            && o.appArgs().get(1).equals(callId) && o.appArgs().get(2).equals(operator))
        .findFirst().orElse(null);
  }

  /**
   * Everything the adapter did about earlier events is sent before it reports a caller arriving
   * after them: one socket, one event loop, one order.
   */
  private void barrier() {
    String probe = asterisk.callerEnters("barrier", "0000");
    distributor.await("call.arrived", probe);
  }

  @Test
  void aCallerArrivesIsQueuedAnsweredAndHearsMusic() {
    connected();
    String callId = asterisk.callerEnters("anziani", "0351234567");

    JsonObject arrived = distributor.await("call.arrived", callId);
    assertEquals("anziani", arrived.getString("queue"));
    assertEquals("0351234567", arrived.getString("from"));
    assertTrue(arrived.getString("eventId").startsWith("ari:StasisStart:" + callId + ":"), arrived.encode());

    waitFor(() -> asterisk.isOnHold(callId), "music on hold");
    List<String> order = asterisk.requests().stream().map(Request::path).filter(p -> p.startsWith("/ari/channels/" + callId)).toList();
    assertEquals(List.of("/ari/channels/" + callId + "/answer", "/ari/channels/" + callId + "/moh"), order);
  }

  @Test
  void aCallArrivingWhileNoDistributorAnswersIsSentAgain() {
    connected();
    Distributor late = new Distributor();
    await(distributorConsumer.unregister()); // the distributor is not there (a restart, a leader election)
    List<JsonObject> tries = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>addOutboundInterceptor(delivery -> {
      if (CallAddresses.CONTROL.equals(delivery.message().address())) {
        tries.add(delivery.message().body());
      }
      delivery.next();
    });
    String callId = asterisk.callerEnters("anziani", "0351234567");
    // A second try is made only once the first found nobody.
    waitFor(() -> tries.stream().filter(t -> callId.equals(t.getString("callId"))).count() >= 2, "the call sent again");
    late.register(vertx);

    JsonObject arrived = late.await("call.arrived", callId);
    assertTrue(arrived.getString("eventId").startsWith("ari:StasisStart:" + callId), arrived.encode());
    waitFor(() -> asterisk.isOnHold(callId), "the caller on hold once the distributor answered");
    assertEquals(List.of(), distributor.events("call.arrived", callId));
  }

  @Test
  void routeRingsTheOperatorsEndpointWithTheCallInTheArguments() {
    String callId = queuedCaller("anziani", "0351234567");
    Originated leg = route(callId, "op.maria", "PJSIP/201");

    assertEquals("PJSIP/201", leg.endpoint());
    assertEquals("sportello", leg.app());
    assertEquals(List.of("operator", callId, "op.maria"), leg.appArgs());
    assertEquals(15, leg.timeout());
    assertEquals("\"Sportello anziani\" <0351234567>", leg.callerId());
    assertTrue(leg.channelId().startsWith("sportello-"), leg.channelId());
  }

  @Test
  void theOperatorAnsweringIsBridgedWithTheCallerAndReported() {
    String callId = queuedCaller("anziani", "0351234567");
    Originated leg = route(callId, "op.maria", "PJSIP/201");

    asterisk.answer(leg.channelId());
    JsonObject answered = distributor.await("call.answered", callId);
    assertEquals("op.maria", answered.getString("operator"));
    assertTrue(answered.getString("eventId").startsWith("ari:StasisStart:" + leg.channelId()), answered.encode());

    String bridgeId = "sportello-" + callId;
    Request created = asterisk.requests("POST", "/ari/bridges").get(0);
    assertEquals("mixing", created.param("type"));
    assertEquals(bridgeId, created.param("bridgeId"));
    assertEquals(callId + "," + leg.channelId(), asterisk.requests("POST", "/ari/bridges/" + bridgeId + "/addChannel").get(0).param("channel"));
    assertEquals(List.of(callId, leg.channelId()), asterisk.bridgeMembers(bridgeId));
    assertFalse(asterisk.isOnHold(callId), "music stopped when the operator came");
  }

  @Test
  void cancelRingHangsUpThatOperatorsPhoneOnlyAndReportsNothing() {
    String callId = queuedCaller("anziani", "0351234567");
    Originated maria = route(callId, "op.maria", "PJSIP/201");
    Originated luca = route(callId, "op.luca", "PJSIP/202");

    publish(new JsonObject().put("command", "cancel-ring").put("callId", callId).put("operator", "op.luca").put("endpoint", "PJSIP/202"));
    waitFor(() -> !asterisk.exists(luca.channelId()), "Luca's phone to stop ringing");
    assertTrue(asterisk.received("DELETE", "/ari/channels/" + luca.channelId()));
    assertTrue(asterisk.exists(maria.channelId()), "Maria's phone still rings");

    barrier();
    assertEquals(List.of(), distributor.events("call.ring-failed", callId), "a cancelled ring is not a failed one");
  }

  @Test
  void theCallerHangingUpEndsTheCallOnceAndStopsTheRinging() {
    String callId = queuedCaller("anziani", "0351234567");
    Originated maria = route(callId, "op.maria", "PJSIP/201");

    asterisk.hangUp(callId);
    JsonObject ended = distributor.await("call.ended", callId);
    assertTrue(ended.getString("eventId").startsWith("ari:StasisEnd:" + callId), ended.encode());
    waitFor(() -> !asterisk.exists(maria.channelId()), "the operator's phone to stop ringing");

    barrier();
    assertEquals(1, distributor.events("call.ended", callId).size(), "StasisEnd and ChannelDestroyed end the call once");
    assertEquals(List.of(), distributor.events("call.ring-failed", callId));
  }

  @Test
  void anOperatorPhoneThatDoesNotAnswerIsARingFailure() {
    String callId = queuedCaller("anziani", "0351234567");
    Originated maria = route(callId, "op.maria", "PJSIP/201");

    asterisk.fail(maria.channelId(), 17, "User busy");
    JsonObject failed = distributor.await("call.ring-failed", callId);
    assertEquals("op.maria", failed.getString("operator"));
    assertTrue(failed.getString("eventId").startsWith("ari:ChannelDestroyed:" + maria.channelId()), failed.encode());
    assertTrue(asterisk.exists(callId), "the caller keeps waiting");
    assertEquals(List.of(), distributor.events("call.ended", callId));
  }

  @Test
  void anEndpointAsteriskRefusesIsARingFailure() {
    String callId = queuedCaller("anziani", "0351234567");
    publish(new JsonObject().put("command", "route").put("callId", callId).put("operator", "op.gianni")
        .put("endpoint", "PJSIP/unreachable").put("ringSeconds", 15).put("callback", false));
    JsonObject failed = distributor.await("call.ring-failed", callId);
    assertEquals("op.gianni", failed.getString("operator"));
  }

  @Test
  void theOperatorHangingUpEndsTheCallAndReleasesTheCaller() {
    String callId = queuedCaller("anziani", "0351234567");
    Originated maria = route(callId, "op.maria", "PJSIP/201");
    asterisk.answer(maria.channelId());
    distributor.await("call.answered", callId);

    asterisk.hangUp(maria.channelId());
    distributor.await("call.ended", callId);
    waitFor(() -> !asterisk.exists(callId), "the caller hung up");
    waitFor(() -> asterisk.bridge("sportello-" + callId) == null, "the bridge removed");
    barrier();
    assertEquals(1, distributor.events("call.ended", callId).size());
  }

  @Test
  void inARingAllTheSecondOperatorToAnswerIsLetGo() {
    String callId = queuedCaller("anziani", "0351234567");
    Originated maria = route(callId, "op.maria", "PJSIP/201");
    Originated luca = route(callId, "op.luca", "PJSIP/202");

    asterisk.answer(maria.channelId());
    distributor.await("call.answered", callId);
    asterisk.answer(luca.channelId());
    waitFor(() -> !asterisk.exists(luca.channelId()), "the late operator let go");

    barrier();
    assertEquals(1, distributor.events("call.answered", callId).size());
    assertEquals(List.of(), distributor.events("call.ended", callId));
    assertEquals(List.of(callId, maria.channelId()), asterisk.bridgeMembers("sportello-" + callId));
  }

  @Test
  void pressingOneAsksForACallBackAndTheGoodbyeHangsUpQuietly() {
    String callId = queuedCaller("anziani", "0351234567");
    asterisk.dtmf(callId, "2");
    asterisk.dtmf(callId, "1");
    JsonObject requested = distributor.await("call.callback-requested", callId);
    assertEquals("0351234567", requested.getString("number"));
    asterisk.dtmf(callId, "1");
    barrier();
    assertEquals(1, distributor.events("call.callback-requested", callId).size(), "one request, however often 1 is pressed");

    publish(new JsonObject().put("command", "hangup").put("callId", callId).put("reason", "callback-registered"));
    waitFor(() -> !asterisk.exists(callId), "the caller hung up after the message");
    Request play = asterisk.requests("POST", "/ari/channels/" + callId + "/play").get(0);
    assertEquals("sound:sportello-callback-registered", play.param("media"));

    barrier();
    assertEquals(List.of(), distributor.events("call.ended", callId), "a hang-up the distributor asked for is not reported");
  }

  @Test
  void aCallBackRingsTheOperatorThenDialsTheCitizenAndBridgesThem() {
    String callId = "1732539999.7"; // the caller's channel, long gone
    publish(new JsonObject().put("command", "route").put("callId", callId).put("operator", "op.maria")
        .put("endpoint", "PJSIP/201").put("ringSeconds", 20).put("callback", true).put("number", "0351234567"));
    connected();
    Originated operatorLeg = legFor(callId, "op.maria");
    assertEquals(List.of("operator", callId, "op.maria", "callback", "0351234567"), operatorLeg.appArgs());
    assertEquals("\"Sportello\" <0351234567>", operatorLeg.callerId());

    asterisk.answer(operatorLeg.channelId());
    JsonObject answered = distributor.await("call.answered", callId);
    assertEquals("op.maria", answered.getString("operator"));
    waitFor(() -> asterisk.originatedTo("PJSIP/0351234567@sportello-trunk") != null, "the citizen dialled");
    Originated citizen = asterisk.originatedTo("PJSIP/0351234567@sportello-trunk");
    assertEquals(List.of("callback", callId, "op.maria", operatorLeg.channelId()), citizen.appArgs());
    assertTrue(asterisk.received("POST", "/ari/channels/" + operatorLeg.channelId() + "/ring"));

    asterisk.answer(citizen.channelId());
    waitFor(() -> asterisk.bridgeMembers("sportello-" + callId) != null
        && asterisk.bridgeMembers("sportello-" + callId).size() == 2, "the bridge");
    assertEquals(List.of(citizen.channelId(), operatorLeg.channelId()), asterisk.bridgeMembers("sportello-" + callId));

    asterisk.hangUp(citizen.channelId());
    distributor.await("call.ended", callId);
    waitFor(() -> !asterisk.exists(operatorLeg.channelId()), "the operator released");
    assertEquals(1, distributor.events("call.answered", callId).size());
  }

  @Test
  void aCallBackTheCitizenDoesNotAnswerEndsWithAMessageToTheOperator() {
    String callId = "1732539999.8";
    connected();
    publish(new JsonObject().put("command", "route").put("callId", callId).put("operator", "op.maria")
        .put("endpoint", "PJSIP/201").put("ringSeconds", 20).put("callback", true).put("number", "0357654321"));
    Originated operatorLeg = legFor(callId, "op.maria");
    asterisk.answer(operatorLeg.channelId());
    waitFor(() -> asterisk.originatedTo("PJSIP/0357654321@sportello-trunk") != null, "the citizen dialled");

    asterisk.fail(asterisk.originatedTo("PJSIP/0357654321@sportello-trunk").channelId(), 19, "No answer");
    distributor.await("call.ended", callId);
    waitFor(() -> !asterisk.exists(operatorLeg.channelId()), "the operator released");
    assertEquals("sound:sportello-callback-failed",
        asterisk.requests("POST", "/ari/channels/" + operatorLeg.channelId() + "/play").get(0).param("media"));
  }

  @Test
  void aClosedQueueSaysSoAndHangsUp() {
    distributor.actionByQueue.put("notte", "closed");
    connected();
    String callId = asterisk.callerEnters("notte", "0351234567");
    distributor.await("call.arrived", callId);

    waitFor(() -> !asterisk.exists(callId), "the caller hung up");
    List<String> paths = asterisk.requests().stream().filter(r -> r.path().startsWith("/ari/channels/" + callId))
        .map(r -> r.method() + " " + r.path()).toList();
    assertEquals(List.of("POST /ari/channels/" + callId + "/answer", "POST /ari/channels/" + callId + "/play",
        "DELETE /ari/channels/" + callId), paths);
    assertEquals("sound:sportello-closed", asterisk.requests("POST", "/ari/channels/" + callId + "/play").get(0).param("media"));
    barrier();
    assertEquals(List.of(), distributor.events("call.ended", callId));
  }

  @Test
  void theGoodbyeHangsUpEvenWhenItCannotBePlayed() {
    String callId = queuedCaller("anziani", "0351234567");
    asterisk.finishPlaybacks(false); // no PlaybackFinished ever: the time limit must hang up
    publish(new JsonObject().put("command", "hangup").put("callId", callId).put("reason", "closed"));
    waitFor(() -> !asterisk.exists(callId), "the caller hung up after the time limit");
    assertTrue(asterisk.received("POST", "/ari/channels/" + callId + "/play"));
  }

  @Test
  void anAnnouncementTellsThePositionThenTheMusicResumes() {
    String callId = queuedCaller("anziani", "0351234567");
    publish(new JsonObject().put("command", "announce").put("callId", callId).put("position", 3)
        .put("estimatedWaitSeconds", 240).put("text", "Ci sono 3 persone prima di lei"));
    waitFor(() -> asterisk.requests("POST", "/ari/channels/" + callId + "/moh").size() == 2, "music on hold again");
    Request play = asterisk.requests("POST", "/ari/channels/" + callId + "/play").get(0);
    assertEquals("sound:queue-thereare,digits:3,sound:queue-callswaiting", play.param("media"));
    assertNotNull(play.param("playbackId"));
  }

  @Test
  void afterTheEventsSocketDropsTheAdapterReconnectsAndCatchesUp() {
    String callId = queuedCaller("anziani", "0351234567");
    assertTrue(asterisk.handshakes().get(0).contains("subscribeAll=false"), asterisk.handshakes().get(0));

    asterisk.refuseEvents(true);
    asterisk.dropEvents();
    waitFor(() -> asterisk.openSockets() == 0, "the socket closed");
    asterisk.hangUp(callId); // nobody listening: this StasisEnd is lost, as with Asterisk
    asterisk.refuseEvents(false);

    waitFor(() -> asterisk.handshakes().size() == 2, "the adapter to reconnect");
    JsonObject ended = distributor.await("call.ended", callId);
    assertEquals("ari:resync:" + callId, ended.getString("eventId"));

    String next = asterisk.callerEnters("anziani", "0350000001");
    assertEquals("anziani", distributor.await("call.arrived", next).getString("queue"));
    waitFor(() -> asterisk.isOnHold(next), "the new caller on hold");
  }

  @Test
  void aRestartedAdapterTakesBackACallInProgress() {
    String callId = queuedCaller("anziani", "0351234567");
    Originated maria = route(callId, "op.maria", "PJSIP/201");
    asterisk.answer(maria.channelId());
    distributor.await("call.answered", callId);

    await(vertx.undeploy(deployment));
    waitFor(() -> asterisk.openSockets() == 0, "the old adapter gone");
    deployment = await(AriAdapterVerticle.deployIfConfigured(vertx, ariConfig(asterisk)));
    connected();
    waitFor(() -> asterisk.requests("GET", "/ari/bridges").size() == 2, "the new adapter to look at the bridges");

    asterisk.hangUp(maria.channelId());
    distributor.await("call.ended", callId);
    waitFor(() -> !asterisk.exists(callId), "the caller released by the new adapter");
  }

  @Test
  void noUrlMeansNoAdapter() {
    assertNull(await(AriAdapterVerticle.deployIfConfigured(vertx, new JsonObject())));
    assertNull(await(AriAdapterVerticle.deployIfConfigured(vertx, new JsonObject().put("url", ""))));
    assertNotNull(deployment);
  }
}
