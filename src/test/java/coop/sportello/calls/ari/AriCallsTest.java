package coop.sportello.calls.ari;

import coop.sportello.calls.ari.AriStep.Arrive;
import coop.sportello.calls.ari.AriStep.Connect;
import coop.sportello.calls.ari.AriStep.HangUp;
import coop.sportello.calls.ari.AriStep.Hold;
import coop.sportello.calls.ari.AriStep.Notify;
import coop.sportello.calls.ari.AriStep.Originate;
import coop.sportello.calls.ari.AriStep.Play;
import coop.sportello.calls.ari.AriStep.Release;
import coop.sportello.calls.ari.AriStep.RemoveBridge;
import coop.sportello.calls.ari.AriStep.ResumeHold;
import coop.sportello.calls.ari.AriStep.Ring;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter's decisions, without Vert.x or Asterisk: ARI events and commands in, steps out. */
class AriCallsTest {

  private static final String CALLER = "1732540000.1";
  private static final String TS = "2026-11-25T10:15:30.123+0100";

  private AriCalls calls;
  private final AtomicInteger ids = new AtomicInteger();

  @BeforeEach
  void fresh() {
    ids.set(0);
    calls = new AriCalls("1", "PJSIP/%s@sportello-trunk", () -> "id-" + ids.incrementAndGet());
  }

  private static AriEvent event(String type, String channel, String... args) {
    return new AriEvent(type, TS, channel, "0351234567", "0350000000", List.of(args), null, null);
  }

  private static AriEvent dtmf(String channel, String digit, String number) {
    return new AriEvent("ChannelDtmfReceived", TS, channel, number, null, List.of(), digit, null);
  }

  private static AriEvent playbackFinished(String playbackId) {
    return new AriEvent("PlaybackFinished", TS, null, null, null, List.of(), null, playbackId);
  }

  private static String id(String type, String channel) {
    return "ari:" + type + ":" + channel + ":" + TS;
  }

  /** A caller queued and on hold. */
  private void queued() {
    calls.onEvent(event("StasisStart", CALLER, "anziani"));
    assertEquals(List.of(new Hold(CALLER)), calls.arrivalReply(CALLER, "queued"));
  }

  /** Routes to an operator and returns the leg's channel id. */
  private String ring(String operator) {
    List<AriStep> steps = calls.route(CALLER, operator, "PJSIP/" + operator, 15, false, null);
    assertEquals(1, steps.size(), steps.toString());
    return ((Originate) steps.get(0)).channelId();
  }

  private String talking() {
    queued();
    String leg = ring("maria");
    calls.onEvent(event("StasisStart", leg, "operator", CALLER, "maria"));
    return leg;
  }

  // ---------------------------------------------------------------- arrival

  @Test
  void aCallerEnteringStasisArrivesInTheQueueItNames() {
    assertEquals(List.of(new Arrive(CallEvent.arrived(id("StasisStart", CALLER), CALLER, "anziani", "0351234567"))),
        calls.onEvent(event("StasisStart", CALLER, "anziani")));
  }

  @Test
  void withoutAQueueArgumentTheNumberDialledIsTheQueue() {
    assertEquals(List.of(new Arrive(CallEvent.arrived(id("StasisStart", CALLER), CALLER, "0350000000", "0351234567"))),
        calls.onEvent(event("StasisStart", CALLER)));
  }

  @Test
  void aRouteThatComesBeforeTheQueuedReplyRingsOnceTheCallerIsOnHold() {
    // The distributor publishes route as soon as the call is stored, then replies: the route comes first.
    calls.onEvent(event("StasisStart", CALLER, "anziani"));
    assertEquals(List.of(), calls.route(CALLER, "maria", "PJSIP/201", 15, false, null));
    assertEquals(List.of(), calls.route(CALLER, "maria", "PJSIP/201", 15, false, null), "one ring per operator");
    assertEquals(List.of(), calls.route(CALLER, "luca", "PJSIP/202", 15, false, null));
    assertEquals(List.of(), calls.cancelRing(CALLER, "luca"), "cancelled before it rang");

    assertEquals(List.of(new Hold(CALLER), new Originate("sportello-id-1", "PJSIP/201", List.of("operator", CALLER, "maria"),
        15, "\"Sportello anziani\" <0351234567>")), calls.arrivalReply(CALLER, "queued"));
    assertEquals(List.of(new HangUp("sportello-id-1")), calls.cancelRing(CALLER, "maria"), "an ordinary ring now");
  }

