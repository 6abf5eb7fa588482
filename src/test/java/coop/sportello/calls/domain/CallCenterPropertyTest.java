package coop.sportello.calls.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static coop.sportello.calls.domain.Desk.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of random steps over several queues and operators; after every one the distributor's
 * state must hang together, and at the end the KPIs folded from the log must equal the live ones.
 */
class CallCenterPropertyTest {

  private static final List<String> QUEUES = List.of("a", "b", "c", "d", "e");
  private static final List<String> SKILLS = List.of("de", "en", "legal");
  private static final int STEPS = 5_000;

  @Test
  void invariantsHoldAfterEveryStep() {
    for (long seed = 1; seed <= 4; seed++) {
      new Run(seed).go();
    }
  }

  private static final class Run {
    final long seed;
    final Random random;
    final Desk d = new Desk();
    final List<String> subjects = new ArrayList<>();
    /** call id -> operator -> until when they are not offered it again (from NOANSWER lines). */
    final Map<String, Map<String, Instant>> skips = new HashMap<>();
    int step;
    String what;
    int nextCall;
    final Map<String, Integer> counts = new LinkedHashMap<>();

    Run(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
    }

    void go() {
      setUp();
      for (step = 0; step < STEPS; step++) {
        try {
          act();
          Changes changes = d.last;
          counts.merge(what.split(" ")[0], 1, Integer::sum);
          track(changes);
          checkOffers(changes);
          checkState();
          if (what.startsWith("tick")) {
            checkNobodyIdleWhileACallerTheyCouldTakeWaits();
          }
        } catch (AssertionError e) {
          throw new AssertionError("seed " + seed + ", step " + step + " (" + what + " at " + d.seconds() + " s): "
              + e.getMessage(), e);
        }
      }
      // The run went through what it is meant to exercise.
      Kpis live = d.center.kpis();
      Map<String, String> perQueue = new LinkedHashMap<>();
      for (String q : QUEUES) {
        Kpis.QueueTotals t = live.queue(q);
        perQueue.put(q, "offered " + t.offered() + " answered " + t.answered() + " abandoned " + t.abandoned()
            + " refused " + t.refused() + " overflowed " + t.overflowed());
      }
      System.out.println("seed " + seed + ": " + perQueue + " NOANSWER " + d.allLines("NOANSWER").size() + " OVERFLOW "
          + d.allLines("OVERFLOW").size() + " WRAPUP " + d.allLines("WRAPUP").size() + " LEAVEEMPTY "
          + d.allLines("LEAVEEMPTY").size() + " EMPTY " + d.allLines("EMPTY").size() + " CALLBACK "
          + d.allLines("CALLBACK").size() + " steps " + counts);
      for (String q : QUEUES) {
        assertTrue(live.queue(q).answered() > 10, "seed " + seed + ": few answers in " + q + " " + perQueue
            + " " + d.memberships + " " + counts);
      }
      assertTrue(d.allLines("NOANSWER").size() > 20, "ring-outs " + counts);
      assertTrue(d.allLines("OVERFLOW").size() > 5, "overflows " + counts);
      assertTrue(d.allLines("WRAPUP").size() > 20, "wrap-ups " + counts);
      assertTrue(d.allLines("LEAVEEMPTY").size() + d.allLines("EMPTY").size() > 0, "empty queues " + counts);
      assertTrue(d.allLines("STATE").stream().anyMatch(e -> "auto: offers not answered".equals(e.data().get("reason"))),
          "auto-pause " + counts);
      assertTrue(d.log.stream().anyMatch(e -> e.event().equals("CONNECT") && "true".equals(e.data().get("callback"))),
          "answered call-backs " + counts);

      Kpis folded = d.fold();
      for (String q : QUEUES) {
        KpisTest.assertSameQueue(folded.queue(q), live.queue(q), "seed " + seed + " queue " + q);
      }
      assertEquals(folded.queues().keySet(), live.queues().keySet());
      for (String s : subjects) {
        KpisTest.assertSameOperator(folded.operator(s), live.operator(s), "seed " + seed + " operator " + s);
      }
      assertEquals(folded.operators().keySet(), live.operators().keySet());
    }

