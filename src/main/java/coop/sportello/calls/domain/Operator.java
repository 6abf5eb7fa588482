package coop.sportello.calls.domain;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** A contact-center operator as the distributor sees them. Mutable; owned by {@link CallCenter}. */
public final class Operator {

  final String subject;
  String name;
  String endpoint;
  Set<String> skills;
  OperatorState state = OperatorState.OFFLINE;
  Instant stateSince;
  String pauseReason;
  Instant wrapUntil;
  /** The queue whose call is being wrapped up, so the wrap-up counts there. */
  String wrapQueue;
  /** Since when they have been free for calls: login, or the end of their last call's wrap-up. */
  Instant idleSince;
  int callsTaken;
  int unansweredInRow;
  String currentCall;
  final Set<String> loggedQueues = new LinkedHashSet<>();

  Operator(String subject, String name, String endpoint, Set<String> skills, Instant now) {
    this.subject = subject;
    this.name = name;
    this.endpoint = endpoint;
    this.skills = Set.copyOf(skills);
    this.stateSince = now;
    this.idleSince = now;
  }

  public record View(String subject, String name, String endpoint, Set<String> skills, OperatorState state,
                     Instant stateSince, String pauseReason, Instant wrapUntil, String wrapQueue, Instant idleSince, int callsTaken,
                     int unansweredInRow, String currentCall, Set<String> loggedQueues) { }

  View view() {
    return new View(subject, name, endpoint, skills, state, stateSince, pauseReason, wrapUntil, wrapQueue, idleSince,
        callsTaken, unansweredInRow, currentCall, Set.copyOf(loggedQueues));
  }

  static Operator restore(View v) {
    Operator o = new Operator(v.subject(), v.name(), v.endpoint(), v.skills(), v.stateSince());
    o.state = v.state();
    o.pauseReason = v.pauseReason();
    o.wrapUntil = v.wrapUntil();
    o.wrapQueue = v.wrapQueue();
    o.idleSince = v.idleSince();
    o.callsTaken = v.callsTaken();
    o.unansweredInRow = v.unansweredInRow();
    o.currentCall = v.currentCall();
    o.loggedQueues.addAll(v.loggedQueues());
    return o;
  }
}
