package coop.sportello.booking.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;
import java.util.UUID;

/**
 * A weekly series as asked for: every {@code weekdays} at {@code start} from {@code from} to
 * {@code until} (at most a year), {@code places} each time, optionally with one chosen resource.
 */
public record WeeklySeries(UUID service, UUID resource, Set<DayOfWeek> weekdays, LocalTime start, LocalDate from,
                           LocalDate until, int places) {

  public static final int MAX_DAYS = 366;

  public WeeklySeries {
    weekdays = Set.copyOf(weekdays);
  }

  /** Null when the dates are in order and span at most {@link #MAX_DAYS}; otherwise why not. */
  public static String refusal(LocalDate from, LocalDate until) {
    return until.isBefore(from) || until.isAfter(from.plusDays(MAX_DAYS))
        ? "La serie va da from a until, al massimo un anno." : null;
  }
}
