package coop.sportello.projects.domain;

import java.time.LocalDate;

/** A project's period, both days included (Europe/Rome days, as V54's trigger reads a booking's day). */
public record ProjectPeriod(LocalDate startsOn, LocalDate endsOn) {

  /** Whether a booking starting on {@code day} may count against the project. */
  public boolean covers(LocalDate day) {
    return !day.isBefore(startsOn) && !day.isAfter(endsOn);
  }
}
