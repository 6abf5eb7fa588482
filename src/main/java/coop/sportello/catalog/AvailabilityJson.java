package coop.sportello.catalog;

import coop.sportello.catalog.domain.SlotGenerator;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Times as screens read them: Europe/Rome wall clock with its offset. */
final class AvailabilityJson {

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private AvailabilityJson() { }

  static String local(Instant instant) {
    return instant.atZone(SlotGenerator.ROME).toOffsetDateTime().format(ISO);
  }
}