  @Test
  void aRouteBeforeARefusalOrAHangUpNeverRings() {
    calls.onEvent(event("StasisStart", CALLER, "anziani"));
    calls.route(CALLER, "maria", "PJSIP/201", 15, false, null);
    assertEquals(List.of(new Release(CALLER, "id-2", "sound:sportello-full", true)), calls.arrivalReply(CALLER, "full"));

    calls.onEvent(event("StasisStart", "c2", "anziani"));
    calls.route("c2", "maria", "PJSIP/201", 15, false, null);
    calls.onEvent(event("StasisEnd", "c2"));
    assertEquals(List.of(new Notify(CallEvent.ended(id("StasisEnd", "c2"), "c2"))), calls.arrivalReply("c2", "queued"));
    assertEquals(Set.of(CALLER), calls.knownChannels(), "no operator leg left behind");
  }

  @Test
  void aRepeatedStasisStartArrivesOnce() {
    calls.onEvent(event("StasisStart", CALLER, "anziani"));
    assertEquals(List.of(), calls.onEvent(event("StasisStart", CALLER, "anziani")));
  }

  @Test
  void aClosedQueueThatKeepsTheNumberSaysItWillCallBackOnceWhicheverComesFirst() {
    calls.onEvent(event("StasisStart", CALLER, "anziani"));
    assertEquals(List.of(new Release(CALLER, "id-1", "sound:sportello-callback-registered", true)),
        calls.arrivalReply(CALLER, "closed-callback"));
    assertEquals(List.of(), calls.hangup(CALLER, "callback-registered"), "already saying good-bye");

    calls.onEvent(event("StasisStart", "c2", "anziani"));
    assertEquals(List.of(new Release("c2", "id-2", "sound:sportello-callback-registered", false)),
        calls.hangup("c2", "callback-registered"));
    assertEquals(List.of(), calls.arrivalReply("c2", "closed-callback"), "the command came first: nothing more");
  }

  @Test
  void aRefusalIsSaidAndHungUpAndAnUnknownOrMissingReplyToo() {
    calls.onEvent(event("StasisStart", CALLER, "anziani"));
    assertEquals(List.of(new Release(CALLER, "id-1", "sound:sportello-full", true)), calls.arrivalReply(CALLER, "full"));
    assertEquals(List.of(new HangUp(CALLER)), calls.playbackDone("id-1"));
    assertEquals(List.of(), calls.onEvent(event("StasisEnd", CALLER)), "the adapter's own hang-up is not reported");

    calls.onEvent(event("StasisStart", "c2", "anziani"));
    assertEquals(List.of(new Release("c2", "id-2", "sound:sportello-unavailable", true)), calls.arrivalReply("c2", null));
    calls.onEvent(event("StasisStart", "c3", "anziani"));
    assertEquals(List.of(new Release("c3", "id-3", "sound:sportello-unavailable", true)), calls.arrivalReply("c3", "maybe"));
  }

  @Test
  void aHangUpBeforeTheReplyIsReportedOnlyOnceTheDistributorKnowsTheCall() {
    calls.onEvent(event("StasisStart", CALLER, "anziani"));
    assertEquals(List.of(), calls.onEvent(event("StasisEnd", CALLER)));
    assertEquals(List.of(), calls.onEvent(event("ChannelDestroyed", CALLER)));
    assertEquals(List.of(new Notify(CallEvent.ended(id("StasisEnd", CALLER), CALLER))), calls.arrivalReply(CALLER, "queued"));

    calls.onEvent(event("StasisStart", "c2", "notte"));
    calls.onEvent(event("StasisEnd", "c2"));
    assertEquals(List.of(), calls.arrivalReply("c2", "closed"), "a refused call never existed for the distributor");
  }

  @Test
  void stasisEndAndChannelDestroyedEndTheCallOnce() {
    queued();
    assertEquals(List.of(new Notify(CallEvent.ended(id("StasisEnd", CALLER), CALLER))), calls.onEvent(event("StasisEnd", CALLER)));
    assertEquals(List.of(), calls.onEvent(event("ChannelDestroyed", CALLER)));
    assertEquals(0, calls.activeCalls());
  }

