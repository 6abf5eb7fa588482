package coop.sportello.receipts.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * How a service is taxed ({@code services.vat_treatment}): most social services are exempt (art. 10
 * DPR 633/72), some at 5% (social cooperatives' services, Tabella A parte II-bis), others at 10% or
 * 22%. Prices are VAT-inclusive, so a document splits its amount into taxable part and VAT.
 */
public enum VatTreatment {
  EXEMPT("exempt", 0), VAT_5("vat_5", 5), VAT_10("vat_10", 10), VAT_22("vat_22", 22);

  /** What an exempt document says instead of a VAT line. */
  public static final String EXEMPTION_NOTE = "Esente IVA art. 10 DPR 633/72";
  /** How the split is rounded, printed under it. */
  public static final String ROUNDING = "IVA scorporata dal prezzo (IVA inclusa) e arrotondata al centesimo, metà per eccesso";

  private final String wireName;
  private final int ratePercent;

  VatTreatment(String wireName, int ratePercent) {
    this.wireName = wireName;
    this.ratePercent = ratePercent;
  }

  public String wireName() {
    return wireName;
  }

  public int ratePercent() {
    return ratePercent;
  }

  public static Optional<VatTreatment> fromWire(String name) {
    for (VatTreatment t : values()) {
      if (t.wireName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The split of a VAT-inclusive amount: VAT = amount × rate / (100 + rate), rounded half-up to the
   * cent; the taxable part is the rest, so the two always add up to the amount.
   */
  public VatSplit split(int amountCents) {
    if (amountCents < 0) {
      throw new IllegalArgumentException("an amount of a document is never negative");
    }
    int vat = BigDecimal.valueOf((long) amountCents * ratePercent)
        .divide(BigDecimal.valueOf(100L + ratePercent), 0, RoundingMode.HALF_UP).intValueExact();
    return new VatSplit(amountCents - vat, vat);
  }

  /** An amount's taxable part and VAT, in cents. */
  public record VatSplit(int taxableCents, int vatCents) { }
}
