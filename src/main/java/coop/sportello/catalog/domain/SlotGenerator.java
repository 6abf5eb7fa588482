package coop.sportello.catalog.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns weekly rules, day exceptions and closures into slots. Schedules are written in
 * Europe/Rome wall-clock time; slots are stored as instants.
 * <p>
 * Daylight saving: a slot whose wall-clock start does not exist (the spring-forward hour) is not
 * offered; a wall-clock start that happens twice (the autumn fall-back hour) is offered once, at
 * its first occurrence. A slot lasts {@code slotMinutes} of real time, so a one-hour session is
 * one hour long on both change days; where the jump makes a wall-clock start fall inside the
 * previous slot, that start is skipped, so a resource's slots never overlap.
 */
public final class SlotGenerator {

  public static final ZoneId ROME = ZoneId.of("Europe/Rome");

  private SlotGenerator() { }

  /**
   * @param from first local date (inclusive)
   * @param to   last local date (inclusive)
   */
  public static List<SlotSpec> generate(List<WeeklyRule> rules, List<DayException> exceptions,
                                        List<Closure> closures, LocalDate from, LocalDate to) {
    List<SlotSpec> slots = new ArrayList<>();
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      for (Opening opening : openingsOn(date, rules, exceptions)) {
        if (closedOn(closures, opening, date)) {
          continue;
        }
        cut(date, opening, slots);
      }
    }
    slots.sort(Comparator.comparing(SlotSpec::start).thenComparing(s -> s.resourceId().toString()));
    return slots;
  }

  /** An exception for a resource and date replaces that resource's weekly rules on that date. */
  private static List<Opening> openingsOn(LocalDate date, List<WeeklyRule> rules, List<DayException> exceptions) {
    List<Opening> openings = new ArrayList<>();
    for (WeeklyRule rule : rules) {
      if (rule.appliesOn(date) && exceptions.stream().noneMatch(e -> e.date().equals(date)
          && e.resourceId().equals(rule.opening().resourceId()))) {
        openings.add(rule.opening());
      }
    }
    for (DayException e : exceptions) {
      if (e.date().equals(date) && e.opening() != null) {
        openings.add(e.opening());
      }
    }
    return openings;
  }

  private static boolean closedOn(List<Closure> closures, Opening opening, LocalDate date) {
    return closures.stream().anyMatch(c -> c.closes(opening.resourceId(), date));
  }

  private static void cut(LocalDate date, Opening opening, List<SlotSpec> into) {
    Duration length = Duration.ofMinutes(opening.slotMinutes());
    LocalDateTime dayEnd = closingTime(date, opening.closes());
    Instant previousEnd = Instant.MIN;
    for (LocalDateTime start = date.atTime(opening.opens());
         !start.plus(length).isAfter(dayEnd);
         start = start.plus(length)) {
      if (ROME.getRules().getValidOffsets(start).isEmpty()) {
        continue; // this wall-clock time is skipped by the spring-forward change
      }
      Instant begins = ZonedDateTime.ofLocal(start, ROME, null).withEarlierOffsetAtOverlap().toInstant();
      if (begins.isBefore(previousEnd)) {
        continue; // after the spring-forward jump the wall-clock grid would overlap the slot before
      }
      previousEnd = begins.plus(length);
      into.add(new SlotSpec(opening.resourceId(), begins, begins.plus(length), opening.places()));
    }
  }

  /** 00:00 as a closing time means midnight at the end of the day. */
  private static LocalDateTime closingTime(LocalDate date, LocalTime closes) {
    return closes.equals(LocalTime.MIDNIGHT) ? date.plusDays(1).atStartOfDay() : date.atTime(closes);
  }
}
