package coop.sportello.calls.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static coop.sportello.calls.domain.Desk.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order callers are served in: caller priority, then queue priority, then who has waited longest. */
class OrderingTest {

  @Test
  void higherCallerPriorityGoesFirstAndPositionsFollowTheOrder() {
    Desk d = new Desk().queue(q("q", Strategy.LONGEST_IDLE));
    d.operator("ann", Map.of("q", 1));

    d.at(0).arrive("c1", "q");
    CallCenter.Admission a2 = d.at(1).arrive("c2", "q");
    assertEquals(2, a2.position());
    CallCenter.Admission vip = d.at(2).arrive("vip", "q", 5);
    assertEquals(1, vip.position(), "a priority caller goes to the head");
    assertEquals(1, d.lines("ENTER").get(0).position());
    assertEquals(1, d.position("vip"));
    assertEquals(2, d.position("c1"));
    assertEquals(3, d.position("c2"));

    d.at(10).login("ann");
    assertEquals(List.of("vip->ann"), d.routes());
    assertNull(d.position("vip"));
    assertEquals(1, d.position("c1"));
    assertEquals(2, d.position("c2"));
    d.answerAndEnd("vip");
    assertEquals(List.of("c1->ann"), d.routes());
    d.answerAndEnd("c1");
    assertEquals(List.of("c2->ann"), d.routes());
  }

  @Test
  void aHigherPriorityQueueGoesFirstButCallerPriorityComesBeforeIt() {
    Desk d = new Desk();
    Desk.Q high = q("high", Strategy.LONGEST_IDLE);
    high.priority = 10;
    d.queue(q("low", Strategy.LONGEST_IDLE)).queue(high);
    d.operator("ann", Map.of("low", 1, "high", 1));

    d.at(0).arrive("low1", "low");
    d.at(1).arrive("high1", "high");
    d.at(2).arrive("low2", "low", 1);
    d.at(3).arrive("high2", "high");
    // Positions are counted within each queue.
    assertEquals(1, d.position("low2"));
    assertEquals(2, d.position("low1"));
    assertEquals(1, d.position("high1"));
    assertEquals(2, d.position("high2"));

    d.at(10).login("ann");
    assertEquals(List.of("low2->ann"), d.routes(), "caller priority 1 beats queue priority");
    d.answerAndEnd("low2");
    assertEquals(List.of("high1->ann"), d.routes(), "then the higher-priority queue, although low1 waited longer");
    d.answerAndEnd("high1");
    assertEquals(List.of("high2->ann"), d.routes());
    d.answerAndEnd("high2");
    assertEquals(List.of("low1->ann"), d.routes());
  }

  @Test
  void anOperatorServingSeveralQueuesGetsTheLongestWaitingCallerAmongThem() {
    Desk d = new Desk().queue(q("x", Strategy.LONGEST_IDLE)).queue(q("y", Strategy.LONGEST_IDLE))
        .queue(q("z", Strategy.LONGEST_IDLE));
    d.operator("ann", Map.of("x", 1, "y", 1));
    d.operator("zed", Map.of("z", 1));

    d.at(0).arrive("z1", "z");
    d.at(1).arrive("y1", "y");
    d.at(2).arrive("x1", "x");
    d.at(3).arrive("y2", "y");
    d.at(4).arrive("x2", "x");

    // z1 waited longest, but nobody in z is free: it must not hold the others up.
    d.at(10).login("ann");
    assertEquals(List.of("y1->ann"), d.routes());
    d.answerAndEnd("y1");
    assertEquals(List.of("x1->ann"), d.routes());
    d.answerAndEnd("x1");
    assertEquals(List.of("y2->ann"), d.routes());
    d.answerAndEnd("y2");
    assertEquals(List.of("x2->ann"), d.routes());
    assertEquals(1, d.position("z1"));

    d.login("zed");
    assertEquals(List.of("z1->zed"), d.routes());
    assertTrue(d.center.liveCalls().stream().noneMatch(c -> c.status() == CallStatus.WAITING));
  }
}
