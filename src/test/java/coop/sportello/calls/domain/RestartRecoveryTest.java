package coop.sportello.calls.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static coop.sportello.calls.domain.Desk.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restart: a fresh {@link CallCenter} built only from what the drains gave (the latest row of every
 * call and operator, the round-robin memory, the log) must go on exactly as the one that kept running.
 */
class RestartRecoveryTest {

  private static Desk setUp() {
    Desk.Q sales = q("sales", Strategy.LONGEST_IDLE);
    sales.wrapUpSeconds = 20;
    sales.autoPauseAfter = 3;
    sales.overflowQueue = "help";
    sales.overflowSeconds = 90;
    sales.announceSeconds = 10;
    Desk.Q help = q("help", Strategy.ROUND_ROBIN);
    help.ringSeconds = 10;
    help.announceSeconds = 20;
    Desk.Q vip = q("vip", Strategy.RING_ALL);
    vip.priority = 5;
    vip.wrapUpSeconds = 10;
    vip.ringSeconds = 12;
    Desk d = new Desk().queue(sales).queue(help).queue(vip);
    d.operator("ann", Map.of("sales", 1, "help", 1));
    d.operator("bob", Map.of("sales", 1, "help", 1, "vip", 1));
    d.operator("cat", Map.of("help", 1, "vip", 1), "de");
    d.operator("dan", Map.of("sales", 1, "vip", 1));
    d.operator("eve", Map.of("help", 1));
    return d;
  }

  /** Up to the restart at 33 s. */
  private static void before(Desk d) {
    d.at(0);
    for (String s : List.of("ann", "bob", "cat", "dan", "eve")) {
      d.login(s);
    }
    d.at(1).arrive("s1", "sales");
    d.at(2).answer("s1", "ann");
    d.at(3).arrive("h1", "help");
    d.at(4).answer("h1", "bob");
    d.at(5).arrive("v1", "vip");
    d.at(6).answer("v1", "cat");
    d.at(7).pause("eve", "training");
    d.at(10).arrive("s2", "sales");
    d.at(12).ringFailed("s2", "dan");
    d.at(14).arrive("h2", "help");
    d.at(15).arrive("s3", "sales", 0, "de");
    d.at(16).callback("h2", "+39 333 2");
    d.at(17).tick();
    d.at(20).end("s1");
    d.at(31).resume("eve");
    d.at(32).tick();
  }

  /** After the restart; applied to the center that kept running and to the restored one alike. */
  private static List<Consumer<Desk>> after() {
    List<Consumer<Desk>> steps = new ArrayList<>();
    steps.add(d -> d.at(34).arrive("h4", "help"));
    steps.add(d -> d.at(35).arrive("v2", "vip"));
    steps.add(d -> d.at(36).answer("v2", d.ringing("v2")));
    steps.add(d -> d.at(37).tick());
    steps.add(d -> d.at(40).tick());
    steps.add(d -> d.at(41).tick());
    steps.add(d -> d.at(42).answer("s2", d.ringing("s2")));
    steps.add(d -> d.at(43).answer("h4", d.ringing("h4")));
    steps.add(d -> d.at(44).end("h1"));
    steps.add(d -> d.at(45).answer("h2", d.ringing("h2")));
    steps.add(d -> d.at(50).arrive("s4", "sales"));
    steps.add(d -> d.at(55).end("v1"));
    steps.add(d -> d.at(60).callback("s4", "+39 333 4"));
    steps.add(d -> d.at(65).tick());
    steps.add(d -> d.at(70).end("v2"));
    steps.add(d -> d.at(80).tick());
    steps.add(d -> d.at(81).ringFailed("s4", d.ringing("s4")));
    steps.add(d -> d.at(90).end("h4"));
    steps.add(d -> d.at(100).end("s2"));
    steps.add(d -> d.at(104).tick());
    steps.add(d -> d.at(105).tick());
    steps.add(d -> d.at(106).answer("s3", d.ringing("s3")));
    steps.add(d -> d.at(108).arrive("h5", "help"));
    steps.add(d -> d.at(110).end("s3"));
    steps.add(d -> d.at(120).tick());
    steps.add(d -> d.at(121).logout("eve"));
    steps.add(d -> d.at(130).tick());
    steps.add(d -> d.at(150).tick());
    steps.add(d -> d.at(151).end("h2"));
    return steps;
  }

