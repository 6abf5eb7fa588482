package coop.sportello.calls.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static coop.sportello.calls.domain.Desk.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After a call the operator wraps up for the queue's time and gets no call from any queue meanwhile. */
class WrapUpTest {

  private static Desk desk() {
    Desk.Q sales = q("sales", Strategy.LONGEST_IDLE);
    sales.wrapUpSeconds = 30;
    Desk.Q help = q("help", Strategy.LONGEST_IDLE);
    help.wrapUpSeconds = 0;
    Desk.Q all = q("all", Strategy.RING_ALL);
    all.wrapUpSeconds = 5;
    Desk d = new Desk().queue(sales).queue(help).queue(all).queue(q("other", Strategy.LONGEST_IDLE));
    d.operator("ann", Map.of("sales", 1, "help", 1, "all", 1));
    // bob, free in a queue of his own, keeps the distributor looking for work while ann wraps up.
    d.operator("bob", Map.of("other", 1));
    d.at(0).login("ann");
    d.login("bob");
    return d;
  }

  @Test
  void wrapUpLastsTheQueueTimeAcrossEveryQueueAndEndsOnTick() {
    Desk d = desk();
    d.at(10).arrive("s1", "sales");
    d.at(12).answer("s1", "ann");
    d.at(72).end("s1");

    LogEntry complete = d.lines("COMPLETE").get(0);
    assertEquals(60_000L, complete.talkMs());
    assertEquals("ann", complete.operator());
    Operator.View ann = d.op("ann");
    assertEquals(OperatorState.WRAP_UP, ann.state());
    assertEquals(d.now.plusSeconds(30), ann.wrapUntil());
    assertEquals("sales", ann.wrapQueue());
    assertNull(ann.currentCall());

    // Calls of the other queues (no wrap-up there, ring-all there) wait: the wrap-up holds everywhere.
    d.at(75).arrive("h1", "help");
    assertTrue(d.routes().isEmpty());
    d.at(76).arrive("a1", "all");
    assertTrue(d.routes().isEmpty());
    d.at(80).arrive("s2", "sales");
    assertTrue(d.routes().isEmpty());
    d.at(101).tick();
    assertTrue(d.routes().isEmpty());
    assertEquals(OperatorState.WRAP_UP, d.state("ann"));
    assertTrue(d.allLines("WRAPUP").isEmpty());
    assertEquals(1, d.position("h1"));

    d.at(102).tick();
    LogEntry wrap = d.lines("WRAPUP").get(0);
    assertEquals(30_000L, wrap.wrapMs());
    assertEquals("sales", wrap.queueId());
    assertEquals("ann", wrap.operator());
    assertNull(wrap.callId());
    assertEquals(List.of("h1->ann"), d.routes(), "free again, the longest-waiting caller among the queues");
    assertEquals(d.now, d.op("ann").idleSince());
    assertNull(d.op("ann").wrapUntil());

    assertEquals(30_000L, d.center.kpis().queue("sales").wrapMs);
    assertEquals(0L, d.center.kpis().queue("help").wrapMs);
    assertEquals(30_000L, d.center.kpis().operator("ann").wrapMs());
    assertEquals(90.0, d.center.kpis().queue("sales").ahtSeconds(), 1e-9, "(60 s talk + 30 s wrap-up) / 1");
  }

  @Test
  void wrappedEndsItEarlyAndALateTickDoesNotEndItTwice() {
    Desk d = desk();
    d.at(10).arrive("s1", "sales");
    d.answer("s1", "ann");
    d.at(40).end("s1");
    d.at(41).arrive("s2", "sales");
    assertTrue(d.routes().isEmpty());

    d.at(52).wrapped("ann");
    LogEntry wrap = d.lines("WRAPUP").get(0);
    assertEquals(12_000L, wrap.wrapMs());
    assertEquals("sales", wrap.queueId());
    assertEquals(List.of("s2->ann"), d.routes());
    assertEquals(OperatorState.RESERVED, d.state("ann"));

    d.at(60).tick();
    assertEquals(OperatorState.RESERVED, d.state("ann"));
    d.answer("s2", "ann");
    // The wrap-up would have run until 70 s: a tick after that changes nothing.
    d.at(71).tick();
    assertEquals(1, d.allLines("WRAPUP").size());
    assertEquals(OperatorState.ON_CALL, d.state("ann"));
  }

  @Test
  void wrapUpOfAQueueWithoutItMakesTheOperatorAvailableAtOnce() {
    Desk d = desk();
    d.at(10).arrive("h1", "help");
    d.answer("h1", "ann");
    d.at(20).arrive("h2", "help");
    d.at(30).end("h1");
    assertEquals(List.of("h2->ann"), d.routes());
    assertTrue(d.allLines("WRAPUP").isEmpty());
  }
}
