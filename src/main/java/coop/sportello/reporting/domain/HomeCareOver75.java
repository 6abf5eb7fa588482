package coop.sportello.reporting.domain;

import coop.sportello.bandi.domain.Household;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The impact indicator "hours of home care delivered to people over 75", settled person by person
 * from what each received in the period: a person already 75 on their first day of care counts
 * whole, one not yet 75 on their last day not at all, and only the few who turned 75 in between
 * need their days read again (the {@link #turning} ones). The age comes from the codice fiscale;
 * one that cannot be read is counted apart. Pure.
 */
public final class HomeCareOver75 {

  /** One person's home care in the period: their codice fiscale, minutes, first and last day of care (Rome). */
  public record Cared(String codiceFiscale, long minutes, LocalDate first, LocalDate last) { }

  /** Someone who turned 75 between their first and last day of care, and the day they did. */
  public record Turning(String codiceFiscale, LocalDate turns75) { }

  /**
   * The minutes and people counted whole, those whose days must be read again, and how many codici
   * fiscali could not be read.
   */
  public record Split(long minutes, long people, List<Turning> turning, long unreadable) { }

  private HomeCareOver75() { }

  /** Splits the persons cared for in a period ending {@code periodEnd} (the century of a birth year is read against it). */
  public static Split split(List<Cared> cared, LocalDate periodEnd) {
    long minutes = 0;
    long people = 0;
    long unreadable = 0;
    List<Turning> turning = new ArrayList<>();
    for (Cared c : cared) {
      Optional<LocalDate> birth = Household.birthDate(c.codiceFiscale(), periodEnd);
      if (birth.isEmpty()) {
        unreadable++;
        continue;
      }
      LocalDate turns75 = birth.get().plusYears(75);
      if (!turns75.isAfter(c.first())) {
        minutes += c.minutes();
        people++;
      } else if (!turns75.isAfter(c.last())) {
        turning.add(new Turning(c.codiceFiscale(), turns75));
      }
    }
    return new Split(minutes, people, List.copyOf(turning), unreadable);
  }
}
