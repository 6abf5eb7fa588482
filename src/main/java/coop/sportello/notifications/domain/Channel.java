package coop.sportello.notifications.domain;

/** How a message travels; the wire name is what the database stores. */
public enum Channel {
  EMAIL, SMS, WEBHOOK;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Channel of(String wireName) {
    return valueOf(wireName.toUpperCase(java.util.Locale.ROOT));
  }
}