  /** What the restored center must have done at some of the steps, beyond matching the original. */
  private static void milestone(Desk r) {
    switch ((int) r.seconds()) {
      case 34 -> {
        assertTrue(r.routes().isEmpty(), "dan let s2 ring out at 32 s: not offered it again before 37 s");
        assertEquals(CallStatus.WAITING, r.call("s2").status());
        assertEquals(1, r.position("s2"));
        assertEquals(1, r.position("h4"));
      }
      case 35 -> assertEquals(List.of("v2->dan"), r.routes());
      case 40 -> {
        LogEntry wrap = r.lines("WRAPUP").get(0);
        assertEquals("ann", wrap.operator());
        assertEquals(20_000L, wrap.wrapMs());
        assertEquals("sales", wrap.queueId());
        assertEquals(List.of("s2->ann"), r.routes(), "s2 kept its place at the head");
      }
      case 41 -> {
        LogEntry noAnswer = r.lines("NOANSWER").get(0);
        assertEquals("h2", noAnswer.callId());
        assertEquals("eve", noAnswer.operator());
        assertEquals(new PbxCommand.CancelRing("h2", "eve", Desk.endpoint("eve")),
            r.commands(PbxCommand.CancelRing.class).get(0));
        assertEquals(CallStatus.CALLBACK, r.call("h2").status());
      }
      case 105 -> {
        assertEquals("s3", r.lines("OVERFLOW").get(0).callId());
        assertTrue(r.routes().contains("s3->cat"));
      }
      default -> { }
    }
  }

  /** What a restarted node does: queues and memberships from configuration, the rest from the store. */
  private static Desk restore(Desk original, boolean logFirst) {
    Desk r = new Desk();
    r.now = original.now;
    original.settings.values().forEach(s -> {
      r.settings.put(s.id(), s);
      r.center.defineQueue(s);
    });
    if (logFirst) {
      original.log.forEach(r.center::replayLog);
    }
    original.storedOperators.values().forEach(r.center::restoreOperator);
    original.memberships.forEach((subject, levels) -> {
      r.memberships.put(subject, levels);
      r.center.setMemberships(subject, levels);
    });
    original.storedCalls.values().forEach(r.center::restoreCall);
    original.storedRoundRobin.forEach(r.center::restoreRoundRobin);
    if (!logFirst) {
      original.log.forEach(r.center::replayLog);
    }
    r.log.addAll(original.log);
    assertTrue(r.drain().isEmpty(), "restoring is not a change to store again");
    return r;
  }

  private static void assertSameState(Desk a, Desk b, String when) {
    assertEquals(a.center.operators(), b.center.operators(), when + ": operators");
    assertEquals(a.center.liveCalls(), b.center.liveCalls(), when + ": live calls");
    for (LiveCall.View c : a.center.liveCalls()) {
      assertEquals(a.position(c.id()), b.position(c.id()), when + ": position of " + c.id());
      assertEquals(a.center.estimatedWaitOf(c.id()), b.center.estimatedWaitOf(c.id()), when + ": wait of " + c.id());
    }
    for (String q : a.settings.keySet()) {
      assertEquals(a.center.roundRobinLast(q), b.center.roundRobinLast(q), when + ": round robin of " + q);
    }
  }

  private static void assertSameChanges(Changes a, Changes b, String when) {
    assertEquals(a.log(), b.log(), when + ": log");
    assertEquals(a.commands(), b.commands(), when + ": commands");
    assertEquals(a.notices(), b.notices(), when + ": notices");
    assertEquals(a.calls(), b.calls(), when + ": call rows");
    assertEquals(a.operators(), b.operators(), when + ": operator rows");
    assertEquals(a.queues(), b.queues(), when + ": round-robin rows");
  }

