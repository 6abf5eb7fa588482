package coop.sportello.calls.domain;

import coop.sportello.chat.domain.BusinessHours;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call center under test with a hand-driven clock. Every step is drained at once, and what the
 * drains returned is kept the way a store would keep it: the latest row of every call and
 * operator, and the whole log.
 */
final class Desk {

  static final BusinessHours ALWAYS = BusinessHours.parse(List.of("MON-SUN 00:00-24:00"));
  /** A Monday morning. */
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  Instant now = T0;
  final CallCenter center = new CallCenter();
  final Map<String, QueueSettings> settings = new LinkedHashMap<>();
  final Map<String, Map<String, Integer>> memberships = new LinkedHashMap<>();
  final Map<String, LiveCall.View> storedCalls = new LinkedHashMap<>();
  final Map<String, Operator.View> storedOperators = new LinkedHashMap<>();
  final Map<String, String> storedRoundRobin = new LinkedHashMap<>();
  final List<LogEntry> log = new ArrayList<>();
  /** What the last {@link #drain()} returned. */
  Changes last = new Changes();

  /** A queue's settings with plain defaults, changed field by field before {@link #build()}. */
  static final class Q {
    String id;
    String name;
    int priority;
    Strategy strategy = Strategy.LONGEST_IDLE;
    int maxLength = 100;
    boolean joinWhenEmpty = true;
    boolean leaveWhenEmpty;
    String overflowQueue;
    int overflowSeconds;
    int slSeconds = 20;
    int slTargetPercent = 80;
    int wrapUpSeconds;
    int ringSeconds = 15;
    int autoPauseAfter;
    int announceSeconds;
    BusinessHours hours = ALWAYS;
    boolean closedCallback;
    String closedMessage = "We are closed";
    long defaultHandleSeconds = 180;

    Q(String id, Strategy strategy) {
      this.id = id;
      this.name = "Queue " + id;
      this.strategy = strategy;
    }

    QueueSettings build() {
      return new QueueSettings(id, name, priority, strategy, maxLength, joinWhenEmpty, leaveWhenEmpty, overflowQueue,
          overflowSeconds, slSeconds, slTargetPercent, wrapUpSeconds, ringSeconds, autoPauseAfter, announceSeconds, hours,
          closedCallback, closedMessage, defaultHandleSeconds);
    }
  }

  static Q q(String id, Strategy strategy) {
    return new Q(id, strategy);
  }

  Desk queue(Q q) {
    QueueSettings s = q.build();
    settings.put(s.id(), s);
    center.defineQueue(s);
    return this;
  }

  /** An operator who is a member of the given queues (queue id -> level) with these skills. */
  Desk operator(String subject, Map<String, Integer> levels, String... skills) {
    center.defineOperator(subject, "Name " + subject, endpoint(subject), Set.of(skills), now);
    center.setMemberships(subject, levels);
    memberships.put(subject, Map.copyOf(levels));
    drain();
    return this;
  }

  static String endpoint(String subject) {
    return "PJSIP/" + subject;
  }

  Desk at(long secondsFromT0) {
    Instant t = T0.plusSeconds(secondsFromT0);
    assertTrue(!t.isBefore(now), "the clock only goes forward");
    now = t;
    return this;
  }

  Desk advance(long seconds) {
    now = now.plusSeconds(seconds);
    return this;
  }

  long seconds() {
    return now.getEpochSecond() - T0.getEpochSecond();
  }

  // ------------------------------------------------------------------ steps, each drained

  CallCenter.Admission arrive(String callId, String queueId) {
    return arrive(callId, queueId, 0);
  }

  CallCenter.Admission arrive(String callId, String queueId, int priority, String... skills) {
    CallCenter.Admission a = center.arrive(callId, queueId, "+39 059 " + callId, null, priority, Set.of(skills), now);
    drain();
    return a;
  }

  Operator.View login(String subject, String... queueIds) {
    Operator.View v = center.login(subject, new LinkedHashSet<>(Arrays.asList(queueIds)), now);
    drain();
    return v;
  }

  Operator.View logout(String subject) {
    Operator.View v = center.logout(subject, now);
    drain();
    return v;
  }

  Operator.View pause(String subject, String reason) {
    Operator.View v = center.pause(subject, reason, now);
    drain();
    return v;
  }

  Operator.View resume(String subject) {
    Operator.View v = center.resume(subject, now);
    drain();
    return v;
  }

  Operator.View wrapped(String subject) {
    Operator.View v = center.wrapped(subject, now);
    drain();
    return v;
  }

  CallStatus answer(String callId, String subject) {
    CallStatus s = center.answered(callId, subject, now);
    drain();
    return s;
  }

  CallStatus ringFailed(String callId, String subject) {
    CallStatus s = center.ringFailed(callId, subject, now);
    drain();
    return s;
  }

  CallStatus end(String callId) {
    CallStatus s = center.ended(callId, now);
    drain();
    return s;
  }

  CallStatus callback(String callId, String number) {
    CallStatus s = center.callbackRequested(callId, number, now);
    drain();
    return s;
  }

  void tick() {
    center.tick(now);
    drain();
  }

  /** Offers the call to whoever it rings for, who answers at once; then hangs up right away. */
  void answerAndEnd(String callId) {
    String subject = ringing(callId);
    answer(callId, subject);
    end(callId);
  }

  Changes drain() {
    last = center.drain();
    storedCalls.putAll(last.calls());
    storedOperators.putAll(last.operators());
    log.addAll(last.log());
    for (String queueId : last.queues()) {
      storedRoundRobin.put(queueId, center.roundRobinLast(queueId).orElse(null));
    }
    return last;
  }

  // ------------------------------------------------------------------ reading

  LiveCall.View call(String callId) {
    return center.callView(callId).orElseThrow(() -> new AssertionError("no live call " + callId));
  }

  Operator.View op(String subject) {
    return center.operatorView(subject).orElseThrow();
  }

  OperatorState state(String subject) {
    return op(subject).state();
  }

  Integer position(String callId) {
    return center.positionOf(callId).orElse(null);
  }

  /** The one operator a call rings for. */
  String ringing(String callId) {
    LiveCall.View c = call(callId);
    assertEquals(CallStatus.RINGING, c.status(), callId + " should be ringing");
    assertEquals(1, c.ringing().size(), callId + " should ring one operator: " + c.ringing());
    return c.ringing().iterator().next();
  }

  <T extends PbxCommand> List<T> commands(Class<T> type) {
    return last.commands().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Routes of the last step, as call id -> operator. */
  List<String> routes() {
    return commands(PbxCommand.Route.class).stream().map(r -> r.callId() + "->" + r.operator()).toList();
  }

  List<LogEntry> lines(String event) {
    return last.log().stream().filter(e -> e.event().equals(event)).toList();
  }

  List<LogEntry> allLines(String event) {
    return log.stream().filter(e -> e.event().equals(event)).toList();
  }

  /** The KPIs a fresh fold over every line drained so far gives. */
  Kpis fold() {
    Kpis k = new Kpis(id -> settings.get(id).slSeconds());
    log.forEach(k::apply);
    return k;
  }
}