    void setUp() {
      Desk.Q a = q("a", Strategy.LONGEST_IDLE);
      a.wrapUpSeconds = 5;
      a.ringSeconds = 10;
      a.autoPauseAfter = 3;
      a.overflowQueue = "b";
      a.overflowSeconds = 60;
      a.announceSeconds = 15;
      a.maxLength = 8;
      Desk.Q b = q("b", Strategy.ROUND_ROBIN);
      b.ringSeconds = 8;
      b.priority = 2;
      b.maxLength = 10;
      b.announceSeconds = 20;
      Desk.Q c = q("c", Strategy.RING_ALL);
      c.wrapUpSeconds = 3;
      c.ringSeconds = 12;
      c.autoPauseAfter = 2;
      c.joinWhenEmpty = false;
      c.leaveWhenEmpty = true;
      Desk.Q dq = q("d", Strategy.FEWEST_CALLS);
      dq.wrapUpSeconds = 2;
      dq.ringSeconds = 6;
      dq.overflowQueue = "e";
      dq.overflowSeconds = 45;
      Desk.Q e = q("e", Strategy.SKILL_TIERS);
      e.wrapUpSeconds = 4;
      e.ringSeconds = 9;
      e.priority = 1;
      e.leaveWhenEmpty = true;
      d.queue(a).queue(b).queue(c).queue(dq).queue(e);
      for (int i = 1; i <= 8; i++) {
        String s = "op" + i;
        subjects.add(s);
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (String q : QUEUES) {
          if (random.nextInt(10) < 6) {
            levels.put(q, 1 + random.nextInt(3));
          }
        }
        // Queue c (not joined empty, left when empty) has just two members, so it does empty out.
        levels.remove("c");
        if (i <= 2) {
          levels.put("c", i);
        }
        if (levels.isEmpty()) {
          levels.put(QUEUES.get(random.nextInt(QUEUES.size())), 1);
        }
        List<String> skills = new ArrayList<>();
        for (String skill : SKILLS) {
          if (random.nextInt(10) < 5) {
            skills.add(skill);
          }
        }
        d.operator(s, levels, skills.toArray(String[]::new));
      }
      // Every queue has someone.
      for (String q : QUEUES) {
        if (d.memberships.values().stream().noneMatch(m -> m.containsKey(q))) {
          String s = subjects.get(random.nextInt(subjects.size()));
          Map<String, Integer> levels = new LinkedHashMap<>(d.memberships.get(s));
          levels.put(q, 1);
          d.center.setMemberships(s, levels);
          d.memberships.put(s, Map.copyOf(levels));
        }
      }
      subjects.forEach(s -> d.login(s));
    }

    // ---------------------------------------------------------------- one random step

    void act() {
      if (random.nextBoolean()) {
        d.advance(1);
      }
      int r = random.nextInt(100);
      if (r < 13) {
        arrive();
      } else if (r < 31) {
        answer();
      } else if (r < 35) {
        ringFailed();
      } else if (r < 47) {
        hangUp();
      } else if (r < 51) {
        callback();
      } else if (r < 55) {
        pause();
      } else if (r < 60) {
        resume();
      } else if (r < 65) {
        login();
      } else if (r < 68) {
        logout();
      } else if (r < 71) {
        wrapped();
      } else if (r < 73) {
        answerAnything();
      } else {
        int seconds = random.nextInt(5);
        d.advance(seconds);
        what = "tick +" + seconds;
        d.tick();
      }
    }

