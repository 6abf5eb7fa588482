package coop.sportello.welfarecard.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.Optional;

/**
 * A package entry's discount: {@code percent} off the tariff (1-100), or a {@code fixed} price in
 * cents per tariff unit that replaces the tariff. Only a discount that lowers the price counts: a
 * fixed price at or above the tariff leaves the tariff as it is (V40's welfare_card_discount says
 * the same).
 */
public record AgreedDiscount(Kind kind, int value) {

  /** The highest fixed price (one million euros): a typing slip, not a price. */
  public static final int MAX_FIXED_CENTS = 100_000_000;

  public enum Kind {
    PERCENT, FIXED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Kind> fromWire(String name) {
      return "percent".equals(name) ? Optional.of(PERCENT) : "fixed".equals(name) ? Optional.of(FIXED) : Optional.empty();
    }
  }

  /** Why these numbers are no discount, if they are not. */
  public static Optional<Refusal> problem(String kind, int value) {
    Optional<Kind> k = Kind.fromWire(kind);
    if (k.isEmpty()) {
      return Optional.of(Refusal.invalid("invalid-discount", "Lo sconto è una percentuale (percent) o un prezzo fisso (fixed)."));
    }
    if (k.get() == Kind.PERCENT && (value < 1 || value > 100)) {
      return Optional.of(Refusal.invalid("invalid-discount", "Uno sconto in percentuale va da 1 a 100."));
    }
    if (k.get() == Kind.FIXED && (value < 0 || value > MAX_FIXED_CENTS)) {
      return Optional.of(Refusal.invalid("invalid-discount", "Un prezzo fisso è in centesimi, da 0 a 100.000.000."));
    }
    return Optional.empty();
  }

  public static AgreedDiscount of(String kind, int value) {
    problem(kind, value).ifPresent(r -> {
      throw new IllegalArgumentException(r.detail());
    });
    return new AgreedDiscount(Kind.fromWire(kind).orElseThrow(), value);
  }

  /**
   * The price of one tariff unit with the discount, in cents: a percentage rounds half up to the
   * cent (21,00 € less 15% is 17,85 €; 0,99 € less 50% is 0,50 €); a fixed price below the tariff
   * replaces it; otherwise the tariff stays.
   */
  public int unitPrice(int tariffCents) {
    if (kind == Kind.PERCENT) {
      long kept = (long) tariffCents * (100 - value);
      return (int) ((kept + 50) / 100);
    }
    return Math.min(value, tariffCents);
  }
}
