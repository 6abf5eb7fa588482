package coop.sportello.calls.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static coop.sportello.calls.domain.Desk.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A caller hanging up before being answered. */
class AbandonTest {

  @Test
  void abandonWhileWaitingLogsThePlaceAndTheWaitAndMovesTheOthersUp() {
    Desk d = new Desk().queue(q("q", Strategy.LONGEST_IDLE));
    d.operator("ann", Map.of("q", 1));
    d.at(0).arrive("c1", "q");
    d.at(5).arrive("c2", "q");
    d.at(10).arrive("c3", "q");

    assertEquals(CallStatus.ABANDONED, d.at(25).end("c2"));
    LogEntry abandon = d.lines("ABANDON").get(0);
    assertEquals("c2", abandon.callId());
    assertEquals("q", abandon.queueId());
    assertEquals(2, abandon.position());
    assertEquals(20_000L, abandon.waitMs());
    assertNull(abandon.operator());
    LiveCall.View stored = d.last.calls().get("c2");
    assertEquals(CallStatus.ABANDONED, stored.status());
    assertEquals(d.now, stored.endedAt());
    assertTrue(d.center.callView("c2").isEmpty());
    assertEquals(2, d.position("c3"));
    assertEquals(1, d.position("c1"));
    assertEquals(2, d.center.waitingIn("q"));
    assertEquals(1, d.center.kpis().queue("q").abandoned());
    assertEquals(CallStatus.ENDED, d.end("c2"), "a second hang-up of a gone call is harmless");
    assertTrue(d.last.isEmpty());
  }

  @Test
  void abandonWhileRingingReleasesTheOperatorsWithoutCountingItAgainstThem() {
    Desk d = new Desk().queue(q("all", Strategy.RING_ALL));
    d.operator("ann", Map.of("all", 1));
    d.operator("bob", Map.of("all", 1));
    d.login("ann");
    d.login("bob");
    d.at(0).arrive("c1", "all");
    assertEquals(List.of("c1->ann", "c1->bob"), d.routes());

    assertEquals(CallStatus.ABANDONED, d.at(8).end("c1"));
    assertEquals(List.of(new PbxCommand.CancelRing("c1", "ann", Desk.endpoint("ann")),
        new PbxCommand.CancelRing("c1", "bob", Desk.endpoint("bob"))), d.last.commands());
    assertTrue(d.last.notices().contains(new Changes.Notice("ann", "offer-withdrawn", "c1")));
    assertTrue(d.last.notices().contains(new Changes.Notice("bob", "offer-withdrawn", "c1")));
    LogEntry abandon = d.lines("ABANDON").get(0);
    assertEquals(8_000L, abandon.waitMs());
    assertEquals(1, abandon.position(), "the caller was first in line when they hung up");
    assertTrue(d.lines("NOANSWER").isEmpty());
    for (String s : List.of("ann", "bob")) {
      Operator.View o = d.op(s);
      assertEquals(OperatorState.AVAILABLE, o.state());
      assertNull(o.currentCall());
      assertEquals(0, o.unansweredInRow());
      assertEquals(0, d.center.kpis().operator(s).unanswered());
    }
    assertTrue(d.center.callView("c1").isEmpty());
    assertEquals(1, d.center.kpis().queue("all").abandoned());

    // The ringing deadline of the gone call fires nothing later.
    d.at(30).tick();
    assertTrue(d.last.log().isEmpty());
  }

  @Test
  void aRingingCallerWhoHangsUpBehindAPriorityCallerLogsTheirPlaceInLine() {
    Desk d = new Desk().queue(q("q", Strategy.LONGEST_IDLE));
    d.operator("ann", Map.of("q", 1));
    d.login("ann");
    d.at(0).arrive("c1", "q");
    assertEquals(List.of("c1->ann"), d.routes());
    d.at(1).arrive("vip", "q", 9);
    d.at(2).arrive("c2", "q");
    assertEquals(CallStatus.ABANDONED, d.at(4).end("c1"));
    assertEquals(2, d.lines("ABANDON").get(0).position(), "behind the priority caller, ahead of c2");
    assertEquals(List.of("vip->ann"), d.routes());
  }
}
