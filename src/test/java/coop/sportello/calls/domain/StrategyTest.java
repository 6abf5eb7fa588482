package coop.sportello.calls.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static coop.sportello.calls.domain.Desk.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which operator each strategy picks, and that only operators with the call's skills are offered it. */
class StrategyTest {

  private static Desk desk(Strategy strategy, String... subjects) {
    Desk d = new Desk().queue(q("q", strategy));
    for (String s : subjects) {
      d.operator(s, Map.of("q", 1));
    }
    return d;
  }

  @Test
  void longestIdlePicksWhoeverHasBeenFreeLongestNotTheFirstByName() {
    Desk d = desk(Strategy.LONGEST_IDLE, "ann", "bob", "cat");
    d.at(0).login("cat");
    d.at(10).login("ann");
    d.at(20).login("bob");

    d.at(30).arrive("c1", "q");
    assertEquals(List.of("c1->cat"), d.routes());
    PbxCommand.Route route = d.commands(PbxCommand.Route.class).get(0);
    assertEquals(Desk.endpoint("cat"), route.endpoint());
    assertEquals(15, route.ringSeconds());
    assertFalse(route.callback());
    assertEquals(OperatorState.RESERVED, d.state("cat"));
    assertEquals("c1", d.op("cat").currentCall());
    assertEquals(Set.of("cat"), d.call("c1").ringing());
    assertEquals(d.now.plusSeconds(15), d.call("c1").ringDeadline());

    d.arrive("c2", "q");
    assertEquals(List.of("c2->ann"), d.routes());
    d.arrive("c3", "q");
    assertEquals(List.of("c3->bob"), d.routes());

    // Calls end in the order bob, cat, ann: that is the new idle order.
    d.at(40).answer("c1", "cat");
    d.answer("c2", "ann");
    d.answer("c3", "bob");
    d.at(50).end("c3");
    d.at(60).end("c1");
    d.at(70).end("c2");
    assertEquals(Desk.T0.plusSeconds(50), d.op("bob").idleSince());

    d.at(80).arrive("c4", "q");
    assertEquals(List.of("c4->bob"), d.routes());
    d.arrive("c5", "q");
    assertEquals(List.of("c5->cat"), d.routes());
    d.arrive("c6", "q");
    assertEquals(List.of("c6->ann"), d.routes());
  }

  @Test
  void roundRobinRotatesWithMemoryWrapsAroundAndSkipsWhoIsNotAvailable() {
    Desk d = desk(Strategy.ROUND_ROBIN, "ann", "bob", "cat");
    // Logged in in reverse: longest idle would pick cat every time; round robin does not.
    d.at(0).login("cat");
    d.at(1).login("bob");
    d.at(2).login("ann");

    d.at(10).arrive("c1", "q");
    assertEquals(List.of("c1->ann"), d.routes());
    assertEquals(Set.of("q"), d.last.queues(), "the memory moved and is to be stored");
    assertEquals("ann", d.center.roundRobinLast("q").orElseThrow());
    d.answerAndEnd("c1");

    d.at(20).arrive("c2", "q");
    assertEquals(List.of("c2->bob"), d.routes());
    d.answerAndEnd("c2");
    d.at(30).arrive("c3", "q");
    assertEquals(List.of("c3->cat"), d.routes());
    d.answerAndEnd("c3");
    d.at(40).arrive("c4", "q");
    assertEquals(List.of("c4->ann"), d.routes(), "wraps around after the last member");
    d.answerAndEnd("c4");

    // bob is paused: after ann comes cat, and the memory then says cat.
    d.pause("bob", "coffee");
    d.at(50).arrive("c5", "q");
    assertEquals(List.of("c5->cat"), d.routes());
    d.answerAndEnd("c5");
    d.resume("bob");
    d.at(60).arrive("c6", "q");
    assertEquals(List.of("c6->ann"), d.routes());
    d.answerAndEnd("c6");
    d.at(70).arrive("c7", "q");
    assertEquals(List.of("c7->bob"), d.routes());
  }