    void arrive() {
      String id = "k" + nextCall++;
      String q = pick(QUEUES);
      int priority = random.nextInt(12) == 0 ? 1 + random.nextInt(2) : 0;
      Set<String> skills = new LinkedHashSet<>();
      if (random.nextInt(4) == 0) {
        skills.add(pick(SKILLS));
        if (random.nextInt(5) == 0) {
          skills.add(pick(SKILLS));
        }
      }
      what = "arrive " + id + " in " + q + " p" + priority + " " + skills;
      String from = random.nextInt(10) == 0 ? null : "+39 059 " + id;
      CallCenter.Admission admission = d.center.arrive(id, q, from, null, priority, skills, d.now);
      d.drain();
      switch (admission.action()) {
        case "queued" -> {
          LiveCall.View c = d.call(id);
          assertEquals(c.status() == CallStatus.RINGING ? null : admission.position(), d.position(id));
        }
        case "full" -> assertTrue(d.center.waitingIn(q) >= d.settings.get(q).maxLength());
        case "empty" -> assertEquals(0, d.center.staffed(q));
        default -> fail("unexpected admission " + admission);
      }
    }

    void answer() {
      List<LiveCall.View> ringing = calls(CallStatus.RINGING);
      if (ringing.isEmpty()) {
        what = "answer (nothing rings)";
        d.drain();
        return;
      }
      LiveCall.View c = pick(ringing);
      String s = pick(new ArrayList<>(c.ringing()));
      what = "answer " + c.id() + " by " + s;
      assertEquals(CallStatus.ON_CALL, d.answer(c.id(), s));
      assertEquals(s, d.call(c.id()).operator());
    }

    void ringFailed() {
      List<LiveCall.View> ringing = calls(CallStatus.RINGING);
      if (ringing.isEmpty()) {
        what = "ringFailed (nothing rings)";
        d.drain();
        return;
      }
      LiveCall.View c = pick(ringing);
      String s = pick(new ArrayList<>(c.ringing()));
      what = "ringFailed " + c.id() + " for " + s;
      d.ringFailed(c.id(), s);
      assertTrue(d.lines("NOANSWER").stream().anyMatch(e -> e.callId().equals(c.id()) && e.operator().equals(s)));
    }

    void hangUp() {
      List<LiveCall.View> live = d.center.liveCalls();
      if (live.isEmpty()) {
        what = "hang up (no calls)";
        d.drain();
        return;
      }
      List<LiveCall.View> talking = live.stream().filter(c -> c.status() == CallStatus.ON_CALL).toList();
      LiveCall.View c = !talking.isEmpty() && random.nextInt(3) > 0 ? pick(talking) : pick(live);
      what = "hang up " + c.id() + " " + c.status();
      CallStatus after = d.end(c.id());
      switch (c.status()) {
        case WAITING -> assertEquals(CallStatus.ABANDONED, after);
        case RINGING -> assertEquals(c.callbackNumber() == null ? CallStatus.ABANDONED : CallStatus.RINGING, after);
        case ON_CALL -> assertEquals(CallStatus.ENDED, after);
        case CALLBACK -> assertEquals(CallStatus.CALLBACK, after);
        default -> fail("a live call with status " + c.status());
      }
    }

    void callback() {
      List<LiveCall.View> candidates = d.center.liveCalls().stream()
          .filter(c -> c.status() == CallStatus.WAITING || c.status() == CallStatus.RINGING
              || c.status() == CallStatus.CALLBACK).toList();
      if (candidates.isEmpty()) {
        what = "callback (nobody waits)";
        d.drain();
        return;
      }
      LiveCall.View c = pick(candidates);
      what = "callback " + c.id() + " " + c.status();
      d.callback(c.id(), "+39 333 " + c.id());
      LiveCall.View after = d.call(c.id());
      assertTrue(after.status() == CallStatus.CALLBACK || after.status() == CallStatus.RINGING, after.status().name());
      assertNotNull(after.callbackNumber());
    }

