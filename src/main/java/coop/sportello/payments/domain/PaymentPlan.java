package coop.sportello.payments.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.ArrayList;
import java.util.List;

/**
 * How a booking's price is split between the ways the person chose: welfare credit first, up to
 * what their credit can pay, the rest by the chosen way; nothing chosen, the whole price is due at
 * the provider. Every part is a positive number of cents and the parts add up to the price.
 */
public final class PaymentPlan {

  /** One payment to make: this many cents by this method. */
  public record Part(PaymentMethod method, int cents) { }

  /**
   * What the person's welfare credit can pay for this booking: {@code refusal} when none at all
   * (not an employee, a service credit does not pay for), else the largest balance of one wallet
   * usable on the booking's day and, for a fringe benefit, what is left of the year's limit
   * ({@link Integer#MAX_VALUE} otherwise).
   */
  public record Credit(Refusal refusal, int balanceCents, int fringeHeadroomCents) {
    public static Credit refused(Refusal refusal) {
      return new Credit(refusal, 0, 0);
    }

    int usable() {
      return Math.min(balanceCents, fringeHeadroomCents);
    }
  }

  /** The parts, or why the choice cannot pay this price. */
  public record Result(List<Part> parts, Refusal refusal) {
    public boolean refused() {
      return refusal != null;
    }

    public int cents(PaymentMethod method) {
      return parts.stream().filter(p -> p.method() == method).mapToInt(Part::cents).sum();
    }
  }

  private PaymentPlan() { }

  /** {@code credit} is read only when the choice spends credit. */
  public static Result of(int priceCents, PaymentChoice choice, Credit credit) {
    if (priceCents < 0) {
      throw new IllegalArgumentException("a price is never negative");
    }
    List<Part> parts = new ArrayList<>();
    if (priceCents == 0) {
      return new Result(parts, null);
    }
    int creditCents = 0;
    if (choice.credit()) {
      if (credit.refusal() != null) {
        return new Result(List.of(), credit.refusal());
      }
      creditCents = Math.min(priceCents, Math.max(0, credit.usable()));
      if (choice.rest() == null && creditCents < priceCents) {
        // Credit alone pays all or nothing (as before issue 21): say which limit stops it.
        return new Result(List.of(), credit.fringeHeadroomCents() < priceCents
            ? Refusal.conflict("fringe-benefit-limit", "Con questo acquisto supereresti il limite annuo dei fringe "
                + "benefit: non è possibile pagarlo con il welfare.")
            : Refusal.conflict("insufficient-credit", "Il credito welfare disponibile non basta per questa prenotazione."));
      }
      if (creditCents > 0) {
        parts.add(new Part(PaymentMethod.WELFARE_CREDIT, creditCents));
      }
    }
    int rest = priceCents - creditCents;
    if (rest > 0) {
      parts.add(new Part(choice.rest() == null ? PaymentMethod.AT_PROVIDER : choice.rest(), rest));
    }
    return new Result(List.copyOf(parts), null);
  }
}
