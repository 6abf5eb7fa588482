package coop.sportello.pricing.domain;

import coop.sportello.platform.domain.Refusal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one pricing rule (issue 21): every screen shows and every hold charges what it says, in
 * integer cents. Per unit: by the hour, the tariff pro rata of the slot's real minutes, times the
 * places, rounded once, half-up to the cent, on the total; by the session or the person, the tariff
 * times the places; by the day, the tariff times the days the slot touches (Europe/Rome) times the
 * places. Week and month services are enrolments: a single slot of them is not sold. A valid ISEE
 * in one of the service's bands replaces the tariff with the band's; a discount applies last.
 */
public final class PriceRule {

  public static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private PriceRule() { }

  /** Why no price can be quoted for one slot of this service, if none can. */
  public static Optional<Refusal> refusal(TariffUnit unit) {
    return unit.soldBySlot() ? Optional.empty() : Optional.of(Refusal.invalid("enrolment-only",
        "Questo servizio si paga " + unit.per() + ": si prenota con un'iscrizione per tutto il periodo, non una fascia "
            + "alla volta: scegli \"Iscriviti\" nella pagina del servizio."));
  }

  /** The price of {@code r}; {@link #refusal} must be empty for its unit. */
  public static Quote quote(PriceRequest r) {
    refusal(r.unit()).ifPresent(refusal -> {
      throw new IllegalArgumentException(refusal.detail());
    });
    long minutes = Duration.between(r.start(), r.end()).toMinutes();
    Optional<IseeBand> band = r.isee().filter(isee -> isee.validOn(r.today()))
        .flatMap(isee -> r.bands().bandFor(isee.valueCents()));
    // A band never costs more than the full tariff, even if the tariff was lowered below it since.
    long unitCents = band.map(b -> Math.min(b.tariffCents(), r.tariffCents())).orElse(r.tariffCents());
    long subtotal = total(r.unit(), unitCents, minutes, days(r), r.places());
    List<QuoteLine> lines = new ArrayList<>();
    lines.add(new QuoteLine(baseLabel(r, minutes, unitCents, band), subtotal));
    long discountCents = r.discount().map(d -> discountCents(d, r, minutes, subtotal)).orElse(0L);
    if (discountCents > 0) {
      lines.add(new QuoteLine(r.discount().get().label(), -discountCents));
    }
    return new Quote(subtotal - discountCents, r.unit(), quantity(r.unit(), minutes, days(r)), unitCents, r.places(), lines,
        r.discount(), discountCents, band, rounding(r, minutes));
  }

  /** Tariff × quantity × places, rounded half-up to the cent once, on the total (only hours can leave a fraction). */
  private static long total(TariffUnit unit, long unitCents, long minutes, long days, int places) {
    return switch (unit) {
      case HOUR -> BigDecimal.valueOf(unitCents).multiply(BigDecimal.valueOf(minutes)).multiply(BigDecimal.valueOf(places))
          .divide(SIXTY, 0, RoundingMode.HALF_UP).longValueExact();
      case DAY -> Math.multiplyExact(Math.multiplyExact(unitCents, days), places);
      case SESSION, PLACE -> Math.multiplyExact(unitCents, places);
      case WEEK, MONTH -> throw new IllegalArgumentException("enrolments are not priced per slot");
    };
  }

  /** Never more than the subtotal (a discount does not raise a price nor take it below zero). */
  private static long discountCents(Discount d, PriceRequest r, long minutes, long subtotal) {
    long off = switch (d.kind()) {
      case PERCENT -> BigDecimal.valueOf(subtotal).multiply(d.value()).divide(HUNDRED, 0, RoundingMode.HALF_UP).longValueExact();
      case FIXED -> subtotal - total(r.unit(), d.value().longValueExact(), minutes, days(r), r.places());
    };
    return Math.max(0, Math.min(subtotal, off));
  }

  /** The calendar days (Europe/Rome) the slot touches: 1 for a slot within one day. */
  private static long days(PriceRequest r) {
    LocalDate first = r.start().atZone(ROME).toLocalDate();
    LocalDate last = r.end().minusNanos(1).atZone(ROME).toLocalDate();
    return ChronoUnit.DAYS.between(first, last) + 1;
  }

  private static BigDecimal quantity(TariffUnit unit, long minutes, long days) {
    return switch (unit) {
      case HOUR -> BigDecimal.valueOf(minutes).divide(SIXTY, 4, RoundingMode.HALF_UP).stripTrailingZeros();
      case DAY -> BigDecimal.valueOf(days);
      default -> BigDecimal.ONE;
    };
  }

  private static String baseLabel(PriceRequest r, long minutes, long unitCents, Optional<IseeBand> band) {
    String what = switch (r.unit()) {
      case HOUR -> duration(minutes) + " × " + Euro.format(unitCents) + " " + r.unit().per();
      case DAY -> days(r) + (days(r) == 1 ? " giorno" : " giorni") + " × " + Euro.format(unitCents) + " " + r.unit().per();
      default -> Euro.format(unitCents) + " " + r.unit().per();
    };
    String reduced = band.map(b -> " (tariffa ridotta per ISEE fino a " + Euro.format(b.upToCents()) + ")").orElse("");
    return what + reduced + (r.places() == 1 ? "" : " × " + r.places() + " posti");
  }

  /** How the cents were reached, said to the person. */
  private static String rounding(PriceRequest r, long minutes) {
    String base = r.unit() == TariffUnit.HOUR
        ? "Prezzo calcolato sui minuti reali della fascia (" + minutes + " minuti): tariffa oraria × minuti ÷ 60 × posti, "
            + "arrotondato al centesimo una sola volta sul totale (mezzo centesimo per eccesso)."
        : "Prezzo in centesimi esatti: tariffa × " + (r.unit() == TariffUnit.DAY ? "giorni × " : "") + "posti, senza arrotondamenti.";
    boolean percent = r.discount().filter(d -> d.kind() == Discount.Kind.PERCENT).isPresent();
    return percent ? base + " Lo sconto in percentuale è arrotondato al centesimo (mezzo centesimo per eccesso)." : base;
  }

  /** "2 ore", "1 ora e 30 minuti", "45 minuti". */
  static String duration(long minutes) {
    long hours = minutes / 60;
    long rest = minutes % 60;
    String h = hours == 0 ? "" : hours + (hours == 1 ? " ora" : " ore");
    String m = rest == 0 ? "" : rest + (rest == 1 ? " minuto" : " minuti");
    return h.isEmpty() ? m : m.isEmpty() ? h : h + " e " + m;
  }
}
