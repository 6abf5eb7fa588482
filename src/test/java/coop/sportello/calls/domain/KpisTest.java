package coop.sportello.calls.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static coop.sportello.calls.domain.Desk.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KPIs of DOMAIN.md over a scenario whose figures are worked out by hand. */
class KpisTest {

  private static final double EPS = 1e-12;

  /**
   * One queue, T = 20 s, wrap-up 10 s, two operators. Timeline (seconds):
   * <pre>
   *   0 c1 arrives          5 c2 arrives         10 ann logs in, rung for c1    12 ann answers c1 (waited 12)
   *  30 c3 arrives         35 bob logs in, rung for c2                          40 bob answers c2 (waited 35)
   *  50 c3 hangs up (waited 20)                   60 c4 arrives (everyone busy)
   *  72 ann ends c1 (talk 60), wraps up until 82  82 tick: ann free, rung for c4
   *  90 ann answers c4 (waited 30)                95 c5 arrives
   * 100 bob ends c2 (talk 60), wraps up          105 bob ends the wrap-up early (5), rung for c5
   * 110 bob answers c5 (waited 15)               150 ann ends c4 (talk 60)      160 tick: ann's wrap-up ends (10)
   * 170 bob ends c5 (talk 60)                    180 tick: bob's wrap-up ends (10)
   * </pre>
   * Offered 5, answered 4 (waits 12, 35, 30, 15), abandoned 1. Within 20 s: c1 and c5.
   * SL = 2/4 = 0.5; with abandoned 2/(4+1) = 0.4; ASA = (12+35+30+15)/4 = 23 s;
   * AHT = (4 x 60 talk + 10+5+10+10 wrap) / 4 handled = 275/4 = 68.75 s; abandon rate 1/5.
   * Occupancy, over the states that ended by 180 s:
   * ann handling 60+10+60+10 = 140, idle 0+2+0+8 = 10 (reserved 10-12 and 82-90): 140/150;
   * bob handling 60+5+60+10 = 135, idle 5+5 = 10 (reserved 35-40 and 105-110): 135/145.
   */
  @Test
  void callsEndedAsSoonAsAnsweredLeaveTheForecastOnThePlanningHandleTime() {
    Desk.Q q = q("q", Strategy.LONGEST_IDLE);
    q.wrapUpSeconds = 0;
    q.defaultHandleSeconds = 240;
    Desk d = new Desk().queue(q);
    d.operator("ann", Map.of("q", 1));
    d.at(0).login("ann");
    d.at(1).arrive("c1", "q");
    d.at(2).answer("c1", "ann");
    d.at(2).end("c1");
    d.at(3).tick();

    assertEquals(0.0, d.center.kpis().queue("q").ahtSeconds(), EPS, "measured: no talk, no wrap-up");
    assertEquals(240.0, d.center.handleSeconds("q"), EPS, "a handle time of 0 s forecasts nothing");
    assertTrue(ErlangC.staffing(0.01, d.center.handleSeconds("q"), 20, 0.8).agents() >= 1);
  }

  @Test
  void aHandWorkedDayGivesTheFiguresOfTheDefinitions() {
    Desk.Q q = q("q", Strategy.LONGEST_IDLE);
    q.slSeconds = 20;
    q.wrapUpSeconds = 10;
    Desk d = new Desk().queue(q);
    d.operator("ann", Map.of("q", 1));
    d.operator("bob", Map.of("q", 1));

    d.at(0).arrive("c1", "q");
    d.at(5).arrive("c2", "q");
    d.at(10).login("ann");
    d.at(12).answer("c1", "ann");
    d.at(30).arrive("c3", "q");
    d.at(35).login("bob");
    d.at(40).answer("c2", "bob");
    d.at(50).end("c3");
    d.at(60).arrive("c4", "q");
    d.at(72).end("c1");
    d.at(82).tick();
    d.at(90).answer("c4", "ann");
    d.at(95).arrive("c5", "q");
    d.at(100).end("c2");
    d.at(105).wrapped("bob");
    d.at(110).answer("c5", "bob");
    d.at(150).end("c4");
    d.at(160).tick();
    d.at(170).end("c5");
    d.at(180).tick();

    Kpis.QueueTotals t = d.center.kpis().queue("q");
    assertEquals(5, t.offered());
    assertEquals(4, t.answered());
    assertEquals(1, t.abandoned());
    assertEquals(4, t.handled());
    assertEquals(35_000L, t.longestAnsweredWaitMs());
    assertEquals(0.5, t.serviceLevel(), EPS);
    assertEquals(0.4, t.serviceLevelWithAbandoned(), EPS);
    assertEquals(23.0, t.asaSeconds(), EPS);
    assertEquals(68.75, t.ahtSeconds(), EPS);
    assertEquals(0.2, t.abandonRate(), EPS);
    assertEquals(0, t.overflowed());
    assertEquals(0, t.callbacks());

    Kpis.OperatorTotals ann = d.center.kpis().operator("ann");
    assertEquals(2, ann.answered());
    assertEquals(0, ann.unanswered());
    assertEquals(120_000L, ann.talkMs());
    assertEquals(20_000L, ann.wrapMs());
    assertEquals(140.0 / 150.0, ann.occupancy(), EPS);
    Kpis.OperatorTotals bob = d.center.kpis().operator("bob");
    assertEquals(2, bob.answered());
    assertEquals(120_000L, bob.talkMs());
    assertEquals(15_000L, bob.wrapMs());
    assertEquals(135.0 / 145.0, bob.occupancy(), EPS);

    // The same figures from the stored log alone.
    Kpis folded = d.fold();
    assertSameQueue(t, folded.queue("q"), "q");
    assertSameOperator(ann, folded.operator("ann"), "ann");
    assertSameOperator(bob, folded.operator("bob"), "bob");
  }

