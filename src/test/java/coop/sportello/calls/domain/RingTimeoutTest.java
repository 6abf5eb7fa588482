package coop.sportello.calls.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static coop.sportello.calls.domain.Desk.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Offers that are not answered: ring timeout, failed ringing, the 5 s pause on the same call, auto-pause. */
class RingTimeoutTest {

  private static Desk desk(int autoPauseAfter, String... subjects) {
    Desk.Q q = q("q", Strategy.LONGEST_IDLE);
    q.ringSeconds = 15;
    q.autoPauseAfter = autoPauseAfter;
    Desk d = new Desk().queue(q);
    for (String s : subjects) {
      d.operator(s, Map.of("q", 1));
    }
    return d;
  }

  @Test
  void aRingTimeoutPutsTheCallBackInItsPlaceAndCancelsTheRinging() {
    Desk d = desk(0, "ann");
    d.at(0).login("ann");
    d.at(10).arrive("c1", "q");
    assertEquals(List.of("c1->ann"), d.routes());
    d.at(11).arrive("c2", "q");
    assertEquals(1, d.position("c2"));

    d.at(24).tick();
    assertEquals(CallStatus.RINGING, d.call("c1").status(), "the deadline is at 25 s");
    assertTrue(d.last.log().isEmpty());

    d.at(25).tick();
    LogEntry noAnswer = d.lines("NOANSWER").get(0);
    assertEquals("c1", noAnswer.callId());
    assertEquals("ann", noAnswer.operator());
    assertEquals(List.of(new PbxCommand.CancelRing("c1", "ann", Desk.endpoint("ann"))),
        d.commands(PbxCommand.CancelRing.class));
    assertTrue(d.last.notices().contains(new Changes.Notice("ann", "offer-withdrawn", "c1")));
    LiveCall.View c1 = d.call("c1");
    assertEquals(CallStatus.WAITING, c1.status());
    assertTrue(c1.ringing().isEmpty());
    assertNull(c1.ringDeadline());
    assertEquals(Desk.T0.plusSeconds(10), c1.queueEnteredAt(), "the wait is not restarted");
    assertEquals(1, d.position("c1"), "back at the head, before c2 who came later");
    // ann may not get c1 again for 5 s, so she is offered c2 meanwhile.
    assertEquals(List.of("c2->ann"), d.routes());
    assertEquals(1, d.op("ann").unansweredInRow());
    assertEquals(1, d.center.kpis().operator("ann").unanswered());
    assertThrows(CallRefused.class, () -> d.center.answered("c1", "ann", d.now), "too late to answer");
  }

  @Test
  void theSameOperatorIsNotOfferedTheSameCallAgainFor5Seconds() {
    Desk d = desk(0, "ann", "bob");
    d.at(0).login("ann");
    d.at(10).arrive("c1", "q");
    d.at(25).tick();
    assertEquals(1, d.lines("NOANSWER").size());
    assertTrue(d.routes().isEmpty());
    assertEquals(OperatorState.AVAILABLE, d.state("ann"));

    for (int t = 26; t < 30; t++) {
      d.at(t).tick();
      assertTrue(d.routes().isEmpty(), "re-offered at " + t + " s");
    }
    d.at(30).tick();
    assertEquals(List.of("c1->ann"), d.routes(), "5 s later ann may have it again");

    // Another operator is offered it within those 5 s.
    d.at(45).tick();
    assertEquals(2, d.allLines("NOANSWER").size());
    d.at(47).login("bob");
    assertEquals(List.of("c1->bob"), d.routes());
  }

  @Test
  void ringFailedIsAnUnansweredOfferAndTheCallGoesToTheNextOperator() {
    Desk d = desk(0, "ann", "bob");
    d.at(0).login("ann");
    d.at(1).login("bob");
    d.at(10).arrive("c1", "q");
    assertEquals(List.of("c1->ann"), d.routes());

    assertEquals(CallStatus.RINGING, d.at(12).ringFailed("c1", "ann"));
    assertEquals("ann", d.lines("NOANSWER").get(0).operator());
    assertEquals(List.of("c1->bob"), d.routes());
    assertEquals(OperatorState.AVAILABLE, d.state("ann"));
    assertEquals(1, d.op("ann").unansweredInRow());
    assertEquals(Desk.T0.plusSeconds(27), d.call("c1").ringDeadline(), "a new ring time for bob");

    // A failure reported for someone the call no longer rings changes nothing.
    assertEquals(CallStatus.RINGING, d.ringFailed("c1", "ann"));
    assertTrue(d.last.isEmpty());
  }

  @Test
  void offersLeftUnansweredInARowPauseTheOperator() {
    Desk d = desk(3, "ann");
    d.at(0).login("ann");
    d.at(10).arrive("c1", "q");
    d.at(12).ringFailed("c1", "ann");
    d.at(17).tick();
    assertEquals(List.of("c1->ann"), d.routes());
    d.at(32).tick(); // ring timeout, second in a row
    assertEquals(OperatorState.AVAILABLE, d.state("ann"));
    assertEquals(2, d.op("ann").unansweredInRow());
    d.at(37).tick();
    assertEquals(List.of("c1->ann"), d.routes());
    d.at(38).ringFailed("c1", "ann");

    Operator.View ann = d.op("ann");
    assertEquals(OperatorState.PAUSED, ann.state());
    assertEquals("auto: offers not answered", ann.pauseReason());
    assertNull(ann.currentCall());
    LogEntry state = d.lines("STATE").get(0);
    assertEquals(Map.of("from", "reserved", "to", "paused", "durationMs", "1000", "reason", "auto: offers not answered"),
        state.data());
    assertEquals(CallStatus.WAITING, d.call("c1").status());
    d.at(60).tick();
    assertTrue(d.routes().isEmpty(), "a paused operator is offered nothing");

    d.resume("ann");
    assertEquals(0, d.op("ann").unansweredInRow());
    assertEquals(List.of("c1->ann"), d.routes());
  }

  @Test
  void anAnswerResetsTheCountOfUnansweredOffers() {
    Desk d = desk(2, "ann");
    d.at(0).login("ann");
    d.at(10).arrive("c1", "q");
    d.ringFailed("c1", "ann");
    assertEquals(1, d.op("ann").unansweredInRow());
    d.at(15).tick();
    d.answer("c1", "ann");
    assertEquals(0, d.op("ann").unansweredInRow());
    d.at(20).end("c1");

    d.at(30).arrive("c2", "q");
    d.ringFailed("c2", "ann");
    assertEquals(OperatorState.AVAILABLE, d.state("ann"), "one miss after an answer is not two in a row");
    assertEquals(1, d.op("ann").unansweredInRow());
    d.at(35).tick();
    d.ringFailed("c2", "ann");
    assertEquals(OperatorState.PAUSED, d.state("ann"));
  }
}
