package coop.sportello.chat.domain;

import java.util.Set;

/**
 * Who someone is in one conversation, decided from its current state alone: the person who opened
 * it sees the citizen view; the manager it is offered or assigned to, and any supervisor, see the
 * staff view (private notes included). A supervisor only writes after joining. A manager the
 * conversation moved away from (transfer, return to the queue) no longer sees it.
 */
public enum Participation {
  NONE, OWNER, MANAGER, SUPERVISOR_WATCHING, SUPERVISOR_JOINED;

  /**
   * @param subject    the caller's verified subject
   * @param supervisor whether the caller holds the supervisor role
   * @param owner      the conversation's owner
   * @param manager    the manager it is offered or assigned to, or null
   * @param joined     supervisors who joined it
   */
  public static Participation of(String subject, boolean supervisor, String owner, String manager, Set<String> joined) {
    if (subject.equals(owner)) {
      return OWNER;
    }
    if (subject.equals(manager)) {
      return MANAGER;
    }
    if (supervisor) {
      return joined.contains(subject) ? SUPERVISOR_JOINED : SUPERVISOR_WATCHING;
    }
    return NONE;
  }

  public boolean sees() {
    return this != NONE;
  }

  public boolean seesStaffEvents() {
    return this == MANAGER || this == SUPERVISOR_WATCHING || this == SUPERVISOR_JOINED;
  }

  public boolean writes() {
    return this == OWNER || this == MANAGER || this == SUPERVISOR_JOINED;
  }

  /** Private notes: staff who take part. */
  public boolean writesNotes() {
    return this == MANAGER || this == SUPERVISOR_JOINED;
  }

  /** The role written on the events this participant makes. */
  public String authorRole() {
    return switch (this) {
      case OWNER -> "citizen";
      case MANAGER -> "manager";
      case SUPERVISOR_WATCHING, SUPERVISOR_JOINED -> "supervisor";
      case NONE -> throw new IllegalStateException("no role for a non-participant");
    };
  }
}