  @Test
  void answeredWithinTheThresholdIncludesTheThresholdAndRatesAreNullBeforeAnyCall() {
    Kpis k = new Kpis(id -> 20);
    Kpis.QueueTotals t = k.queue("q");
    assertNull(t.serviceLevel());
    assertNull(t.serviceLevelWithAbandoned());
    assertNull(t.asaSeconds());
    assertNull(t.ahtSeconds());
    assertNull(t.abandonRate());
    assertNull(k.operator("ann").occupancy());

    k.apply(new LogEntry(Desk.T0, "a", "q", "ann", "CONNECT", 20_000L, null, null, null, Map.of()));
    k.apply(new LogEntry(Desk.T0, "b", "q", "ann", "CONNECT", 20_001L, null, null, null, Map.of()));
    assertEquals(0.5, t.serviceLevel(), EPS);
    assertEquals(20.0005, t.asaSeconds(), EPS);
  }

  static void assertSameQueue(Kpis.QueueTotals a, Kpis.QueueTotals b, String q) {
    assertEquals(a.offered, b.offered, q + " offered");
    assertEquals(a.answered, b.answered, q + " answered");
    assertEquals(a.answeredWithinThreshold, b.answeredWithinThreshold, q + " answered within T");
    assertEquals(a.abandoned, b.abandoned, q + " abandoned");
    assertEquals(a.overflowed, b.overflowed, q + " overflowed");
    assertEquals(a.callbacks, b.callbacks, q + " callbacks");
    assertEquals(a.closed, b.closed, q + " closed");
    assertEquals(a.refused, b.refused, q + " refused");
    assertEquals(a.totalAnsweredWaitMs, b.totalAnsweredWaitMs, q + " total wait");
    assertEquals(a.longestAnsweredWaitMs, b.longestAnsweredWaitMs, q + " longest wait");
    assertEquals(a.handled, b.handled, q + " handled");
    assertEquals(a.talkMs, b.talkMs, q + " talk");
    assertEquals(a.wrapMs, b.wrapMs, q + " wrap");
    assertEquals(a.serviceLevel(), b.serviceLevel(), q + " SL");
    assertEquals(a.serviceLevelWithAbandoned(), b.serviceLevelWithAbandoned(), q + " SL with abandoned");
    assertEquals(a.asaSeconds(), b.asaSeconds(), q + " ASA");
    assertEquals(a.ahtSeconds(), b.ahtSeconds(), q + " AHT");
  }

  static void assertSameOperator(Kpis.OperatorTotals a, Kpis.OperatorTotals b, String s) {
    assertEquals(a.answered, b.answered, s + " answered");
    assertEquals(a.unanswered, b.unanswered, s + " unanswered");
    assertEquals(a.talkMs, b.talkMs, s + " talk");
    assertEquals(a.wrapMs, b.wrapMs, s + " wrap");
    assertEquals(a.handlingMs, b.handlingMs, s + " handling");
    assertEquals(a.idleMs, b.idleMs, s + " idle");
    assertEquals(a.pausedMs, b.pausedMs, s + " paused");
    assertEquals(a.occupancy(), b.occupancy(), s + " occupancy");
  }
}