  // ---------------------------------------------------------------- ringing operators

  @Test
  void routeOriginatesAnOperatorLegCarryingTheCall() {
    queued();
    assertEquals(List.of(new Originate("sportello-id-1", "PJSIP/201", List.of("operator", CALLER, "op.maria"), 15,
            "\"Sportello anziani\" <0351234567>")),
        calls.route(CALLER, "op.maria", "PJSIP/201", 15, false, null));
    assertEquals(List.of(), calls.route(CALLER, "op.maria", "PJSIP/201", 15, false, null), "already ringing");
  }

  @Test
  void aPhoneThatNeverAnswersIsARingFailureButACancelledOneIsNot() {
    queued();
    String maria = ring("maria");
    String luca = ring("luca");
    assertEquals(List.of(new HangUp(luca)), calls.cancelRing(CALLER, "luca"));
    assertEquals(List.of(), calls.onEvent(event("ChannelDestroyed", luca)));
    assertEquals(List.of(new Notify(CallEvent.ringFailed(id("ChannelDestroyed", maria), CALLER, "maria"))),
        calls.onEvent(event("ChannelDestroyed", maria)));
    assertEquals(List.of(), calls.cancelRing(CALLER, "nobody"));
  }

  @Test
  void anEndpointAsteriskRefusesIsARingFailure() {
    queued();
    String maria = ring("maria");
    assertEquals(List.of(new Notify(CallEvent.ringFailed("ari:originate-failed:" + maria, CALLER, "maria"))),
        calls.originateFailed(maria));
  }

  @Test
  void theFirstOperatorToAnswerIsConnectedAndTheSecondLetGo() {
    queued();
    String maria = ring("maria");
    String luca = ring("luca");
    assertEquals(List.of(new Connect(CALLER, "sportello-" + CALLER, CALLER, maria, true,
            CallEvent.answered(id("StasisStart", maria), CALLER, "maria"))),
        calls.onEvent(event("StasisStart", maria, "operator", CALLER, "maria")));
    assertTrue(calls.isTalking(CALLER, maria));
    assertEquals(List.of(new HangUp(luca)), calls.onEvent(event("StasisStart", luca, "operator", CALLER, "luca")));
    assertEquals(List.of(), calls.onEvent(event("StasisEnd", luca)));
    assertEquals(List.of(), calls.cancelRing(CALLER, "maria"), "a call in progress is not a ring to cancel");
  }

  @Test
  void whenTheCallerLeavesTheOperatorIsHungUpAndTheBridgeRemoved() {
    String maria = talking();
    assertEquals(List.of(new Notify(CallEvent.ended(id("StasisEnd", CALLER), CALLER)), new HangUp(maria),
        new RemoveBridge("sportello-" + CALLER)), calls.onEvent(event("StasisEnd", CALLER)));
    assertEquals(List.of(), calls.onEvent(event("StasisEnd", maria)));
    assertFalse(calls.isTalking(CALLER, maria));
  }

  @Test
  void whenTheOperatorLeavesTheCallerIsHungUpQuietly() {
    String maria = talking();
    assertEquals(List.of(new Notify(CallEvent.ended(id("StasisEnd", maria), CALLER)), new HangUp(CALLER),
        new RemoveBridge("sportello-" + CALLER)), calls.onEvent(event("StasisEnd", maria)));
    assertEquals(List.of(), calls.onEvent(event("StasisEnd", CALLER)));
    assertEquals(List.of(), calls.route(CALLER, "luca", "PJSIP/202", 15, false, null), "an ended call is not rung again");
  }

  @Test
  void aBridgeThatCannotBeMadeEndsTheCall() {
    String maria = talking();
    assertEquals(List.of(new Notify(CallEvent.ended("ari:connect-failed:" + maria, CALLER)), new HangUp(maria), new HangUp(CALLER),
        new RemoveBridge("sportello-" + CALLER)), calls.connectFailed(CALLER, maria));
  }

  @Test
  void anOperatorAnsweringAfterTheCallerLeftIsLetGo() {
    queued();
    String maria = ring("maria");
    calls.onEvent(event("StasisEnd", CALLER));
    assertEquals(List.of(new HangUp(maria)), calls.onEvent(event("StasisStart", maria, "operator", CALLER, "maria")));
  }