  @Test
  void aRestoredCenterMakesTheSameDecisionsAsTheOneThatKeptRunning() {
    continuesIdentically(false);
  }

  @Test
  void theLogMayBeReplayedBeforeTheCallsAreRestored() {
    continuesIdentically(true);
  }

  private static void continuesIdentically(boolean logFirst) {
    Desk original = setUp();
    before(original);

    // What the restart has to carry over.
    assertEquals(OperatorState.WRAP_UP, original.state("ann"));
    assertEquals(OperatorState.ON_CALL, original.state("bob"));
    assertEquals(OperatorState.ON_CALL, original.state("cat"));
    assertEquals(OperatorState.AVAILABLE, original.state("dan"));
    assertEquals(2, original.op("dan").unansweredInRow());
    assertEquals(OperatorState.RESERVED, original.state("eve"));
    assertEquals(CallStatus.WAITING, original.call("s2").status());
    assertEquals("NOANSWER", original.last.log().get(0).event(), "dan let s2 ring out 1 s before the restart");
    assertEquals(1, original.position("s2"));
    assertEquals(2, original.position("s3"));
    assertEquals(Desk.T0.plusSeconds(32), original.call("s2").lastAnnouncedAt(), "told their place at 32 s");
    assertEquals(CallStatus.RINGING, original.call("h2").status());
    assertEquals("+39 333 2", original.call("h2").callbackNumber());
    assertEquals("eve", original.center.roundRobinLast("help").orElseThrow());

    original.at(33);
    Desk restored = restore(original, logFirst);
    assertSameState(original, restored, "right after the restart");
    assertEquals(1, restored.position("s2"));
    assertEquals(2, restored.position("s3"));

    List<Consumer<Desk>> steps = after();
    for (int i = 0; i < steps.size(); i++) {
      steps.get(i).accept(original);
      steps.get(i).accept(restored);
      String when = "step " + i + " at " + original.seconds() + " s";
      assertSameChanges(original.last, restored.last, when);
      assertSameState(original, restored, when);
      milestone(restored);
    }

    Kpis a = original.fold();
    Kpis b = restored.center.kpis();
    for (String q : original.settings.keySet()) {
      KpisTest.assertSameQueue(a.queue(q), b.queue(q), q);
      KpisTest.assertSameQueue(original.center.kpis().queue(q), b.queue(q), q);
    }
    for (String s : original.memberships.keySet()) {
      KpisTest.assertSameOperator(a.operator(s), b.operator(s), s);
    }
  }

  @Test
  void aCallRingingAtTheRestartStillTimesOutAndAWrapUpStillEnds() {
    Desk original = setUp();
    before(original);
    original.at(33);
    Desk restored = restore(original, false);
    assertFalse(restored.center.callView("h2").orElseThrow().ringing().isEmpty());

    restored.at(36).tick();
    assertTrue(restored.routes().isEmpty(), "dan's 5 s after letting s2 ring out are not over");
    restored.at(39).tick();
    assertEquals(OperatorState.WRAP_UP, restored.state("ann"));
    assertEquals(List.of("s2->dan"), restored.routes());
    restored.at(40).tick();
    assertEquals(OperatorState.AVAILABLE, restored.state("ann"));
    assertEquals(1, restored.lines("WRAPUP").size());
    assertEquals("sales", restored.lines("WRAPUP").get(0).queueId());
    assertEquals(20_000L, restored.lines("WRAPUP").get(0).wrapMs());

    restored.at(41).tick();
    assertEquals("h2", restored.lines("NOANSWER").get(0).callId());
    assertEquals(new PbxCommand.CancelRing("h2", "eve", Desk.endpoint("eve")),
        restored.commands(PbxCommand.CancelRing.class).get(0));
    assertEquals(OperatorState.AVAILABLE, restored.state("eve"));
    // Back in line as a call-back and at once offered to ann, free since her wrap-up ended.
    assertEquals(List.of(new PbxCommand.Route("h2", "ann", Desk.endpoint("ann"), 10, true, "+39 333 2")),
        restored.commands(PbxCommand.Route.class));
  }
}