  @Test
  void roundRobinMemorySurvivesRestoreRoundRobin() {
    Desk d = desk(Strategy.ROUND_ROBIN, "ann", "bob", "cat");
    d.login("ann");
    d.login("bob");
    d.login("cat");
    d.center.restoreRoundRobin("q", "bob");
    d.at(10).arrive("c1", "q");
    assertEquals(List.of("c1->cat"), d.routes());
    d.answerAndEnd("c1");
    d.at(20).arrive("c2", "q");
    assertEquals(List.of("c2->ann"), d.routes());

    Desk fresh = desk(Strategy.ROUND_ROBIN, "ann", "bob", "cat");
    fresh.login("ann");
    fresh.login("bob");
    fresh.login("cat");
    fresh.center.restoreRoundRobin("q", null);
    fresh.at(10).arrive("c1", "q");
    assertEquals(List.of("c1->ann"), fresh.routes(), "no memory: the first member");
  }

  @Test
  void fewestCallsSinceLoginWinsAndLongestIdleBreaksTies() {
    Desk d = desk(Strategy.FEWEST_CALLS, "ann", "bob", "cat");
    d.at(0).login("ann");
    d.login("bob");

    d.at(1).arrive("c1", "q");
    assertEquals(List.of("c1->ann"), d.routes(), "0 calls each, idle since the same instant: by name");
    d.answerAndEnd("c1");
    d.at(2).arrive("c2", "q");
    assertEquals(List.of("c2->bob"), d.routes());
    d.answerAndEnd("c2");

    // cat logs in last, so ann and bob have been idle longer, but cat has taken no calls.
    d.at(10).login("cat");
    d.at(11).arrive("c3", "q");
    assertEquals(List.of("c3->cat"), d.routes());
    d.answerAndEnd("c3");
    assertEquals(1, d.op("cat").callsTaken());

    // One call each: the longest idle (ann, free since 1 s) goes first.
    d.at(20).arrive("c4", "q");
    assertEquals(List.of("c4->ann"), d.routes());
    d.answerAndEnd("c4");
    assertEquals(2, d.op("ann").callsTaken());

    // bob logs out and in again: 0 calls since login, although idle for the shortest time.
    d.at(30).logout("bob");
    d.login("bob");
    assertEquals(0, d.op("bob").callsTaken());
    d.at(31).arrive("c5", "q");
    assertEquals(List.of("c5->bob"), d.routes());
    d.answerAndEnd("c5");
    d.at(32).arrive("c6", "q");
    assertEquals(List.of("c6->cat"), d.routes(), "cat (1 call, idle since 11) before bob (1, since 31) and ann (2)");
  }

  @Test
  void ringAllRingsEveryAvailableMemberAndTheFirstToAnswerWins() {
    Desk d = new Desk().queue(q("q", Strategy.RING_ALL));
    for (String s : List.of("ann", "bob", "cat", "dan", "eve")) {
      d.operator(s, Map.of("q", 1));
    }
    d.login("ann");
    d.login("bob");
    d.login("cat");
    d.login("dan");
    d.pause("dan", "lunch");
    // eve is a member but not logged in.

    d.at(5).arrive("c1", "q");
    assertEquals(List.of("c1->ann", "c1->bob", "c1->cat"), d.routes());
    assertEquals(Set.of("ann", "bob", "cat"), d.call("c1").ringing());
    for (String s : List.of("ann", "bob", "cat")) {
      assertEquals(OperatorState.RESERVED, d.state(s));
      assertEquals("c1", d.op(s).currentCall());
      assertTrue(d.last.notices().contains(new Changes.Notice(s, "offer", "c1")));
    }
    assertEquals(3, d.lines("OFFER").size());

    d.at(9).answer("c1", "bob");
    assertEquals(List.of(new PbxCommand.CancelRing("c1", "ann", Desk.endpoint("ann")),
        new PbxCommand.CancelRing("c1", "cat", Desk.endpoint("cat"))), d.commands(PbxCommand.CancelRing.class));
    assertTrue(d.last.notices().contains(new Changes.Notice("ann", "offer-withdrawn", "c1")));
    assertTrue(d.last.notices().contains(new Changes.Notice("cat", "offer-withdrawn", "c1")));
    assertTrue(d.last.notices().stream().noneMatch(n -> n.operator().equals("bob") && n.kind().equals("offer-withdrawn")));
    for (String s : List.of("ann", "cat")) {
      assertEquals(OperatorState.AVAILABLE, d.state(s));
      assertNull(d.op(s).currentCall());
      assertEquals(0, d.op(s).unansweredInRow(), "losing the race is not an unanswered offer");
    }
    assertTrue(d.lines("NOANSWER").isEmpty());
    LiveCall.View c1 = d.call("c1");
    assertEquals(CallStatus.ON_CALL, c1.status());
    assertEquals("bob", c1.operator());
    assertTrue(c1.ringing().isEmpty());
    assertNull(c1.ringDeadline());
    assertEquals(OperatorState.ON_CALL, d.state("bob"));

    // The next call rings the two who are still free.
    d.arrive("c2", "q");
    assertEquals(List.of("c2->ann", "c2->cat"), d.routes());
  }

