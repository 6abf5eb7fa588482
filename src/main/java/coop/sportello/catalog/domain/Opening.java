package coop.sportello.catalog.domain;

import java.time.LocalTime;
import java.util.UUID;

/** Opening hours of one resource for one service on one day, cut into slots of {@code slotMinutes}. */
public record Opening(UUID resourceId, LocalTime opens, LocalTime closes, int slotMinutes, int places) {

  public Opening {
    // 00:00 as closing time means the end of the day.
    if (!closes.equals(LocalTime.MIDNIGHT) && !closes.isAfter(opens)) {
      throw new IllegalArgumentException("closes must be after opens");
    }
    if (slotMinutes < 5 || places < 1) {
      throw new IllegalArgumentException("slots of at least 5 minutes and 1 place");
    }
  }
}
