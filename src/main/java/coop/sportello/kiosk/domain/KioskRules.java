package coop.sportello.kiosk.domain;

/** Who a kiosk may serve and what it may show of them. */
public final class KioskRules {

  private KioskRules() { }

  /**
   * A company's welfare point serves that company's employees; a town Social Point (no company)
   * serves the employees of every member company.
   */
  public static boolean deviceServes(String deviceCompanyId, String employeeCompanyId) {
    return deviceCompanyId == null || deviceCompanyId.equals(employeeCompanyId);
  }

  /**
   * What a kiosk screen may call the person: the first word of their name only, so that a passer-by
   * reading over their shoulder learns as little as possible.
   */
  public static String firstName(String displayName) {
    if (displayName == null || displayName.isBlank()) {
      return "";
    }
    return displayName.trim().split("\\s+")[0];
  }

  /** The device id in a kiosk identity's subject ({@code kiosk:<device id>}), or null for anyone else. */
  public static String deviceOf(String subject) {
    return subject != null && subject.startsWith("kiosk:") ? subject.substring("kiosk:".length()) : null;
  }
}