  // ---------------------------------------------------------------- call-backs

  @Test
  void pressingTheCallbackKeyAsksOnceAndOnlyWithANumber() {
    queued();
    assertEquals(List.of(), calls.onEvent(dtmf(CALLER, "5", "0351234567")));
    assertEquals(List.of(new Notify(CallEvent.callbackRequested(id("ChannelDtmfReceived", CALLER), CALLER, "0351234567"))),
        calls.onEvent(dtmf(CALLER, "1", "0351234567")));
    assertEquals(List.of(), calls.onEvent(dtmf(CALLER, "1", "0351234567")));

    calls.onEvent(new AriEvent("StasisStart", TS, "c2", "", "0350000000", List.of("anziani"), null, null));
    calls.arrivalReply("c2", "queued");
    assertEquals(List.of(), calls.onEvent(dtmf("c2", "1", "")), "a withheld number cannot be called back");

    AriCalls noKey = new AriCalls("", "PJSIP/%s@t", () -> "x");
    noKey.onEvent(event("StasisStart", CALLER, "anziani"));
    noKey.arrivalReply(CALLER, "queued");
    assertEquals(List.of(), noKey.onEvent(dtmf(CALLER, "1", "0351234567")));
  }

  @Test
  void aCallBackCallsTheOperatorThenTheCitizenAndBridgesThem() {
    queued();
    calls.onEvent(dtmf(CALLER, "1", "0351234567"));
    List<AriStep> goodbye = calls.hangup(CALLER, "callback-registered");
    assertEquals(List.of(new Release(CALLER, "id-1", "sound:sportello-callback-registered", false)), goodbye);
    assertEquals(List.of(), calls.onEvent(event("StasisEnd", CALLER)));

    assertEquals(List.of(new Originate("sportello-id-2", "PJSIP/201",
            List.of("operator", CALLER, "maria", "callback", "0351234567"), 20, "\"Sportello\" <0351234567>")),
        calls.route(CALLER, "maria", "PJSIP/201", 20, true, "0351234567"));
    String maria = "sportello-id-2";
    assertEquals(List.of(new Notify(CallEvent.answered(id("StasisStart", maria), CALLER, "maria")), new Ring(maria),
            new Originate("sportello-id-3", "PJSIP/0351234567@sportello-trunk", List.of("callback", CALLER, "maria", maria),
                AriCalls.CALLBACK_RING_SECONDS, null)),
        calls.onEvent(event("StasisStart", maria, "operator", CALLER, "maria", "callback", "0351234567")));
    String citizen = "sportello-id-3";
    assertEquals(List.of(new Connect(CALLER, "sportello-" + CALLER, citizen, maria, false, null)),
        calls.onEvent(event("StasisStart", citizen, "callback", CALLER, "maria", maria)));
    assertEquals(List.of(new Notify(CallEvent.ended(id("StasisEnd", citizen), CALLER)), new HangUp(maria),
        new RemoveBridge("sportello-" + CALLER)), calls.onEvent(event("StasisEnd", citizen)));
  }

  @Test
  void aCitizenWhoDoesNotAnswerTheCallBackEndsItWithAMessageToTheOperator() {
    calls.route(CALLER, "maria", "PJSIP/201", 20, true, "0351234567");
    String maria = "sportello-id-1";
    calls.onEvent(event("StasisStart", maria, "operator", CALLER, "maria", "callback", "0351234567"));
    String citizen = "sportello-id-2";
    assertEquals(List.of(new Notify(CallEvent.ended(id("ChannelDestroyed", citizen), CALLER)),
            new Release(maria, "id-3", "sound:sportello-callback-failed", false)),
        calls.onEvent(event("ChannelDestroyed", citizen)));
    assertEquals(List.of(new HangUp(maria)), calls.playbackDone("id-3"));
    assertEquals(List.of(), calls.onEvent(event("StasisEnd", maria)));
  }

  @Test
  void aCallBackWithoutANumberIsNotDialled() {
    assertEquals(List.of(), calls.route(CALLER, "maria", "PJSIP/201", 20, true, " "));
  }

  // ---------------------------------------------------------------- announcements and good-byes

