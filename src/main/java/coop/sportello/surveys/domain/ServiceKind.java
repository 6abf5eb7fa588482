package coop.sportello.surveys.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The services an employee can say they would use, each in the service area that offers it (V56 lists the same codes). */
public enum ServiceKind {
  AFTER_SCHOOL("childhood"), SUMMER_CAMP("childhood"), BABYSITTING("childhood"), HOME_CARE("elderly"),
  ELDERLY_DAY_CENTRE("elderly"), PHYSIOTHERAPY("health"), PSYCHOLOGICAL_SUPPORT("health"), TUTORING("education"),
  ERRANDS("work_life"), LAUNDRY("work_life");

  private final String area;

  ServiceKind(String area) {
    this.area = area;
  }

  public String area() {
    return area;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Every kind's wire name, in the enum's order. */
  public static List<String> codes() {
    return Arrays.stream(values()).map(ServiceKind::wireName).toList();
  }

  /** Every kind's area, in the same order as {@link #codes()}. */
  public static List<String> areas() {
    return Arrays.stream(values()).map(ServiceKind::area).toList();
  }

  public static Optional<ServiceKind> fromWire(String text) {
    return Arrays.stream(values()).filter(k -> k.wireName().equals(text)).findFirst();
  }
}
