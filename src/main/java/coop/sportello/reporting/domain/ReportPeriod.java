package coop.sportello.reporting.domain;

import coop.sportello.platform.domain.CalendarDate;
import coop.sportello.platform.domain.Refusal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The days a report covers, {@code from} and {@code to} included, Europe/Rome: at most
 * {@link #MAX_DAYS} days (a year and a month), {@code to} not before {@code from}.
 */
public record ReportPeriod(LocalDate from, LocalDate to) {

  public static final int MAX_DAYS = 400;
  public static final ZoneId ROME = ZoneId.of("Europe/Rome");

  /** The period of the query's {@code from} and {@code to}, or the refusal (400) saying what is wrong. */
  public static Result parse(String fromText, String toText) {
    var from = CalendarDate.parse(fromText);
    var to = CalendarDate.parse(toText);
    if (from.isEmpty() || to.isEmpty()) {
      return new Result(null, bad("Indica il periodo: from=AAAA-MM-GG&to=AAAA-MM-GG."));
    }
    if (to.get().isBefore(from.get())) {
      return new Result(null, bad("La fine del periodo (to) viene prima del suo inizio (from)."));
    }
    if (ChronoUnit.DAYS.between(from.get(), to.get()) + 1 > MAX_DAYS) {
      return new Result(null, bad("Un rapporto copre al massimo " + MAX_DAYS + " giorni."));
    }
    return new Result(new ReportPeriod(from.get(), to.get()), null);
  }

  /** Either a period or a refusal. */
  public record Result(ReportPeriod period, Refusal refusal) { }

  private static Refusal bad(String detail) {
    return new Refusal(400, "invalid-period", detail);
  }

  /** The first instant of {@code from} in Rome. */
  public Instant start() {
    return from.atStartOfDay(ROME).toInstant();
  }

  /** The first instant after {@code to} in Rome. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(ROME).toInstant();
  }
}