    void pause() {
      String s = pick(subjects);
      OperatorState before = d.state(s);
      what = "pause " + s + " " + before;
      try {
        d.pause(s, "reason " + step);
        assertTrue(before == OperatorState.AVAILABLE || before == OperatorState.WRAP_UP || before == OperatorState.PAUSED);
        assertEquals(OperatorState.PAUSED, d.state(s));
      } catch (CallRefused e) {
        d.drain();
        assertEquals(before == OperatorState.OFFLINE ? "offline" : "busy", e.refusal().type());
        assertTrue(before == OperatorState.OFFLINE || before == OperatorState.RESERVED || before == OperatorState.ON_CALL);
      }
    }

    void resume() {
      String s = pick(subjects);
      OperatorState before = d.state(s);
      what = "resume " + s + " " + before;
      try {
        d.resume(s);
        assertTrue(before != OperatorState.OFFLINE);
        if (before == OperatorState.PAUSED) {
          assertTrue(d.state(s) == OperatorState.AVAILABLE || d.state(s) == OperatorState.RESERVED);
        } else {
          assertEquals(before, d.state(s));
        }
      } catch (CallRefused e) {
        d.drain();
        assertEquals("offline", e.refusal().type());
        assertEquals(OperatorState.OFFLINE, before);
      }
    }

    void login() {
      String s = pick(subjects);
      List<String> allowed = new ArrayList<>(d.center.queuesOf(s));
      Set<String> wanted = new LinkedHashSet<>();
      for (String q : allowed) {
        if (random.nextBoolean()) {
          wanted.add(q);
        }
      }
      what = "login " + s + " " + d.state(s) + " " + wanted;
      String current = d.center.operatorView(s).map(Operator.View::currentCall).orElse(null);
      String busyQueue = current == null ? null : d.center.callView(current).map(LiveCall.View::queueId).orElse(null);
      Operator.View v = d.login(s, wanted.toArray(String[]::new));
      Set<String> expected = new LinkedHashSet<>(wanted.isEmpty() ? allowed : wanted);
      // The queue of a call ringing or connected stays among the operator's queues.
      if (busyQueue != null) {
        expected.add(busyQueue);
      }
      assertEquals(expected, v.loggedQueues());
    }

    void logout() {
      String s = pick(subjects);
      OperatorState before = d.state(s);
      what = "logout " + s + " " + before;
      try {
        d.logout(s);
        assertTrue(before != OperatorState.ON_CALL);
        assertEquals(OperatorState.OFFLINE, d.state(s));
      } catch (CallRefused e) {
        d.drain();
        assertEquals("busy", e.refusal().type());
        assertEquals(OperatorState.ON_CALL, before);
      }
    }

    void wrapped() {
      String s = pick(subjects);
      OperatorState before = d.state(s);
      what = "wrapped " + s + " " + before;
      try {
        d.wrapped(s);
        assertTrue(before != OperatorState.OFFLINE);
        if (before == OperatorState.WRAP_UP) {
          assertTrue(d.state(s) == OperatorState.AVAILABLE || d.state(s) == OperatorState.RESERVED);
        }
      } catch (CallRefused e) {
        d.drain();
        assertEquals(OperatorState.OFFLINE, before);
      }
    }

    /** Someone answers some live call whether or not it rings for them: refused unless it does. */
    void answerAnything() {
      List<LiveCall.View> live = d.center.liveCalls();
      if (live.isEmpty()) {
        what = "stray answer (no calls)";
        d.drain();
        return;
      }
      LiveCall.View c = pick(live);
      String s = pick(subjects);
      boolean mayAnswer = c.status() == CallStatus.RINGING && c.ringing().contains(s)
          || c.status() == CallStatus.ON_CALL && s.equals(c.operator());
      what = "stray answer " + c.id() + " " + c.status() + " by " + s;
      try {
        assertEquals(CallStatus.ON_CALL, d.answer(c.id(), s));
        assertTrue(mayAnswer);
      } catch (CallRefused e) {
        d.drain();
        assertFalse(mayAnswer);
        assertEquals("not-offered", e.refusal().type());
        assertTrue(d.last.isEmpty(), "a refused answer changes nothing");
      }
    }

