package coop.sportello.delivery.domain;

import java.util.Arrays;
import java.util.Optional;

/** What happened to a confirmed booking: delivered in full, the person did not come, delivered in part. */
public enum DeliveryOutcome {
  DELIVERED("delivered"),
  NO_SHOW("no_show"),
  PARTIAL("partial");

  private final String wire;

  DeliveryOutcome(String wire) {
    this.wire = wire;
  }

  public String wireName() {
    return wire;
  }

  public static Optional<DeliveryOutcome> fromWire(String text) {
    return Arrays.stream(values()).filter(o -> o.wire.equals(text)).findFirst();
  }
}
