package coop.sportello.reporting.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * How a period reads report_person_windows (V64): one row per person and area holds, for the window
 * of {@link #MONTHS} months from January of {@code windowYear}, a bit per month (bit 0 January).
 * A period (at most 400 days, so at most 14 months) starting in year Y lies in Y's window. Its whole
 * months are the bits of {@code fullMonths}; the days of the months it covers only in part, at its
 * start and at its end, are read from report_facts instead: [period start, {@link #fullStart}) and
 * [{@link #fullEnd}, period end). With no whole month both edges meet at the period's end and the
 * first holds the whole period. {@code shift} is the window bit of the period's first month, so
 * {@code bits >> shift} numbers the period's months from 0.
 */
public record MonthWindow(int windowYear, int fullMonths, int shift, LocalDate fullFrom, LocalDate fullUntil) {

  /** Months in a window: bits 0 to 30 of an integer, never its sign. */
  public static final int MONTHS = 31;

  public static MonthWindow of(ReportPeriod period) {
    int windowYear = period.from().getYear();
    YearMonth first = YearMonth.from(period.from());
    YearMonth last = YearMonth.from(period.to());
    YearMonth firstFull = period.from().getDayOfMonth() == 1 ? first : first.plusMonths(1);
    YearMonth lastFull = period.to().equals(last.atEndOfMonth()) ? last : last.minusMonths(1);
    int mask = 0;
    for (YearMonth m = firstFull; !m.isAfter(lastFull); m = m.plusMonths(1)) {
      mask |= 1 << bit(m, windowYear);
    }
    LocalDate afterPeriod = period.to().plusDays(1);
    return mask == 0
        ? new MonthWindow(windowYear, 0, bit(first, windowYear), afterPeriod, afterPeriod)
        : new MonthWindow(windowYear, mask, bit(first, windowYear), firstFull.atDay(1), lastFull.plusMonths(1).atDay(1));
  }

  /** A month's bit in the window of {@code windowYear}. */
  static int bit(YearMonth month, int windowYear) {
    int bit = (month.getYear() - windowYear) * 12 + month.getMonthValue() - 1;
    if (bit < 0 || bit >= MONTHS) {
      throw new IllegalArgumentException(month + " is outside the window of " + windowYear);
    }
    return bit;
  }

  /** The first instant of the whole months (the end of the first edge). */
  public Instant fullStart() {
    return fullFrom.atStartOfDay(ReportPeriod.ROME).toInstant();
  }

  /** The first instant after the whole months (the start of the last edge). */
  public Instant fullEnd() {
    return fullUntil.atStartOfDay(ReportPeriod.ROME).toInstant();
  }
}