    // ---------------------------------------------------------------- checks

    void track(Changes changes) {
      Instant previous = null;
      for (LogEntry e : changes.log()) {
        assertTrue(previous == null || !e.at().isBefore(previous), "log in time order");
        assertEquals(d.now, e.at(), "every line is stamped with the step's instant");
        previous = e.at();
        if (e.event().equals("NOANSWER")) {
          skips.computeIfAbsent(e.callId(), k -> new HashMap<>()).put(e.operator(), e.at().plus(CallCenter.RETRY_SAME_OPERATOR));
        } else if (e.event().equals("OVERFLOW")) {
          skips.remove(e.callId());
        }
      }
    }

    /** Every offer of this step went to someone logged into the call's queue with all its skills. */
    void checkOffers(Changes changes) {
      for (PbxCommand.Route route : d.commands(PbxCommand.Route.class)) {
        LiveCall.View c = d.call(route.callId());
        Operator.View o = d.op(route.operator());
        assertEquals(CallStatus.RINGING, c.status(), "offered " + c.id());
        assertTrue(c.ringing().contains(o.subject()));
        assertTrue(o.loggedQueues().contains(c.queueId()), o.subject() + " not logged into " + c.queueId() + " was offered " + c.id());
        assertTrue(d.memberships.get(o.subject()).containsKey(c.queueId()), "not a member");
        assertTrue(o.skills().containsAll(c.skills()), o.subject() + " lacks " + c.skills());
        assertEquals(Desk.endpoint(o.subject()), route.endpoint());
        assertEquals(d.settings.get(c.queueId()).ringSeconds(), route.ringSeconds());
        assertEquals(c.callbackNumber() != null, route.callback());
        assertEquals(c.callbackNumber(), route.number());
        Instant until = skips.getOrDefault(c.id(), Map.of()).get(o.subject());
        assertTrue(until == null || !d.now.isBefore(until), o.subject() + " offered " + c.id() + " again within 5 s");
      }
      long offers = changes.log().stream().filter(e -> e.event().equals("OFFER")).count();
      assertEquals(offers, d.commands(PbxCommand.Route.class).size());
    }

