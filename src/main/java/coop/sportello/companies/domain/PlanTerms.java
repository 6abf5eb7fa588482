package coop.sportello.companies.domain;

import coop.sportello.platform.domain.Refusal;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The terms of a yearly welfare plan as an HR admin writes them: the credit each employee of the
 * group gets (integer cents), the days it runs, and what happens to credit left unused when it ends
 * ({@code expires}: given back to the company; {@code carries_over}: stays the employee's).
 * The database checks the same (V4, V32); this says why in words before it gets there.
 */
public record PlanTerms(int year, int creditPerEmployeeCents, LocalDate startsOn, LocalDate endsOn, String unusedCredit) {

  /** A plan gives at most 100,000 euro per person: beyond that it is a typing slip. */
  public static final int MAX_CREDIT_CENTS = 10_000_000;

  public Optional<Refusal> problem() {
    if (year < 2020 || year > 2100) {
      return Optional.of(Refusal.invalid("invalid-plan", "L'anno del piano deve essere tra il 2020 e il 2100."));
    }
    if (creditPerEmployeeCents <= 0 || creditPerEmployeeCents > MAX_CREDIT_CENTS) {
      return Optional.of(Refusal.invalid("invalid-plan", "Il credito per dipendente va da 0,01 € a 100.000,00 €."));
    }
    if (startsOn.getYear() != year) {
      return Optional.of(Refusal.invalid("invalid-plan", "Il piano inizia nel suo anno: controlla la data di inizio."));
    }
    if (!endsOn.isAfter(startsOn)) {
      return Optional.of(Refusal.invalid("invalid-plan", "La data di fine viene dopo quella di inizio."));
    }
    if (!unusedCredit.equals("expires") && !unusedCredit.equals("carries_over")) {
      return Optional.of(Refusal.invalid("invalid-plan", "Il credito non usato scade (expires) o resta (carries_over)."));
    }
    return Optional.empty();
  }
}
