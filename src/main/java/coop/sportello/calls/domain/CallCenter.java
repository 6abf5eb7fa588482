package coop.sportello.calls.domain;

import coop.sportello.platform.domain.Refusal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The call distributor's whole state and every decision it makes, with no I/O: the owner node
 * feeds it PBX events, operator actions and clock ticks, then stores what {@link #drain()} returns
 * before telling anyone. Every method takes the current instant, so tests control time.
 *
 * <p>Waiting callers are kept in one order across all queues: caller priority, then queue
 * priority, then arrival. Whenever an operator may be free, the first caller in that order who
 * has someone available in their own queue gets an offer, so an operator serving several queues
 * always gets the longest-waiting caller among them (within a priority class).
 */
public final class CallCenter {

  /** What a caller gets on arrival. */
  public record Admission(String callId, String action, Integer position, Long estimatedWaitSeconds, String text) { }

  /** How long an operator who let a call ring out is not offered that same call again. */
  static final Duration RETRY_SAME_OPERATOR = Duration.ofSeconds(5);

  private final Map<String, QueueSettings> queues = new LinkedHashMap<>();
  /** queue id -> operator subject -> level (1 = first tier). */
  private final Map<String, Map<String, Integer>> members = new HashMap<>();
  private final Map<String, Operator> operators = new TreeMap<>();
  private final Map<String, LiveCall> calls = new HashMap<>();
  private final Map<String, String> roundRobinLast = new HashMap<>();
  /**
   * Ring-outs read back by {@link #replayLog}: call id -> operator -> until when they are not offered
   * that call again. The views do not carry them, the log does; kept for calls restored after the replay.
   */
  private final Map<String, Map<String, Instant>> replayedSkips = new HashMap<>();
  private final TreeSet<LiveCall> waiting = new TreeSet<>(this::compareWaiting);
  /** The same callers by queue, so a decision only looks at queues that have someone free. */
  private final Map<String, TreeSet<LiveCall>> waitingByQueue = new HashMap<>();
  private final Kpis kpis;
  private long nextSequence;

  private final Set<String> dirtyCalls = new LinkedHashSet<>();
  /** Calls that ended since the last drain: gone from {@link #calls}, still to be stored. */
  private final Map<String, LiveCall> finished = new HashMap<>();
  private final Set<String> dirtyOperators = new LinkedHashSet<>();
  private Changes pending = new Changes();

  public CallCenter() {
    this.kpis = new Kpis(id -> queues.containsKey(id) ? queues.get(id).slSeconds() : 20);
  }

  // ---------------------------------------------------------------- configuration and recovery

  public void defineQueue(QueueSettings settings) {
    if (queues.containsKey(settings.id())) {
      // The order depends on queue priority: take callers out while it changes.
      List<LiveCall> inQueue = waiting.stream().filter(c -> c.queueId.equals(settings.id())).toList();
      inQueue.forEach(this::dequeue);
      queues.put(settings.id(), settings);
      inQueue.forEach(this::enqueue);
    } else {
      queues.put(settings.id(), settings);
    }
    members.computeIfAbsent(settings.id(), k -> new TreeMap<>());
  }

  /** Adds or updates an operator's profile; their live state is kept. */
  public void defineOperator(String subject, String name, String endpoint, Set<String> skills, Instant now) {
    Operator o = operators.get(subject);
    if (o == null) {
      operators.put(subject, new Operator(subject, name, endpoint, skills, now));
    } else {
      o.name = name;
      o.endpoint = endpoint;
      o.skills = Set.copyOf(skills);
    }
    dirtyOperators.add(subject);
  }

  /** Replaces an operator's queue memberships (queue id -> level). */
  public void setMemberships(String subject, Map<String, Integer> levels) {
    for (Map<String, Integer> m : members.values()) {
      m.remove(subject);
    }
    levels.forEach((queue, level) -> members.computeIfAbsent(queue, k -> new TreeMap<>()).put(subject, level));
    Operator o = operators.get(subject);
    if (o != null && o.loggedQueues.retainAll(levels.keySet())) {
      dirtyOperators.add(subject);
    }
  }

  public void restoreOperator(Operator.View view) {
    operators.put(view.subject(), Operator.restore(view));
  }

  public void restoreRoundRobin(String queueId, String lastOperator) {
    if (lastOperator != null) {
      roundRobinLast.put(queueId, lastOperator);
    }
  }

  public void restoreCall(LiveCall.View v) {
    LiveCall c = new LiveCall(v.id(), v.queueId(), v.from(), v.person(), v.priority(), v.skills(), v.arrivedAt(), v.sequence());
    c.status = v.status();
    c.queueEnteredAt = v.queueEnteredAt();
    c.ringing.addAll(v.ringing());
    c.ringDeadline = v.ringDeadline();
    c.operator = v.operator();
    c.answeredAt = v.answeredAt();
    c.endedAt = v.endedAt();
    c.callbackNumber = v.callbackNumber();
    c.lastAnnouncedAt = v.lastAnnouncedAt();
    c.skipUntil.putAll(replayedSkips.getOrDefault(c.id, Map.of()));
    nextSequence = Math.max(nextSequence, v.sequence() + 1);
    if (c.status.live()) {
      calls.put(c.id, c);
      if (c.status == CallStatus.WAITING || c.status == CallStatus.CALLBACK) {
        enqueue(c);
      }
    }
  }

  /**
   * Feeds stored log lines to the KPIs after a restart, without writing them again; the NOANSWER
   * lines also give back who may not be offered a call again yet (before or after {@link #restoreCall}).
   */
  public void replayLog(LogEntry entry) {
    kpis.apply(entry);
    if (entry.callId() == null) {
      return;
    }
    switch (entry.event()) {
      case "NOANSWER" -> replayedSkips.computeIfAbsent(entry.callId(), k -> new HashMap<>())
          .put(entry.operator(), entry.at().plus(RETRY_SAME_OPERATOR));
      case "OVERFLOW" -> replayedSkips.remove(entry.callId());
      default -> {
        return;
      }
    }
    LiveCall c = calls.get(entry.callId());
    if (c != null) {
      c.skipUntil.clear();
      c.skipUntil.putAll(replayedSkips.getOrDefault(c.id, Map.of()));
    }
  }

  // ---------------------------------------------------------------- PBX events

  public Admission arrive(String callId, String queueId, String from, String person, int priority, Set<String> skills,
                          Instant now) {
    LiveCall existing = calls.get(callId);
    if (existing != null) {
      return new Admission(callId, "queued", position(existing), estimatedWaitSeconds(existing), null);
    }
    QueueSettings q = queues.get(queueId);
    if (q == null) {
      throw new IllegalArgumentException("unknown queue " + queueId);
    }
    if (!q.hours().isOpen(ZonedDateTime.ofInstant(now, ZoneOffset.UTC))) {
      if (q.closedCallback() && from != null) {
        LiveCall c = admit(callId, q, from, person, priority, skills, now);
        c.status = CallStatus.CALLBACK;
        c.callbackNumber = from;
        // When they may expect the call: not before the queue opens again (what the caller is told, issue 19).
        log(new LogEntry(now, callId, q.id(), null, "CALLBACK", null, null, null, null,
            q.hours().nextOpening(ZonedDateTime.ofInstant(now, ZoneOffset.UTC))
                .map(at -> Map.of(LogEntry.CALLBACK_AT, at.toOffsetDateTime().toString())).orElse(Map.of())));
        pending.commands.add(new PbxCommand.Hangup(callId, "callback-registered", q.closedMessage()));
        distribute(now);
        return new Admission(callId, "closed-callback", null, null, q.closedMessage());
      }
      log(LogEntry.of(now, callId, q.id(), null, "CLOSED"));
      return new Admission(callId, "closed", null, null, q.closedMessage());
    }
    if (!q.joinWhenEmpty() && staffed(q.id()) == 0) {
      log(LogEntry.of(now, callId, q.id(), null, "EMPTY"));
      return new Admission(callId, "empty", null, null, null);
    }
    if (waitingIn(q.id()) >= q.maxLength()) {
      log(LogEntry.of(now, callId, q.id(), null, "FULL"));
      return new Admission(callId, "full", null, null, null);
    }
    LiveCall c = admit(callId, q, from, person, priority, skills, now);
    distribute(now);
    return new Admission(callId, "queued", position(c), estimatedWaitSeconds(c), null);
  }

  private LiveCall admit(String callId, QueueSettings q, String from, String person, int priority, Set<String> skills,
                         Instant now) {
    LiveCall c = new LiveCall(callId, q.id(), from, person, priority, skills, now, nextSequence++);
    calls.put(callId, c);
    enqueue(c);
    dirtyCalls.add(callId);
    log(new LogEntry(now, callId, q.id(), null, "ENTER", null, null, null, position(c),
        from == null ? Map.of() : Map.of("from", from)));
    return c;
  }

  /** The operator picked up (on their phone, or from the console). */
  public CallStatus answered(String callId, String subject, Instant now) {
    LiveCall c = call(callId);
    if (c.status == CallStatus.ON_CALL && subject.equals(c.operator)) {
      return c.status;
    }
    if (c.status != CallStatus.RINGING || !c.ringing.contains(subject)) {
      throw new CallRefused(Refusal.conflict("not-offered", "This call is not ringing for " + subject));
    }
    for (String other : List.copyOf(c.ringing)) {
      if (!other.equals(subject)) {
        Operator o = operators.get(other);
        pending.commands.add(new PbxCommand.CancelRing(callId, other, o.endpoint));
        pending.notices.add(new Changes.Notice(other, "offer-withdrawn", callId));
        o.currentCall = null;
        setState(o, OperatorState.AVAILABLE, null, now);
      }
    }
    c.ringing.clear();
    c.ringDeadline = null;
    c.status = CallStatus.ON_CALL;
    c.operator = subject;
    c.answeredAt = now;
    dirtyCalls.add(callId);
    Operator o = operators.get(subject);
    o.callsTaken++;
    o.unansweredInRow = 0;
    o.currentCall = callId;
    setState(o, OperatorState.ON_CALL, null, now);
    log(new LogEntry(now, callId, c.queueId, subject, "CONNECT", Duration.between(c.queueEnteredAt, now).toMillis(),
        null, null, null, c.callbackNumber == null ? Map.of() : Map.of("callback", "true")));
    distribute(now);
    return c.status;
  }

  /** The operator's endpoint was busy, unreachable, or declined. */
  public CallStatus ringFailed(String callId, String subject, Instant now) {
    LiveCall c = call(callId);
    if (c.status == CallStatus.RINGING && c.ringing.contains(subject)) {
      noAnswer(c, subject, now);
      distribute(now);
    }
    return c.status;
  }

  /** The caller keeps their place but hangs up; the operator whose turn it is will call them back. */
  public CallStatus callbackRequested(String callId, String number, Instant now) {
    LiveCall c = call(callId);
    if (c.status == CallStatus.CALLBACK) {
      return c.status;
    }
    if (c.status != CallStatus.WAITING && c.status != CallStatus.RINGING) {
      throw new CallRefused(Refusal.conflict("not-waiting", "Only a waiting caller can ask to be called back"));
    }
    releaseRinging(c, now);
    dequeue(c);
    c.status = CallStatus.CALLBACK;
    c.callbackNumber = number;
    enqueue(c);
    dirtyCalls.add(callId);
    log(LogEntry.of(now, callId, c.queueId, null, "CALLBACK"));
    pending.commands.add(new PbxCommand.Hangup(callId, "callback-registered", null));
    distribute(now);
    return c.status;
  }

  /** Someone hung up: an abandon while waiting or ringing, the end of the talk when connected. */
  public CallStatus ended(String callId, Instant now) {
    LiveCall c = calls.get(callId);
    if (c == null) {
      return CallStatus.ENDED;
    }
    switch (c.status) {
      case WAITING -> abandon(c, now);
      case RINGING -> {
        if (c.callbackNumber != null) {
          // The caller already hung up to be called back: this is the call-back leg failing.
          return c.status;
        }
        releaseRinging(c, now);
        abandon(c, now);
      }
      case ON_CALL -> {
        Operator o = operators.get(c.operator);
        c.status = CallStatus.ENDED;
        c.endedAt = now;
        log(new LogEntry(now, callId, c.queueId, c.operator, "COMPLETE", null,
            Duration.between(c.answeredAt, now).toMillis(), null, null, Map.of()));
        o.currentCall = null;
        int wrapUp = queues.get(c.queueId).wrapUpSeconds();
        if (wrapUp > 0) {
          o.wrapUntil = now.plusSeconds(wrapUp);
          o.wrapQueue = c.queueId;
          setState(o, OperatorState.WRAP_UP, null, now);
        } else {
          o.idleSince = now;
          setState(o, OperatorState.AVAILABLE, null, now);
        }
      }
      default -> {
        // CALLBACK: the caller's own leg ending after they asked for a call-back changes nothing.
        return c.status;
      }
    }
    finish(c);
    distribute(now);
    return c.status;
  }

  private void finish(LiveCall c) {
    calls.remove(c.id);
    finished.put(c.id, c);
    dirtyCalls.add(c.id);
  }

  private void abandon(LiveCall c, Instant now) {
    // Counted also for a call that was ringing, and so out of the line, when the caller hung up.
    int position = placeInLine(c);
    dequeue(c);
    c.status = CallStatus.ABANDONED;
    c.endedAt = now;
    log(new LogEntry(now, c.id, c.queueId, null, "ABANDON", Duration.between(c.queueEnteredAt, now).toMillis(),
        null, null, position, Map.of()));
  }

  // ---------------------------------------------------------------- operators

  public Operator.View login(String subject, Set<String> wanted, Instant now) {
    Operator o = operator(subject);
    Set<String> allowed = queuesOf(subject);
    Set<String> chosen = new LinkedHashSet<>(wanted.isEmpty() ? allowed : wanted);
    chosen.retainAll(allowed);
    if (chosen.isEmpty()) {
      throw new CallRefused(Refusal.conflict("no-queues", "The operator belongs to none of these queues"));
    }
    // A call ringing or connected keeps its queue among the operator's, whatever they pick now.
    LiveCall current = o.currentCall == null ? null : calls.get(o.currentCall);
    if (current != null) {
      chosen.add(current.queueId);
    }
    o.loggedQueues.clear();
    o.loggedQueues.addAll(chosen);
    dirtyOperators.add(subject);
    if (o.state == OperatorState.OFFLINE) {
      o.callsTaken = 0;
      o.unansweredInRow = 0;
      o.idleSince = now;
      setState(o, OperatorState.AVAILABLE, null, now);
    }
    distribute(now);
    return o.view();
  }

  public Operator.View pause(String subject, String reason, Instant now) {
    Operator o = loggedIn(subject);
    if (o.state == OperatorState.PAUSED) {
      o.pauseReason = reason;
      dirtyOperators.add(subject);
    } else if (o.state == OperatorState.AVAILABLE || o.state == OperatorState.WRAP_UP) {
      if (o.state == OperatorState.WRAP_UP) {
        endWrapUp(o, now);
      }
      setState(o, OperatorState.PAUSED, reason, now);
    } else {
      throw new CallRefused(Refusal.conflict("busy", "Finish the call first: an operator pauses from available or wrap-up"));
    }
    return o.view();
  }

  public Operator.View resume(String subject, Instant now) {
    Operator o = loggedIn(subject);
    if (o.state == OperatorState.PAUSED) {
      o.unansweredInRow = 0;
      setState(o, OperatorState.AVAILABLE, null, now);
      distribute(now);
    }
    return o.view();
  }

  /** Ends wrap-up early. */
  public Operator.View wrapped(String subject, Instant now) {
    Operator o = loggedIn(subject);
    if (o.state == OperatorState.WRAP_UP) {
      endWrapUp(o, now);
      distribute(now);
    }
    return o.view();
  }

  public Operator.View logout(String subject, Instant now) {
    Operator o = operator(subject);
    if (o.state == OperatorState.ON_CALL) {
      throw new CallRefused(Refusal.conflict("busy", "Finish the call first"));
    }
    if (o.state == OperatorState.RESERVED && o.currentCall != null) {
      LiveCall c = calls.get(o.currentCall);
      if (c != null) {
        pending.commands.add(new PbxCommand.CancelRing(c.id, subject, o.endpoint));
        c.ringing.remove(subject);
        if (c.ringing.isEmpty()) {
          backToWaiting(c);
        }
        dirtyCalls.add(c.id);
      }
    }
    if (o.state == OperatorState.WRAP_UP) {
      endWrapUp(o, now);
    }
    o.currentCall = null;
    o.wrapUntil = null;
    Set<String> left = Set.copyOf(o.loggedQueues);
    o.loggedQueues.clear();
    if (o.state != OperatorState.OFFLINE) {
      setState(o, OperatorState.OFFLINE, null, now);
    }
    for (String q : left) {
      leaveIfEmpty(q, now);
    }
    distribute(now);
    return o.view();
  }

  // ---------------------------------------------------------------- the clock

  /** Ring timeouts, wrap-ups that ended, overflow, and position announcements. */
  public void tick(Instant now) {
    for (LiveCall c : List.copyOf(calls.values())) {
      if (c.status == CallStatus.RINGING && c.ringDeadline != null && !now.isBefore(c.ringDeadline)) {
        for (String subject : List.copyOf(c.ringing)) {
          pending.commands.add(new PbxCommand.CancelRing(c.id, subject, operators.get(subject).endpoint));
          noAnswer(c, subject, now);
        }
      }
    }
    for (Operator o : operators.values()) {
      if (o.state == OperatorState.WRAP_UP && o.wrapUntil != null && !now.isBefore(o.wrapUntil)) {
        endWrapUp(o, now);
      }
    }
    for (LiveCall c : List.copyOf(waiting)) {
      QueueSettings q = queues.get(c.queueId);
      if (c.status == CallStatus.WAITING && q.overflowQueue() != null && queues.containsKey(q.overflowQueue())
          && !now.isBefore(c.queueEnteredAt.plusSeconds(q.overflowSeconds()))
          && waitingIn(q.overflowQueue()) < queues.get(q.overflowQueue()).maxLength()) {
        overflow(c, q, now);
      }
    }
    announce(now);
    distribute(now);
  }

  private void overflow(LiveCall c, QueueSettings from, Instant now) {
    dequeue(c);
    log(new LogEntry(now, c.id, from.id(), null, "OVERFLOW", Duration.between(c.queueEnteredAt, now).toMillis(),
        null, null, null, Map.of("to", from.overflowQueue())));
    c.queueId = from.overflowQueue();
    c.queueEnteredAt = now;
    c.skipUntil.clear();
    enqueue(c);
    dirtyCalls.add(c.id);
    log(new LogEntry(now, c.id, c.queueId, null, "ENTER", null, null, null, position(c), Map.of("overflowFrom", from.id())));
  }

  private void announce(Instant now) {
    Map<String, Integer> positions = new HashMap<>();
    for (LiveCall c : waiting) {
      int position = positions.merge(c.queueId, 1, Integer::sum);
      QueueSettings q = queues.get(c.queueId);
      if (c.status != CallStatus.WAITING || q.announceSeconds() <= 0) {
        continue;
      }
      Instant last = c.lastAnnouncedAt == null ? c.queueEnteredAt : c.lastAnnouncedAt;
      if (!now.isBefore(last.plusSeconds(q.announceSeconds()))) {
        c.lastAnnouncedAt = now;
        dirtyCalls.add(c.id);
        pending.commands.add(new PbxCommand.Announce(c.id, position, estimatedWait(q, position)));
      }
    }
  }

  // ---------------------------------------------------------------- distribution

  /**
   * Offers calls while someone can take one: each round looks, in every queue that has a member
   * free, for its first caller someone free can take, and offers the one first in the global order.
   */
  private void distribute(Instant now) {
    while (true) {
      LiveCall best = null;
      List<Operator> bestChoice = null;
      for (QueueSettings q : queues.values()) {
        TreeSet<LiveCall> line = waitingByQueue.get(q.id());
        if (line == null || line.isEmpty() || !hasMemberAvailable(q.id())) {
          continue;
        }
        for (LiveCall c : line) {
          if (best != null && compareWaiting(c, best) > 0) {
            break;
          }
          List<Operator> chosen = choose(q, c, now);
          if (!chosen.isEmpty()) {
            best = c;
            bestChoice = chosen;
            break;
          }
        }
      }
      if (best == null) {
        return;
      }
      offer(best, queues.get(best.queueId), bestChoice, now);
    }
  }

  private boolean hasMemberAvailable(String queueId) {
    for (String subject : members.getOrDefault(queueId, Map.of()).keySet()) {
      Operator o = operators.get(subject);
      if (o != null && o.state == OperatorState.AVAILABLE && o.loggedQueues.contains(queueId)) {
        return true;
      }
    }
    return false;
  }

  private void enqueue(LiveCall c) {
    waiting.add(c);
    waitingByQueue.computeIfAbsent(c.queueId, k -> new TreeSet<>(this::compareWaiting)).add(c);
  }

  private void dequeue(LiveCall c) {
    waiting.remove(c);
    TreeSet<LiveCall> line = waitingByQueue.get(c.queueId);
    if (line != null) {
      line.remove(c);
    }
  }

  private List<Operator> choose(QueueSettings q, LiveCall c, Instant now) {
    Map<String, Integer> levels = members.getOrDefault(q.id(), Map.of());
    List<Operator> candidates = new ArrayList<>();
    for (String subject : levels.keySet()) {
      Operator o = operators.get(subject);
      if (o != null && o.state == OperatorState.AVAILABLE && o.loggedQueues.contains(q.id())
          && o.skills.containsAll(c.skills) && !skipped(c, subject, now)) {
        candidates.add(o);
      }
    }
    if (candidates.isEmpty()) {
      return candidates;
    }
    Comparator<Operator> longestIdle = Comparator.comparing((Operator o) -> o.idleSince).thenComparing(o -> o.subject);
    return switch (q.strategy()) {
      case LONGEST_IDLE -> List.of(candidates.stream().min(longestIdle).orElseThrow());
      case FEWEST_CALLS -> List.of(candidates.stream()
          .min(Comparator.comparingInt((Operator o) -> o.callsTaken).thenComparing(longestIdle)).orElseThrow());
      case RING_ALL -> candidates;
      case SKILL_TIERS -> {
        int best = candidates.stream().mapToInt(o -> levels.get(o.subject)).min().orElseThrow();
        yield List.of(candidates.stream().filter(o -> levels.get(o.subject) == best).min(longestIdle).orElseThrow());
      }
      case ROUND_ROBIN -> {
        // Members in a fixed order (by subject); the next one after the last offered, wrapping round.
        String last = roundRobinLast.get(q.id());
        Operator next = candidates.stream().filter(o -> last == null || o.subject.compareTo(last) > 0).findFirst()
            .orElse(candidates.get(0));
        yield List.of(next);
      }
    };
  }

  private boolean skipped(LiveCall c, String subject, Instant now) {
    Instant until = c.skipUntil.get(subject);
    return until != null && now.isBefore(until);
  }

  private void offer(LiveCall c, QueueSettings q, List<Operator> chosen, Instant now) {
    dequeue(c);
    c.status = CallStatus.RINGING;
    c.ringDeadline = now.plusSeconds(q.ringSeconds());
    for (Operator o : chosen) {
      c.ringing.add(o.subject);
      o.currentCall = c.id;
      setState(o, OperatorState.RESERVED, null, now);
      log(LogEntry.of(now, c.id, q.id(), o.subject, "OFFER"));
      pending.commands.add(new PbxCommand.Route(c.id, o.subject, o.endpoint, q.ringSeconds(),
          c.callbackNumber != null, c.callbackNumber));
      pending.notices.add(new Changes.Notice(o.subject, "offer", c.id));
    }
    if (q.strategy() == Strategy.ROUND_ROBIN) {
      roundRobinLast.put(q.id(), chosen.get(0).subject);
      pending.queues.add(q.id());
    }
    dirtyCalls.add(c.id);
  }

  private void noAnswer(LiveCall c, String subject, Instant now) {
    Operator o = operators.get(subject);
    QueueSettings q = queues.get(c.queueId);
    c.ringing.remove(subject);
    c.skipUntil.put(subject, now.plus(RETRY_SAME_OPERATOR));
    log(LogEntry.of(now, c.id, c.queueId, subject, "NOANSWER"));
    pending.notices.add(new Changes.Notice(subject, "offer-withdrawn", c.id));
    o.currentCall = null;
    o.unansweredInRow++;
    if (q.autoPauseAfter() > 0 && o.unansweredInRow >= q.autoPauseAfter()) {
      setState(o, OperatorState.PAUSED, "auto: offers not answered", now);
    } else {
      setState(o, OperatorState.AVAILABLE, null, now);
    }
    if (c.ringing.isEmpty()) {
      backToWaiting(c);
    }
    dirtyCalls.add(c.id);
  }

  /** Stops ringing everyone for a call (abandon, call-back request) without counting it against them. */
  private void releaseRinging(LiveCall c, Instant now) {
    for (String subject : List.copyOf(c.ringing)) {
      Operator o = operators.get(subject);
      pending.commands.add(new PbxCommand.CancelRing(c.id, subject, o.endpoint));
      pending.notices.add(new Changes.Notice(subject, "offer-withdrawn", c.id));
      o.currentCall = null;
      setState(o, OperatorState.AVAILABLE, null, now);
    }
    c.ringing.clear();
    c.ringDeadline = null;
    if (c.status == CallStatus.RINGING) {
      c.status = CallStatus.WAITING;
    }
  }

  private void backToWaiting(LiveCall c) {
    c.ringDeadline = null;
    c.status = c.callbackNumber != null ? CallStatus.CALLBACK : CallStatus.WAITING;
    enqueue(c);
  }

  private void endWrapUp(Operator o, Instant now) {
    long wrapMs = Duration.between(o.stateSince, now).toMillis();
    log(new LogEntry(now, null, o.wrapQueue, o.subject, "WRAPUP", null, null, wrapMs, null, Map.of()));
    o.wrapUntil = null;
    o.wrapQueue = null;
    o.idleSince = now;
    setState(o, OperatorState.AVAILABLE, null, now);
  }

  private void leaveIfEmpty(String queueId, Instant now) {
    QueueSettings q = queues.get(queueId);
    if (q == null || !q.leaveWhenEmpty() || staffed(queueId) > 0) {
      return;
    }
    for (LiveCall c : List.copyOf(waiting)) {
      if (c.queueId.equals(queueId) && c.status == CallStatus.WAITING) {
        dequeue(c);
        c.status = CallStatus.LEFT;
        c.endedAt = now;
        finish(c);
        log(new LogEntry(now, c.id, queueId, null, "LEAVEEMPTY", Duration.between(c.queueEnteredAt, now).toMillis(),
            null, null, null, Map.of()));
        pending.commands.add(new PbxCommand.Hangup(c.id, "empty", q.closedMessage()));
      }
    }
  }

  /** Moves an operator to a new state and logs how long the old one lasted (occupancy is built from these). */
  private void setState(Operator o, OperatorState to, String pauseReason, Instant now) {
    OperatorState from = o.state;
    long duration = Math.max(0, Duration.between(o.stateSince, now).toMillis());
    Map<String, String> data = new LinkedHashMap<>();
    data.put("from", from.wire());
    data.put("to", to.wire());
    data.put("durationMs", Long.toString(duration));
    if (to == OperatorState.PAUSED && pauseReason != null) {
      data.put("reason", pauseReason);
    }
    o.state = to;
    o.stateSince = now;
    o.pauseReason = to == OperatorState.PAUSED ? pauseReason : null;
    dirtyOperators.add(o.subject);
    log(new LogEntry(now, null, null, o.subject, "STATE", null, null, null, null, data));
    pending.notices.add(new Changes.Notice(o.subject, "state", null));
  }

  // ---------------------------------------------------------------- reading

  private void log(LogEntry e) {
    pending.log.add(e);
    kpis.apply(e);
  }

  /** Everything changed since the last drain, with the current rows of what changed. */
  public Changes drain() {
    Changes out = pending;
    for (String id : dirtyCalls) {
      LiveCall c = calls.containsKey(id) ? calls.get(id) : finished.get(id);
      out.calls.put(id, c.view());
    }
    dirtyCalls.clear();
    finished.clear();
    for (String subject : dirtyOperators) {
      out.operators.put(subject, operators.get(subject).view());
    }
    dirtyOperators.clear();
    pending = new Changes();
    return out;
  }

  /** 1-based place among the callers of the same queue, or null when not waiting. */
  public Integer position(LiveCall c) {
    TreeSet<LiveCall> line = waitingByQueue.get(c.queueId);
    return line != null && line.contains(c) ? placeInLine(c) : null;
  }

  /** 1 + the callers of the same queue ahead of this one in the order, whether or not it is in line itself. */
  private int placeInLine(LiveCall c) {
    TreeSet<LiveCall> line = waitingByQueue.get(c.queueId);
    return line == null ? 1 : line.headSet(c, false).size() + 1;
  }

  public Optional<LiveCall.View> callView(String callId) {
    return Optional.ofNullable(calls.get(callId)).map(LiveCall::view);
  }

  public Optional<Integer> positionOf(String callId) {
    return Optional.ofNullable(calls.get(callId)).map(this::position);
  }

  /** Live estimate: callers ahead (and this one) times the handle time, shared by the operators logged in. */
  public Long estimatedWaitSeconds(LiveCall c) {
    Integer position = position(c);
    return position == null ? null : estimatedWait(queues.get(c.queueId), position);
  }

  public Optional<Long> estimatedWaitOf(String callId) {
    return Optional.ofNullable(calls.get(callId)).map(this::estimatedWaitSeconds);
  }

  private long estimatedWait(QueueSettings q, int position) {
    double handle = handleSeconds(q.id());
    int staffed = Math.max(1, staffed(q.id()));
    return Math.round(position * handle / staffed);
  }

  /** Today's AHT of the queue, or its configured default before the first handled call. */
  public double handleSeconds(String queueId) {
    Double aht = kpis.queue(queueId).ahtSeconds();
    // Calls ended as soon as answered, with no wrap-up, measure 0 s: no basis for a forecast
    // (Erlang C needs a handle time), so the queue's planning figure stands until one is.
    return aht != null && aht > 0 ? aht : queues.get(queueId).defaultHandleSeconds();
  }

  /** Operators logged into the queue (paused ones included: they are staff, not gone). */
  public int staffed(String queueId) {
    int n = 0;
    for (String subject : members.getOrDefault(queueId, Map.of()).keySet()) {
      Operator o = operators.get(subject);
      if (o != null && o.state != OperatorState.OFFLINE && o.loggedQueues.contains(queueId)) {
        n++;
      }
    }
    return n;
  }

  public int waitingIn(String queueId) {
    TreeSet<LiveCall> line = waitingByQueue.get(queueId);
    int n = line == null ? 0 : line.size();
    return n + (int) calls.values().stream()
        .filter(c -> c.queueId.equals(queueId) && c.status == CallStatus.RINGING).count();
  }

  /** Seconds the longest-waiting caller of the queue has been waiting, 0 when nobody waits. */
  public long longestWaitSeconds(String queueId, Instant now) {
    return calls.values().stream()
        .filter(c -> c.queueId.equals(queueId) && (c.status == CallStatus.WAITING || c.status == CallStatus.RINGING
            || c.status == CallStatus.CALLBACK))
        .mapToLong(c -> Duration.between(c.queueEnteredAt, now).getSeconds()).max().orElse(0);
  }

  public Kpis kpis() {
    return kpis;
  }

  /**
   * The member a round-robin queue last offered a call to: what to store for the queues that
   * {@link Changes#queues()} names, and to give back to {@link #restoreRoundRobin} after a restart.
   */
  public Optional<String> roundRobinLast(String queueId) {
    return Optional.ofNullable(roundRobinLast.get(queueId));
  }

  public Map<String, QueueSettings> queues() {
    return queues;
  }

  public List<Operator.View> operators() {
    return operators.values().stream().map(Operator::view).toList();
  }

  public Optional<Operator.View> operatorView(String subject) {
    return Optional.ofNullable(operators.get(subject)).map(Operator::view);
  }

  public Set<String> queuesOf(String subject) {
    Set<String> out = new LinkedHashSet<>();
    members.forEach((queue, m) -> {
      if (m.containsKey(subject)) {
        out.add(queue);
      }
    });
    return out;
  }

  public List<LiveCall.View> liveCalls() {
    return calls.values().stream().map(LiveCall::view)
        .sorted(Comparator.comparingLong(LiveCall.View::sequence)).toList();
  }

  private int compareWaiting(LiveCall a, LiveCall b) {
    int byPriority = Integer.compare(b.priority, a.priority);
    if (byPriority != 0) {
      return byPriority;
    }
    int byQueue = Integer.compare(queues.get(b.queueId).priority(), queues.get(a.queueId).priority());
    if (byQueue != 0) {
      return byQueue;
    }
    int byArrival = a.arrivedAt.compareTo(b.arrivedAt);
    return byArrival != 0 ? byArrival : Long.compare(a.sequence, b.sequence);
  }

  private LiveCall call(String callId) {
    LiveCall c = calls.get(callId);
    if (c == null) {
      throw new CallRefused(Refusal.notFound("unknown-call", "No live call " + callId));
    }
    return c;
  }

  private Operator operator(String subject) {
    Operator o = operators.get(subject);
    if (o == null) {
      throw new CallRefused(Refusal.notFound("unknown-operator", "No operator profile for " + subject));
    }
    return o;
  }

  private Operator loggedIn(String subject) {
    Operator o = operator(subject);
    if (o.state == OperatorState.OFFLINE) {
      throw new CallRefused(Refusal.conflict("offline", "Log in first"));
    }
    return o;
  }
}