  @Test
  void skillTiersUseTheLowestLevelWithSomeoneAvailable() {
    Desk d = new Desk().queue(q("q", Strategy.SKILL_TIERS));
    d.operator("dan", Map.of("q", 3));
    d.operator("ann", Map.of("q", 1));
    d.operator("bob", Map.of("q", 2));
    d.operator("cat", Map.of("q", 2));
    // dan (tier 3) has been idle longest, then cat, then bob, then ann.
    d.at(0).login("dan");
    d.at(1).login("cat");
    d.at(2).login("bob");
    d.at(3).login("ann");

    d.at(10).arrive("c1", "q");
    assertEquals(List.of("c1->ann"), d.routes());
    d.answer("c1", "ann");
    d.arrive("c2", "q");
    assertEquals(List.of("c2->cat"), d.routes(), "tier 1 busy: tier 2, longest idle first");
    d.answer("c2", "cat");
    d.arrive("c3", "q");
    assertEquals(List.of("c3->bob"), d.routes());
    d.answer("c3", "bob");
    d.arrive("c4", "q");
    assertEquals(List.of("c4->dan"), d.routes(), "tiers 1 and 2 all busy: tier 3");
    d.answer("c4", "dan");

    d.at(20).end("c4");
    d.at(21).end("c3");
    d.at(22).end("c1");
    // dan is idle longest again, yet ann (tier 1) is free.
    d.at(30).arrive("c5", "q");
    assertEquals(List.of("c5->ann"), d.routes());
    d.arrive("c6", "q");
    assertEquals(List.of("c6->bob"), d.routes());
    d.arrive("c7", "q");
    assertEquals(List.of("c7->dan"), d.routes());
  }

  @Test
  void aCallWithSkillsIsOfferedOnlyToOperatorsWithAllOfThem() {
    Desk d = new Desk().queue(q("q", Strategy.LONGEST_IDLE)).queue(q("all", Strategy.RING_ALL));
    d.operator("ann", Map.of("q", 1, "all", 1));
    d.operator("bob", Map.of("q", 1, "all", 1), "de");
    d.operator("cat", Map.of("q", 1, "all", 1), "de", "legal");
    d.at(0).login("ann");
    d.at(1).login("bob");
    d.at(2).login("cat");

    d.at(10).arrive("fr", "q", 0, "fr");
    assertTrue(d.routes().isEmpty(), "nobody speaks French");
    assertEquals(CallStatus.WAITING, d.call("fr").status());
    assertEquals(1, d.position("fr"));

    d.arrive("both", "q", 0, "de", "legal");
    assertEquals(List.of("both->cat"), d.routes(), "ann and bob have been idle longer but lack a skill");
    d.arrive("de", "q", 0, "de");
    assertEquals(List.of("de->bob"), d.routes());
    d.arrive("plain", "q");
    assertEquals(List.of("plain->ann"), d.routes());
    d.answerAndEnd("both");
    d.answerAndEnd("de");
    d.answerAndEnd("plain");

    d.at(20).arrive("r", "all", 0, "de");
    assertEquals(List.of("r->bob", "r->cat"), d.routes(), "ring-all too rings only those with the skills");
    assertEquals(CallStatus.WAITING, d.call("fr").status());
    assertEquals(OperatorState.AVAILABLE, d.state("ann"));
  }
}
