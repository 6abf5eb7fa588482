package coop.sportello.pricing.domain;

import java.math.BigDecimal;

/**
 * A discount the person is entitled to on a service, applied last, after any ISEE band (issue 21:
 * the Welfare Card's agreed discounts, part F's {@code welfare_card_discount}). {@link Kind#PERCENT}:
 * {@code value} percent off the total (0–100, decimals allowed). {@link Kind#FIXED}: the agreed
 * price, {@code value} cents per unit of the tariff, in place of the tariff. A discount never makes
 * a price higher nor below zero. {@code agreementId} and {@code cardNumber} say where it comes from
 * (null when it does not come from a card).
 */
public record Discount(Kind kind, BigDecimal value, String agreementId, String cardNumber) {

  public enum Kind {
    PERCENT("percent"), FIXED("fixed");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Kind fromWire(String wire) {
      for (Kind k : values()) {
        if (k.wireName.equals(wire)) {
          return k;
        }
      }
      throw new IllegalArgumentException("no discount kind " + wire);
    }
  }

  public Discount {
    if (value.signum() < 0 || kind == Kind.PERCENT && value.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException("discount out of range");
    }
    if (kind == Kind.FIXED && value.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("a fixed price is whole cents");
    }
  }

  public static Discount percent(BigDecimal percent) {
    return new Discount(Kind.PERCENT, percent, null, null);
  }

  public static Discount fixedPrice(long unitCents) {
    return new Discount(Kind.FIXED, BigDecimal.valueOf(unitCents), null, null);
  }

  /** How a quote's line names it: "Sconto Carta Welfare del 15%", "Sconto: prezzo concordato 30,00 €". */
  public String label() {
    String source = cardNumber == null ? "Sconto" : "Sconto Carta Welfare";
    return switch (kind) {
      case PERCENT -> source + " del " + value.stripTrailingZeros().toPlainString().replace('.', ',') + "%";
      case FIXED -> source + ": prezzo concordato " + Euro.format(value.longValueExact());
    };
  }
}
