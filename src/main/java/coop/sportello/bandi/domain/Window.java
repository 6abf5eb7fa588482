package coop.sportello.bandi.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * When a bando takes applications: from {@code opens} (inclusive) to {@code closes} (exclusive), as
 * instants; entered and shown as Italian local times (Europe/Rome, summer time included).
 */
public record Window(Instant opens, Instant closes) {

  public static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMMM yyyy 'alle' H:mm", Locale.ITALIAN);

  public enum Phase {
    UPCOMING, OPEN, CLOSED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The window of two Italian local times ({@code 2026-12-10T09:00}). */
  public static Window ofLocal(LocalDateTime opens, LocalDateTime closes) {
    return new Window(opens.atZone(ROME).toInstant(), closes.atZone(ROME).toInstant());
  }

  public Phase phaseAt(Instant now) {
    return now.isBefore(opens) ? Phase.UPCOMING : now.isBefore(closes) ? Phase.OPEN : Phase.CLOSED;
  }

  public static LocalDateTime local(Instant t) {
    return LocalDateTime.ofInstant(t, ROME);
  }

  /** "dal 10 dicembre 2026 alle 9:00 al 20 dicembre 2026 alle 12:00". */
  public String describe() {
    return "dal " + SHOWN.format(opens.atZone(ROME)) + " al " + SHOWN.format(closes.atZone(ROME));
  }
}