  @Test
  void anAnnouncementUsesTheStockQueueSoundsThenMusicResumes() {
    queued();
    assertEquals(List.of(new Play(CALLER, "id-1", "sound:queue-thereare,digits:4,sound:queue-callswaiting")),
        calls.announce(CALLER, 4));
    assertEquals(List.of(new ResumeHold(CALLER)), calls.onEvent(playbackFinished("id-1")));
    assertEquals(List.of(), calls.onEvent(playbackFinished("id-1")));
    assertEquals(List.of(), calls.announce(CALLER, 0));
  }

  @Test
  void noAnnouncementForACallInProgressOrOver() {
    String maria = talking();
    assertEquals(List.of(), calls.announce(CALLER, 1));
    calls.onEvent(event("StasisEnd", maria));
    assertEquals(List.of(), calls.announce(CALLER, 1));
  }

  @Test
  void aHangupCommandStopsTheRingingAndOnlyNamesSafeSounds() {
    queued();
    String maria = ring("maria");
    assertEquals(List.of(new HangUp(maria), new Release(CALLER, "id-2", "sound:sportello-unavailable", false)),
        calls.hangup(CALLER, "closed,sound:somethingelse"));
    assertEquals(List.of(), calls.onEvent(event("ChannelDestroyed", maria)));
    assertEquals(List.of(), calls.hangup(CALLER, "closed"), "already saying good-bye");
    assertEquals(List.of(), calls.onEvent(event("StasisEnd", CALLER)));
    assertEquals(List.of(), calls.onEvent(playbackFinished("id-2")), "the caller is gone: nothing to hang up");
  }

  // ---------------------------------------------------------------- after a restart or a gap

  @Test
  void callsFromBeforeARestartAreRecognisedByTheirArguments() {
    String maria = "sportello-old-leg";
    assertEquals(List.of(new Connect(CALLER, "sportello-" + CALLER, CALLER, maria, true,
            CallEvent.answered(id("StasisStart", maria), CALLER, "maria"))),
        calls.onEvent(event("StasisStart", maria, "operator", CALLER, "maria")));

    assertEquals(List.of(new Notify(CallEvent.ended(id("StasisEnd", "c9"), "c9"))), calls.onEvent(event("StasisEnd", "c9")));
    assertEquals(List.of(), calls.onEvent(event("ChannelDestroyed", "c9")));
    assertEquals(List.of(), calls.onEvent(event("StasisEnd", "sportello-unknown")));
    assertEquals(List.of(new Notify(CallEvent.callbackRequested(id("ChannelDtmfReceived", "c8"), "c8", "0351111111"))),
        calls.onEvent(dtmf("c8", "1", "0351111111")));
  }

  @Test
  void whatEndedDuringAGapIsFoundByComparingWithAsterisk() {
    queued();
    String maria = ring("maria");
    assertEquals(Set.of(CALLER, maria), calls.knownChannels());
    assertEquals(List.of(new Notify(CallEvent.ringFailed("ari:resync:" + maria, CALLER, "maria"))),
        calls.resync(calls.knownChannels(), Set.of(), Set.of(CALLER), Map.of()));
    Set<String> checked = calls.knownChannels();
    calls.onEvent(event("StasisStart", "c-new", "anziani")); // arrives after Asterisk was asked
    assertEquals(List.of(new Notify(CallEvent.ended("ari:resync:" + CALLER, CALLER))), calls.resync(checked, Set.of(), Set.of(), Map.of()));
    assertEquals(List.of(), calls.resync(checked, Set.of(), Set.of(), Map.of()));
    assertEquals(Set.of("c-new"), calls.knownChannels(), "a caller newer than the question is not taken for gone");
  }

  @Test
  void aCallerTheDistributorRecoveredButAsteriskNoLongerHasIsReportedEnded() {
    // After a restart the adapter knows nobody; the distributor still holds c1 (gone) and c2 (still on hold).
    assertEquals(List.of(new Notify(CallEvent.ended("ari:resync:c1", "c1"))),
        calls.resync(Set.of(), Set.of("c1", "c2"), Set.of("c2"), Map.of()));
    assertEquals(List.of(), calls.resync(Set.of(), Set.of("c1", "c2"), Set.of("c2"), Map.of()), "reported once");
    assertEquals(List.of(), calls.onEvent(event("StasisEnd", "c1")), "a late StasisEnd is not a second end");

    // A caller the adapter follows is its own to end, through the comparison of what it checked.
    queued();
    assertEquals(List.of(), calls.resync(Set.of(), Set.of(CALLER), Set.of(), Map.of()),
        "arrived after the channels were asked for: not gone");
  }

