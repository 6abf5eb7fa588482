package coop.sportello.calls.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static coop.sportello.calls.domain.Desk.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Overflow to another queue after a timeout, and the queued call-back that keeps the caller's place. */
class OverflowAndCallbackTest {

  @Test
  void aCallerOverflowsAfterTheTimeoutAndKeepsTheOriginalArrivalForOrdering() {
    Desk.Q main = q("main", Strategy.LONGEST_IDLE);
    main.overflowQueue = "backup";
    main.overflowSeconds = 60;
    Desk d = new Desk().queue(main).queue(q("backup", Strategy.LONGEST_IDLE));
    d.operator("ann", Map.of("main", 1));
    d.operator("bob", Map.of("backup", 1));
    d.login("ann");
    d.pause("ann", "meeting");
    d.login("bob");
    d.pause("bob", "meeting");

    d.at(0).arrive("m1", "main");
    d.at(10).arrive("b1", "backup");
    d.at(59).tick();
    assertEquals("main", d.call("m1").queueId());
    assertTrue(d.last.log().isEmpty());

    d.at(60).tick();
    List<LogEntry> lines = d.last.log();
    assertEquals(List.of("OVERFLOW", "ENTER"), lines.stream().map(LogEntry::event).toList());
    LogEntry overflow = lines.get(0);
    assertEquals("m1", overflow.callId());
    assertEquals("main", overflow.queueId());
    assertEquals(60_000L, overflow.waitMs());
    assertEquals(Map.of("to", "backup"), overflow.data());
    LogEntry enter = lines.get(1);
    assertEquals("backup", enter.queueId());
    assertEquals(1, enter.position(), "ahead of b1, who arrived later");
    assertEquals(Map.of("overflowFrom", "main"), enter.data());

    LiveCall.View m1 = d.call("m1");
    assertEquals("backup", m1.queueId());
    assertEquals(Desk.T0, m1.arrivedAt());
    assertEquals(d.now, m1.queueEnteredAt());
    assertEquals(CallStatus.WAITING, m1.status());
    assertEquals(1, d.position("m1"));
    assertEquals(2, d.position("b1"));
    assertEquals(0, d.center.waitingIn("main"));

    d.at(70).resume("bob");
    assertEquals(List.of("m1->bob"), d.routes());
    d.at(75).answer("m1", "bob");
    assertEquals(15_000L, d.lines("CONNECT").get(0).waitMs(), "the wait counted in backup is from entering it");

    Kpis k = d.center.kpis();
    assertEquals(1, k.queue("main").offered());
    assertEquals(1, k.queue("main").overflowed());
    assertEquals(0, k.queue("main").answered());
    assertEquals(2, k.queue("backup").offered());
    assertEquals(1, k.queue("backup").answered());

    // Ann, in main only, is not offered the call that left main.
    d.resume("ann");
    assertTrue(d.routes().isEmpty());
  }

  private static Desk callbackDesk() {
    Desk d = new Desk().queue(q("q", Strategy.LONGEST_IDLE));
    d.operator("ann", Map.of("q", 1));
    d.operator("bob", Map.of("q", 1));
    d.login("ann");
    d.pause("ann", "training");
    return d;
  }

  @Test
  void aQueuedCallBackKeepsItsPlaceAndIsDialledWhenAnOperatorIsFree() {
    Desk d = callbackDesk();
    d.at(0).arrive("c1", "q");
    d.at(10).arrive("c2", "q");

    assertEquals(CallStatus.CALLBACK, d.at(20).callback("c1", "+39 333 1234567"));
    assertEquals(List.of(new PbxCommand.Hangup("c1", "callback-registered", null)), d.last.commands());
    assertEquals("CALLBACK", d.lines("CALLBACK").get(0).event());
    LiveCall.View c1 = d.call("c1");
    assertEquals(CallStatus.CALLBACK, c1.status());
    assertEquals("+39 333 1234567", c1.callbackNumber());

    d.at(30).arrive("c3", "q");
    assertEquals(1, d.position("c1"));
    assertEquals(2, d.position("c2"));
    assertEquals(3, d.position("c3"));

    // The caller's own leg ending after they asked for the call-back is not an abandon.
    assertEquals(CallStatus.CALLBACK, d.at(31).end("c1"));
    assertTrue(d.last.log().isEmpty());
    assertEquals(CallStatus.CALLBACK, d.callback("c1", "+39 333 1234567"), "asking twice changes nothing");

    d.at(40).resume("ann");
    assertEquals(List.of(new PbxCommand.Route("c1", "ann", Desk.endpoint("ann"), 15, true, "+39 333 1234567")),
        d.commands(PbxCommand.Route.class));
    assertEquals(CallStatus.RINGING, d.call("c1").status());
    // The call-back leg failing is not the caller hanging up.
    assertEquals(CallStatus.RINGING, d.at(42).end("c1"));
    assertEquals(CallStatus.ON_CALL, d.at(45).answer("c1", "ann"));
    LogEntry connect = d.lines("CONNECT").get(0);
    assertEquals(Map.of("callback", "true"), connect.data());
    assertEquals(45_000L, connect.waitMs());
    assertEquals(OperatorState.ON_CALL, d.state("ann"));
    assertEquals(CallStatus.ENDED, d.at(100).end("c1"));
    assertEquals(1, d.center.kpis().queue("q").callbacks());
  }

  @Test
  void aCallBackThatRingsOutGoesBackToCallBackNotWaiting() {
    Desk d = callbackDesk();
    d.at(0).arrive("c1", "q");
    d.callback("c1", "+39 333 1");
    d.at(5).resume("ann");
    assertEquals(List.of("c1->ann"), d.routes());
    d.at(20).tick();
    assertEquals(CallStatus.CALLBACK, d.call("c1").status());
    assertEquals("+39 333 1", d.call("c1").callbackNumber());
    assertEquals(1, d.position("c1"));
  }

  @Test
  void askingForACallBackWhileRingingReleasesTheOperatorWithoutCountingItAgainstThem() {
    Desk d = callbackDesk();
    d.login("bob");
    d.at(0).arrive("c1", "q");
    assertEquals(List.of("c1->bob"), d.routes());
    d.at(3).callback("c1", "+39 333 2");
    assertTrue(d.last.commands().contains(new PbxCommand.CancelRing("c1", "bob", Desk.endpoint("bob"))));
    assertTrue(d.last.commands().contains(new PbxCommand.Hangup("c1", "callback-registered", null)));
    assertTrue(d.lines("NOANSWER").isEmpty());
    assertEquals(0, d.op("bob").unansweredInRow());
    // bob is free again and the call-back is offered to him at once, now as a call-back.
    PbxCommand.Route route = d.commands(PbxCommand.Route.class).get(0);
    assertEquals("bob", route.operator());
    assertTrue(route.callback());
    assertEquals("+39 333 2", route.number());
    assertNull(d.position("c1"));
  }
}
