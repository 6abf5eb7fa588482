package coop.sportello.bandi.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.Optional;

/**
 * What a household is granted, in integer cents: {@code base} + {@code perMember} for each member
 * beyond the applicant + {@code perChild} for each child, at most {@code max} when the bando sets one.
 * "150 € plus 50 € per child" is {@code base 15000, perChild 5000}.
 */
public record AmountRule(int baseCents, int perMemberCents, int perChildCents, Optional<Integer> maxCents) {

  /** A ceiling on each part (one million euros): beyond it the figure is a typing slip. */
  public static final int MAX_PART_CENTS = 100_000_000;

  /** The amount for a household of {@code size} people of whom {@code children} are children (never negative). */
  public long amountFor(int size, int children) {
    long amount = baseCents + (long) perMemberCents * Math.max(0, size - 1) + (long) perChildCents * Math.max(0, children);
    return maxCents.map(max -> Math.min(amount, (long) max)).orElse(amount);
  }

  /** Why the rule cannot be a bando's, if it cannot. */
  public Optional<Refusal> problem() {
    if (baseCents < 0 || perMemberCents < 0 || perChildCents < 0) {
      return Optional.of(Refusal.invalid("amount-negative", "Gli importi non possono essere negativi."));
    }
    if (baseCents > MAX_PART_CENTS || perMemberCents > MAX_PART_CENTS || perChildCents > MAX_PART_CENTS
        || maxCents.filter(m -> m > MAX_PART_CENTS).isPresent()) {
      return Optional.of(Refusal.invalid("amount-too-large", "Un importo supera un milione di euro: controlli le cifre."));
    }
    if (baseCents == 0 && perMemberCents == 0 && perChildCents == 0) {
      return Optional.of(Refusal.invalid("amount-zero", "L'importo per nucleo è zero: indichi almeno una quota."));
    }
    if (maxCents.isPresent() && (maxCents.get() <= 0 || maxCents.get() < baseCents)) {
      return Optional.of(Refusal.invalid("amount-max-below-base",
          "Il tetto per nucleo deve essere positivo e non inferiore alla quota base."));
    }
    return Optional.empty();
  }

  /** The rule in plain words: "150,00 € più 50,00 € per ogni figlio, fino a 300,00 €". */
  public String describe() {
    StringBuilder s = new StringBuilder(Money.euro(baseCents));
    if (perMemberCents > 0) {
      s.append(" più ").append(Money.euro(perMemberCents)).append(" per ogni altro componente del nucleo");
    }
    if (perChildCents > 0) {
      s.append(" più ").append(Money.euro(perChildCents)).append(" per ogni figlio");
    }
    maxCents.ifPresent(m -> s.append(", fino a ").append(Money.euro(m)));
    return s.append(" per nucleo familiare").toString();
  }
}