  @Test
  void aBridgeFromBeforeARestartIsTakenBackOrClearedUp() {
    String op = "sportello-op";
    assertEquals(List.of(), calls.resync(Set.of(), Set.of(), Set.of("c1", op), Map.of("sportello-c1", List.of("c1", op), "other", List.of("x"))));
    assertEquals(List.of(new Notify(CallEvent.ended(id("StasisEnd", op), "c1")), new HangUp("c1"), new RemoveBridge("sportello-c1")),
        calls.onEvent(event("StasisEnd", op)));

    assertEquals(List.of(new HangUp("c2"), new RemoveBridge("sportello-c2"), new Notify(CallEvent.ended("ari:resync:sportello-c2", "c2"))),
        calls.resync(Set.of(), Set.of(), Set.of("c2"), Map.of("sportello-c2", List.of("c2", "sportello-gone"))));
  }

  // ---------------------------------------------------------------- JSON and settings

  @Test
  void ariJsonIsReadAsAsteriskSendsIt() {
    JsonObject stasisStart = new JsonObject("""
        {"type":"StasisStart","timestamp":"2026-11-25T10:15:30.123+0100","args":["anziani"],
         "channel":{"id":"1732540000.1","name":"PJSIP/trunk-00000001","state":"Ring",
           "protocol_id":"abc@10.0.0.1","caller":{"name":"","number":"0351234567"},
           "connected":{"name":"","number":""},"accountcode":"",
           "dialplan":{"context":"from-trunk","exten":"0350000000","priority":2,"app_name":"Stasis","app_data":"sportello,anziani"},
           "creationtime":"2026-11-25T10:15:29.900+0100","language":"it"},
         "asterisk_id":"02:42:ac:11:00:02","application":"sportello"}""");
    assertEquals(new AriEvent("StasisStart", "2026-11-25T10:15:30.123+0100", "1732540000.1", "0351234567", "0350000000",
        List.of("anziani"), null, null), AriJson.event(stasisStart));

    JsonObject finished = new JsonObject().put("type", "PlaybackFinished").put("timestamp", TS)
        .put("playback", new JsonObject().put("id", "pb1").put("media_uri", "sound:x").put("target_uri", "channel:c1").put("state", "done"));
    assertEquals("pb1", AriJson.event(finished).playbackId());
    assertNull(AriJson.event(new JsonObject().put("type", "Weird").put("channel", "not an object")).channelId());

    assertEquals(new JsonObject().put("eventId", "e").put("type", "call.ended").put("callId", "c"),
        AriJson.callEvent(CallEvent.ended("e", "c")));
    assertEquals(Map.of("b1", List.of("c1", "c2")), AriJson.bridges(new JsonArray().add(new JsonObject().put("id", "b1")
        .put("bridge_type", "mixing").put("channels", new JsonArray().add("c1").add("c2")))));
    assertEquals(Set.of("c1"), AriJson.channelIds(new JsonArray().add(new JsonObject().put("id", "c1"))));
  }

  @Test
  void settingsComeFromCallsAriWithDefaults() {
    assertNull(AriSettings.from(null));
    assertNull(AriSettings.from(new JsonObject().put("username", "u")));
    AriSettings s = AriSettings.from(AriConfig.withDefaults(new JsonObject().put("url", "http://pbx:8088/ari/").put("username", "u")
        .put("password", "pw-secret")));
    assertEquals("http://pbx:8088/ari", s.baseUrl());
    assertEquals("sportello", s.application());
    assertEquals("1", s.callbackDtmf());
    assertEquals("u:pw-secret", s.apiKey());
    assertEquals("PJSIP/0351@sportello-trunk", s.callbackEndpoint("0351"));
    assertFalse(s.toString().contains("pw-secret"), "no password in logs");
    assertThrows(IllegalArgumentException.class, () -> AriSettings.from(AriConfig.withDefaults(new JsonObject().put("url", "pbx:8088"))));
    assertThrows(IllegalArgumentException.class, () -> AriSettings.from(AriConfig.withDefaults(new JsonObject()
        .put("url", "http://pbx/ari").put("callbackDialPattern", "PJSIP/trunk"))));
  }
}
