package coop.sportello.calls.domain;

import coop.sportello.chat.domain.BusinessHours;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static coop.sportello.calls.domain.Desk.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who is let in: business hours, a full queue, an empty queue, and leaving when the last operator goes. */
class AdmissionTest {

  private static final BusinessHours WEEKDAYS = BusinessHours.parse(List.of("MON-FRI 09:00-18:00"));

  private static Desk closedDesk(boolean closedCallback) {
    Desk.Q q = q("q", Strategy.LONGEST_IDLE);
    q.hours = WEEKDAYS;
    q.closedCallback = closedCallback;
    q.closedMessage = "Open Monday to Friday 9-18";
    Desk d = new Desk().queue(q);
    d.operator("ann", Map.of("q", 1));
    // T0 is Monday 10:00 in Rome; Saturday is five days on.
    d.at(5 * 24 * 3600);
    return d;
  }

  @Test
  void openHoursAreThoseOfRome() {
    Desk d = closedDesk(false);
    d.now = Desk.T0.minusSeconds(3600 + 1); // Monday 07:59:59 UTC = 08:59:59 in Rome
    assertEquals("closed", d.arrive("early", "q").action());
    d.now = Desk.T0.minusSeconds(3600);     // 09:00 in Rome
    assertEquals("queued", d.arrive("c1", "q").action());
  }

  @Test
  void closedCallersAreToldAndNotQueued() {
    Desk d = closedDesk(false);
    d.login("ann");
    CallCenter.Admission a = d.arrive("c1", "q");
    assertEquals("closed", a.action());
    assertEquals("Open Monday to Friday 9-18", a.text());
    assertNull(a.position());
    assertEquals(List.of("CLOSED"), d.last.log().stream().map(LogEntry::event).toList());
    assertTrue(d.last.commands().isEmpty());
    assertTrue(d.center.callView("c1").isEmpty());
    assertEquals(1, d.center.kpis().queue("q").closed());
    assertEquals(0, d.center.kpis().queue("q").offered());
  }

  @Test
  void withClosedCallbackTheNumberIsKeptForACallBack() {
    Desk d = closedDesk(true);
    CallCenter.Admission a = d.arrive("c1", "q");
    assertEquals("closed-callback", a.action());
    assertEquals("Open Monday to Friday 9-18", a.text());
    LiveCall.View c1 = d.call("c1");
    assertEquals(CallStatus.CALLBACK, c1.status());
    assertEquals("+39 059 c1", c1.callbackNumber());
    assertEquals(List.of("ENTER", "CALLBACK"), d.last.log().stream().map(LogEntry::event).toList());
    assertEquals(List.of(new PbxCommand.Hangup("c1", "callback-registered", "Open Monday to Friday 9-18")),
        d.last.commands());
    assertEquals(1, d.position("c1"));

    // Without a number to call back there is nothing to keep.
    CallCenter.Admission anonymous = d.center.arrive("c2", "q", null, null, 0, Set.of(), d.now);
    assertEquals("closed", anonymous.action());
  }

  @Test
  void aFullQueueRefusesCountingRingingCallers() {
    Desk.Q q = q("q", Strategy.LONGEST_IDLE);
    q.maxLength = 2;
    Desk d = new Desk().queue(q);
    d.operator("ann", Map.of("q", 1));
    d.login("ann");
    assertEquals("queued", d.arrive("c1", "q").action());
    assertEquals(CallStatus.RINGING, d.call("c1").status());
    assertEquals("queued", d.arrive("c2", "q").action());
    CallCenter.Admission full = d.arrive("c3", "q");
    assertEquals("full", full.action());
    assertEquals("FULL", d.last.log().get(0).event());
    assertTrue(d.center.callView("c3").isEmpty());
    assertEquals(1, d.center.kpis().queue("q").refused());

    // Once one leaves there is room again.
    d.end("c2");
    assertEquals("queued", d.arrive("c4", "q").action());
  }

  @Test
  void anEmptyQueueRefusesWhenItMayNotBeJoinedEmpty() {
    Desk.Q q = q("q", Strategy.LONGEST_IDLE);
    q.joinWhenEmpty = false;
    Desk d = new Desk().queue(q);
    d.operator("ann", Map.of("q", 1));
    assertEquals("empty", d.arrive("c1", "q").action());
    assertEquals("EMPTY", d.last.log().get(0).event());
    assertTrue(d.center.callView("c1").isEmpty());
    assertEquals(1, d.center.kpis().queue("q").refused());

    // A paused operator still staffs the queue.
    d.login("ann");
    d.pause("ann", "lunch");
    CallCenter.Admission a = d.arrive("c2", "q");
    assertEquals("queued", a.action());
    assertEquals(1, a.position());
  }

  @Test
  void whenTheLastOperatorLogsOutWaitingCallersAreLetGo() {
    Desk.Q q = q("q", Strategy.LONGEST_IDLE);
    q.leaveWhenEmpty = true;
    q.closedMessage = "Nobody is here";
    Desk d = new Desk().queue(q);
    d.operator("ann", Map.of("q", 1));
    d.operator("bob", Map.of("q", 1));
    d.login("ann");
    d.login("bob");
    d.pause("ann", "lunch");
    d.at(0).arrive("c1", "q");
    assertEquals(List.of("c1->bob"), d.routes());
    d.at(2).arrive("c2", "q");
    d.at(4).arrive("cb", "q");
    d.callback("cb", "+39 333 9");

    d.at(10).logout("ann");
    assertTrue(d.lines("LEAVEEMPTY").isEmpty(), "bob is still there");

    // bob logs out while c1 rings for him: c1 goes back to waiting and then, with nobody left, goes.
    d.at(20).logout("bob");
    assertTrue(d.last.commands().contains(new PbxCommand.CancelRing("c1", "bob", Desk.endpoint("bob"))));
    List<LogEntry> left = d.lines("LEAVEEMPTY");
    assertEquals(List.of("c1", "c2"), left.stream().map(LogEntry::callId).toList());
    assertEquals(20_000L, left.get(0).waitMs());
    assertEquals(18_000L, left.get(1).waitMs());
    assertTrue(d.last.commands().contains(new PbxCommand.Hangup("c1", "empty", "Nobody is here")));
    assertTrue(d.last.commands().contains(new PbxCommand.Hangup("c2", "empty", "Nobody is here")));
    assertEquals(CallStatus.LEFT, d.last.calls().get("c1").status());
    assertEquals(CallStatus.LEFT, d.last.calls().get("c2").status());
    assertTrue(d.center.callView("c1").isEmpty());
    assertEquals(OperatorState.OFFLINE, d.state("bob"));
    assertNull(d.op("bob").currentCall());
    // The call-back keeps its place: that caller has already hung up.
    assertEquals(CallStatus.CALLBACK, d.call("cb").status());
    assertEquals(1, d.position("cb"));
    assertEquals(2, d.center.kpis().queue("q").abandoned());
  }
}