    void checkState() {
      List<LiveCall.View> live = d.center.liveCalls();
      Map<String, LiveCall.View> byId = new HashMap<>();
      Map<String, List<String>> callsOfOperator = new HashMap<>();
      for (LiveCall.View c : live) {
        byId.put(c.id(), c);
        assertTrue(c.status().live());
        switch (c.status()) {
          case RINGING -> {
            assertFalse(c.ringing().isEmpty(), c.id() + " rings nobody");
            assertNotNull(c.ringDeadline());
            assertNull(c.operator());
            assertTrue(d.center.positionOf(c.id()).isEmpty(), "a ringing call has no place in line");
          }
          case ON_CALL -> {
            assertTrue(c.ringing().isEmpty());
            assertNotNull(c.operator());
            assertNotNull(c.answeredAt());
            assertTrue(d.center.positionOf(c.id()).isEmpty());
          }
          case WAITING, CALLBACK -> {
            assertTrue(c.ringing().isEmpty(), c.id() + " waits and rings");
            assertNull(c.ringDeadline());
            assertNotNull(d.position(c.id()), c.id() + " waits without a place");
            assertEquals(c.status() == CallStatus.CALLBACK, c.callbackNumber() != null);
          }
          default -> fail();
        }
        for (String s : c.ringing()) {
          callsOfOperator.computeIfAbsent(s, k -> new ArrayList<>()).add(c.id());
        }
        if (c.status() == CallStatus.ON_CALL) {
          callsOfOperator.computeIfAbsent(c.operator(), k -> new ArrayList<>()).add(c.id());
        }
      }
      callsOfOperator.forEach((s, ids) -> assertEquals(1, ids.size(), s + " has calls " + ids));

      for (Operator.View o : d.center.operators()) {
        List<String> mine = callsOfOperator.getOrDefault(o.subject(), List.of());
        switch (o.state()) {
          case RESERVED -> {
            assertNotNull(o.currentCall(), o.subject() + " reserved for nothing");
            LiveCall.View c = byId.get(o.currentCall());
            assertNotNull(c, o.subject() + " reserved for a gone call");
            assertEquals(CallStatus.RINGING, c.status());
            assertTrue(c.ringing().contains(o.subject()));
            assertEquals(List.of(c.id()), mine);
          }
          case ON_CALL -> {
            LiveCall.View c = byId.get(o.currentCall());
            assertNotNull(c, o.subject() + " on a gone call");
            assertEquals(CallStatus.ON_CALL, c.status());
            assertEquals(o.subject(), c.operator());
            assertEquals(List.of(c.id()), mine);
          }
          default -> {
            assertNull(o.currentCall(), o.subject() + " " + o.state() + " with call " + o.currentCall());
            assertTrue(mine.isEmpty(), o.subject() + " " + o.state() + " yet in " + mine);
          }
        }
        assertEquals(o.state() == OperatorState.OFFLINE, o.loggedQueues().isEmpty(), o.subject() + " logged queues");
        assertTrue(d.memberships.get(o.subject()).keySet().containsAll(o.loggedQueues()));
        assertEquals(o.state() == OperatorState.WRAP_UP, o.wrapUntil() != null, o.subject() + " wrapUntil");
        assertEquals(o.state() == OperatorState.WRAP_UP, o.wrapQueue() != null, o.subject() + " wrapQueue");
        if (o.state() == OperatorState.WRAP_UP) {
          assertTrue(d.now.isBefore(o.wrapUntil()) || !what.startsWith("tick"), "a tick ends due wrap-ups");
        }
        assertEquals(o.state() == OperatorState.PAUSED, o.pauseReason() != null, o.subject() + " pause reason");
      }

      // Places in line: 1..n in each queue, in the order caller priority then arrival.
      for (String q : QUEUES) {
        List<LiveCall.View> waiting = live.stream()
            .filter(c -> c.queueId().equals(q) && (c.status() == CallStatus.WAITING || c.status() == CallStatus.CALLBACK))
            .sorted(Comparator.comparingInt((LiveCall.View c) -> -c.priority()).thenComparing(LiveCall.View::arrivedAt)
                .thenComparingLong(LiveCall.View::sequence))
            .toList();
        for (int i = 0; i < waiting.size(); i++) {
          assertEquals(i + 1, d.position(waiting.get(i).id()), "place of " + waiting.get(i).id() + " in " + q);
        }
        long ringing = live.stream().filter(c -> c.queueId().equals(q) && c.status() == CallStatus.RINGING).count();
        assertEquals(waiting.size() + ringing, d.center.waitingIn(q));
      }
    }

    /** Right after a tick nobody free waits idle while a caller they may take is in line. */
    void checkNobodyIdleWhileACallerTheyCouldTakeWaits() {
      for (LiveCall.View c : d.center.liveCalls()) {
        if (c.status() != CallStatus.WAITING && c.status() != CallStatus.CALLBACK) {
          continue;
        }
        for (Operator.View o : d.center.operators()) {
          Instant until = skips.getOrDefault(c.id(), Map.of()).get(o.subject());
          boolean skipped = until != null && d.now.isBefore(until);
          if (o.state() == OperatorState.AVAILABLE && o.loggedQueues().contains(c.queueId())
              && o.skills().containsAll(c.skills()) && !skipped) {
            fail(o.subject() + " is free while " + c.id() + " waits in " + c.queueId());
          }
        }
      }
    }

    // ---------------------------------------------------------------- helpers

    List<LiveCall.View> calls(CallStatus status) {
      return d.center.liveCalls().stream().filter(c -> c.status() == status).toList();
    }

    <T> T pick(List<T> list) {
      return list.get(random.nextInt(list.size()));
    }
  }
}
