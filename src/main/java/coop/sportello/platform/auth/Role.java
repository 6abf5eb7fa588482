package coop.sportello.platform.auth;

import java.util.Locale;
import java.util.Optional;

/** The roles of DOMAIN.md; {@link #wireName()} is how they travel in tokens, JSON and SQL. */
public enum Role {
  CITIZEN, EMPLOYEE, OPERATOR, WELFARE_MANAGER, SUPERVISOR, PROVIDER_ADMIN, HR_ADMIN, KIOSK, PRIVACY_OFFICER,
  /** Publishes a Comune's bandi and reviews their applications; their provider is that Comune (V45). */
  MUNICIPAL_OFFICER,
  /** A cooperative's staff (V57): sees its day and records delivery; no money, no closing a month. */
  PROVIDER_STAFF;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWire(String name) {
    for (Role r : values()) {
      if (r.wireName().equals(name)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
