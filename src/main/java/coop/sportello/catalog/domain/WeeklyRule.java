package coop.sportello.catalog.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** A weekly opening valid between two dates (until open-ended when null). */
public record WeeklyRule(DayOfWeek weekday, Opening opening, LocalDate validFrom, LocalDate validUntil) {

  public boolean appliesOn(LocalDate date) {
    return date.getDayOfWeek() == weekday && !date.isBefore(validFrom)
        && (validUntil == null || !date.isAfter(validUntil));
  }
}
