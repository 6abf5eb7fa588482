package coop.sportello.platform.http;

import coop.sportello.platform.auth.Role;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call a route and which person it concerns: declared next to every /api/v1 handler
 * (see {@link ApiRoutes}); a route cannot be mounted without one.
 *
 * @param isOpen  callable without signing in
 * @param roles   the roles let in (empty only when open)
 * @param concern whose data the call touches, checked by every module's {@link ConcernCheck}
 */
public record Rule(boolean isOpen, Set<Role> roles, Concern concern) {

  /** Every role: people signed in as themselves and kiosks acting for someone identified there. */
  private static final Set<Role> EVERY_ROLE = Collections.unmodifiableSet(EnumSet.allOf(Role.class));
  /** Every role but kiosks: people acting as themselves or as staff. */
  private static final Set<Role> PEOPLE = Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(Role.KIOSK)));

  public Rule {
    roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
    if (!isOpen && roles.isEmpty()) {
      throw new IllegalArgumentException("a protected route lets at least one role in");
    }
  }

  /** No sign-in needed (search, public availability, sign-in itself). */
  public static Rule open() {
    return new Rule(true, Set.of(), Concern.CALLER);
  }

  /** Anyone signed in, kiosks included: pair it with {@link #concerning} when it touches a person. */
  public static Rule signedIn() {
    return new Rule(false, EVERY_ROLE, Concern.CALLER);
  }

  /** Anyone signed in as a person (not a kiosk device). */
  public static Rule people() {
    return new Rule(false, PEOPLE, Concern.CALLER);
  }

  public static Rule roles(Role first, Role... more) {
    return new Rule(false, EnumSet.of(first, more), Concern.CALLER);
  }

  public Rule concerning(Concern what) {
    return new Rule(isOpen, roles, what);
  }

  public boolean lets(Set<Role> callerRoles) {
    return isOpen || callerRoles.stream().anyMatch(roles::contains);
  }

  /** One line for people: "public", "signed in: citizen, employee; concerns the person of booking :id". */
  public String describe() {
    if (isOpen) {
      return "public";
    }
    String who = roles.equals(EVERY_ROLE) ? "anyone signed in"
        : roles.equals(PEOPLE) ? "anyone signed in but kiosks"
        : Arrays.stream(Role.values()).filter(roles::contains).map(Role::wireName).collect(Collectors.joining(", "));
    return concern.kind() == Concern.Kind.CALLER ? who : who + "; concerns " + concern.describe();
  }
}
