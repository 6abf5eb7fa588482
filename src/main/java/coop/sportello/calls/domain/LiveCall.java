package coop.sportello.calls.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A call the distributor tracks, from arrival until it ends. Mutable; owned by {@link CallCenter}. */
public final class LiveCall {

  final String id;
  String queueId;
  final String from;
  final String person;
  final int priority;
  final Set<String> skills;
  final Instant arrivedAt;
  /** Order of arrival, for ties between callers who arrived in the same instant. */
  final long sequence;
  CallStatus status;
  Instant queueEnteredAt;
  final Set<String> ringing = new LinkedHashSet<>();
  Instant ringDeadline;
  String operator;
  Instant answeredAt;
  Instant endedAt;
  String callbackNumber;
  Instant lastAnnouncedAt;
  /** Operators who just let this call ring out, and until when they are not offered it again. */
  final Map<String, Instant> skipUntil = new HashMap<>();

  LiveCall(String id, String queueId, String from, String person, int priority, Set<String> skills,
           Instant arrivedAt, long sequence) {
    this.id = id;
    this.queueId = queueId;
    this.from = from;
    this.person = person;
    this.priority = priority;
    this.skills = Set.copyOf(skills);
    this.arrivedAt = arrivedAt;
    this.sequence = sequence;
    this.status = CallStatus.WAITING;
    this.queueEnteredAt = arrivedAt;
  }

  /** A read-only copy for storage and screens. */
  public record View(String id, String queueId, String from, String person, int priority, Set<String> skills,
                     CallStatus status, Instant arrivedAt, Instant queueEnteredAt, Set<String> ringing,
                     Instant ringDeadline, String operator, Instant answeredAt, Instant endedAt,
                     String callbackNumber, Instant lastAnnouncedAt, long sequence) { }

  View view() {
    return new View(id, queueId, from, person, priority, skills, status, arrivedAt, queueEnteredAt,
        Set.copyOf(ringing), ringDeadline, operator, answeredAt, endedAt, callbackNumber, lastAnnouncedAt, sequence);
  }
}
