package coop.sportello.booking.domain;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;

import java.util.EnumSet;
import java.util.Set;

/** Who sees and changes a booking, and who books for someone else. */
public final class BookingAccess {

  /** Roles that book for an identified person rather than for themselves. */
  public static final Set<Role> ON_BEHALF = EnumSet.of(Role.OPERATOR, Role.KIOSK, Role.WELFARE_MANAGER);
  /**
   * Staff acting for a person who may book an in-person service for someone who does not live
   * where it is offered, saying why (audited); never the person themselves, never a kiosk.
   */
  public static final Set<Role> RESIDENCY_OVERRIDE = EnumSet.of(Role.OPERATOR, Role.WELFARE_MANAGER);
  /**
   * Roles that may see and change any booking, cancelling inside the cancellation window with a
   * reason. A welfare manager is held to the citizens of the conversations they handle, before
   * any booking route runs, by the chat module's check of the route's {@code Concern}.
   */
  public static final Set<Role> STAFF = EnumSet.of(Role.OPERATOR, Role.SUPERVISOR, Role.WELFARE_MANAGER);
  /** Roles that book for themselves when they name nobody else. */
  public static final Set<Role> FOR_THEMSELVES = EnumSet.of(Role.CITIZEN, Role.EMPLOYEE);

  private BookingAccess() { }

  /** The person, whoever acted for them, and staff see and change a booking; nobody else. */
  public static boolean visibleTo(Identity who, String person, String actedBy) {
    return who.subject().equals(person) || who.subject().equals(actedBy) || who.hasAnyRole(STAFF);
  }
}
