package coop.sportello.chat.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A conversation's current state, as read (and locked) from the database. */
public record Conversation(UUID id, String owner, String ownerName, String topic, String language,
                           Status status, String manager, Set<String> joined, Set<String> passedBy,
                           int stateVersion, long lastSeq, long lastPublicSeq, Integer rating, Instant createdAt) {

  public enum Status { QUEUED, OFFERED, ACTIVE, CLOSED }

  public Participation participation(String subject, boolean supervisor) {
    return Participation.of(subject, supervisor, owner, manager, joined);
  }

  public boolean open() {
    return status != Status.CLOSED;
  }
}
