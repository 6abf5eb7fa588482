package coop.sportello.booking.domain;

/**
 * The yearly fringe-benefit limit per employee (TUIR art. 51 c.3): EUR 258.23 ordinarily; for
 * 2025-2027 EUR 1,000, or EUR 2,000 for employees with dependent children (DOMAIN.md).
 */
public final class FringeBenefitLimit {

  private FringeBenefitLimit() { }

  public static int centsFor(int taxYear, boolean dependentChildren) {
    if (taxYear >= 2025 && taxYear <= 2027) {
      return dependentChildren ? 200_000 : 100_000;
    }
    return 25_823;
  }
}
