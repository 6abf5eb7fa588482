package coop.sportello.pricing.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a service's tariff is per (V37 {@code services.tariff_unit}). Hour, session, day and place
 * price one slot; week and month are enrolments (a period with a start and an end, issue 21), so a
 * single slot of such a service is not sold.
 */
public enum TariffUnit {
  HOUR("hour", "all'ora", true),
  SESSION("session", "a incontro", true),
  DAY("day", "al giorno", true),
  PLACE("place", "a persona", true),
  WEEK("week", "a settimana", false),
  MONTH("month", "al mese", false);

  private final String wireName;
  private final String per;
  private final boolean soldBySlot;

  TariffUnit(String wireName, String per, boolean soldBySlot) {
    this.wireName = wireName;
    this.per = per;
    this.soldBySlot = soldBySlot;
  }

  public String wireName() {
    return wireName;
  }

  /** The unit as Italian says a price is per it: "21,00 € all'ora". */
  public String per() {
    return per;
  }

  /** Whether one slot of a service with this unit can be held and charged on its own. */
  public boolean soldBySlot() {
    return soldBySlot;
  }

  public static Optional<TariffUnit> fromWire(String wire) {
    return Arrays.stream(values()).filter(u -> u.wireName.equals(wire)).findFirst();
  }
}
