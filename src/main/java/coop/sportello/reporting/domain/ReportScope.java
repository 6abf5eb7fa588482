package coop.sportello.reporting.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a report covers: the whole network, one cooperative, one project, one municipality (the
 * people who live there), one company (its employees) or one service area. The path's {@code
 * entity} names it: {@code all}, a UUID, an ISTAT code (6 digits) or an area code.
 */
public enum ReportScope {
  NETWORK, PROVIDERS, PROJECTS, MUNICIPALITIES, COMPANIES, AREAS;

  private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern ISTAT = Pattern.compile("[0-9]{6}");
  private static final Pattern AREA = Pattern.compile("[a-z_]{2,40}");

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ReportScope> fromWire(String text) {
    for (ReportScope s : values()) {
      if (s.wireName().equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code entity} is the shape of an id of this scope (a wrong shape names nothing: 404). */
  public boolean wellFormed(String entity) {
    if (entity == null) {
      return false;
    }
    return switch (this) {
      case NETWORK -> entity.equals("all");
      case PROVIDERS, PROJECTS, COMPANIES -> UUID_TEXT.matcher(entity).matches();
      case MUNICIPALITIES -> ISTAT.matcher(entity).matches();
      case AREAS -> AREA.matcher(entity).matches();
    };
  }

  /** The entity as the database compares it: a UUID for the uuid scopes, the text otherwise. */
  public Object sqlValue(String entity) {
    return switch (this) {
      case PROVIDERS, PROJECTS, COMPANIES -> UUID.fromString(entity);
      default -> entity;
    };
  }
}
