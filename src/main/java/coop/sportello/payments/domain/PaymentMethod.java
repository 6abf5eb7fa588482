package coop.sportello.payments.domain;

import java.util.Arrays;
import java.util.Optional;

/** The ways a booking is paid, as {@code payments.method} names them (V37). */
public enum PaymentMethod {
  WELFARE_CREDIT("welfare_credit"),
  VOUCHER("voucher"),
  CARD("card"),
  AT_PROVIDER("at_provider");

  private final String wireName;

  PaymentMethod(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<PaymentMethod> fromWire(String name) {
    return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
  }

  /** Money that is not received at once: a card checkout completes only on its webhook. */
  public boolean completesLater() {
    return this == CARD;
  }
}
