package coop.sportello.pricing.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The price of an enrolment (issue 21): a week or month service bought for whole periods. The
 * tariff per period × the periods × the places, in exact cents; a valid ISEE in one of the
 * service's bands replaces the tariff with the band's (never above the full tariff), and a
 * discount applies last, as {@link PriceRule} does for a slot: a percentage of the total rounded
 * half-up to the cent once, or an agreed price per period in place of the tariff.
 */
public final class EnrolmentPrice {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private EnrolmentPrice() { }

  /** What the enrolment's price depends on; {@code unit} is WEEK or MONTH. */
  public record Request(TariffUnit unit, long tariffCents, int periods, int places, IseeBands bands, Optional<Isee> isee,
                        LocalDate today, Optional<Discount> discount) {
    public Request {
      if (unit.soldBySlot() || tariffCents < 0 || periods < 1 || places < 1) {
        throw new IllegalArgumentException("an enrolment is at least one week or month, for at least one place");
      }
    }
  }

  public static Quote quote(Request r) {
    Optional<IseeBand> band = r.isee().filter(isee -> isee.validOn(r.today()))
        .flatMap(isee -> r.bands().bandFor(isee.valueCents()));
    long unitCents = band.map(b -> Math.min(b.tariffCents(), r.tariffCents())).orElse(r.tariffCents());
    long subtotal = total(unitCents, r);
    List<QuoteLine> lines = new ArrayList<>();
    lines.add(new QuoteLine(baseLabel(r, unitCents, band), subtotal));
    long discountCents = r.discount().map(d -> discountCents(d, r, subtotal)).orElse(0L);
    if (discountCents > 0) {
      lines.add(new QuoteLine(r.discount().get().label(), -discountCents));
    }
    return new Quote(subtotal - discountCents, r.unit(), BigDecimal.valueOf(r.periods()), unitCents, r.places(), lines,
        r.discount(), discountCents, band, rounding(r));
  }

  private static long total(long unitCents, Request r) {
    return Math.multiplyExact(Math.multiplyExact(unitCents, r.periods()), r.places());
  }

  /** Never more than the subtotal: a discount does not raise a price nor take it below zero. */
  private static long discountCents(Discount d, Request r, long subtotal) {
    long off = switch (d.kind()) {
      case PERCENT -> BigDecimal.valueOf(subtotal).multiply(d.value()).divide(HUNDRED, 0, RoundingMode.HALF_UP).longValueExact();
      case FIXED -> subtotal - total(d.value().longValueExact(), r);
    };
    return Math.max(0, Math.min(subtotal, off));
  }

  /** "2 settimane × 135,00 € a settimana × 2 posti". */
  private static String baseLabel(Request r, long unitCents, Optional<IseeBand> band) {
    String periods = r.unit() == TariffUnit.WEEK
        ? r.periods() + (r.periods() == 1 ? " settimana" : " settimane")
        : r.periods() + (r.periods() == 1 ? " mese" : " mesi");
    String reduced = band.map(b -> " (tariffa ridotta per ISEE fino a " + Euro.format(b.upToCents()) + ")").orElse("");
    return periods + " × " + Euro.format(unitCents) + " " + r.unit().per() + reduced
        + (r.places() == 1 ? "" : " × " + r.places() + " posti");
  }

  private static String rounding(Request r) {
    String base = "Prezzo in centesimi esatti: tariffa × " + (r.unit() == TariffUnit.WEEK ? "settimane" : "mesi")
        + " × posti, senza arrotondamenti.";
    boolean percent = r.discount().filter(d -> d.kind() == Discount.Kind.PERCENT).isPresent();
    return percent ? base + " Lo sconto in percentuale è arrotondato al centesimo (mezzo centesimo per eccesso)." : base;
  }
}
