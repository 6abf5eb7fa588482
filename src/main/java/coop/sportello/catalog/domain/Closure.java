package coop.sportello.catalog.domain;

import java.time.LocalDate;
import java.util.UUID;

/** Whole days closed, for one resource or (resourceId null) for the whole cooperative. */
public record Closure(UUID resourceId, LocalDate from, LocalDate to) {

  public boolean closes(UUID resource, LocalDate date) {
    return (resourceId == null || resourceId.equals(resource)) && !date.isBefore(from) && !date.isAfter(to);
  }
}
