package coop.sportello.notifications.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The hours a person asked not to be disturbed, on the Italian wall clock; {@code from} after
 * {@code until} spans midnight (22:00–07:00).
 */
public record QuietHours(LocalTime from, LocalTime until) {

  public static final ZoneId ROME = ZoneId.of("Europe/Rome");

  public QuietHours {
    if (from.equals(until)) {
      throw new IllegalArgumentException("quiet hours need a start and a different end");
    }
  }

  /** The end of the quiet period {@code at} falls in, or empty when {@code at} is not quiet. */
  public Optional<Instant> endOfQuiet(Instant at) {
    ZonedDateTime local = at.atZone(ROME);
    LocalTime time = local.toLocalTime();
    boolean wraps = from.isAfter(until);
    boolean quiet = wraps ? !time.isBefore(from) || time.isBefore(until) : !time.isBefore(from) && time.isBefore(until);
    if (!quiet) {
      return Optional.empty();
    }
    ZonedDateTime end = local.with(until);
    if (!end.isAfter(local)) {
      end = local.plusDays(1).with(until);
    }
    return Optional.of(end.toInstant());
  }
}
