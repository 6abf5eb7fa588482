package coop.sportello.statements.domain;

import coop.sportello.platform.domain.Refusal;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A calendar month as statements count it: from midnight of its first day to midnight of the
 * next month's first day, Europe/Rome wall clock (so a payment at 00:30 of 1 March in Rome is
 * March's, whatever UTC says; a month with a daylight-saving change is 743 or 745 hours long).
 */
public record StatementMonth(YearMonth month) {

  public static final ZoneId ROME = ZoneId.of("Europe/Rome");
  public static final Refusal WRONG = Refusal.invalid("invalid-month", "Il mese si scrive AAAA-MM, per esempio 2026-03.");
  private static final Pattern SHAPE = Pattern.compile("(20[2-9][0-9]|2100)-(0[1-9]|1[0-2])");

  /** {@code 2026-03}; empty for anything else (including years outside 2020-2100). */
  public static Optional<StatementMonth> parse(String text) {
    if (text == null || !SHAPE.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new StatementMonth(YearMonth.parse(text)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The first instant of the month (included). */
  public OffsetDateTime from() {
    return month.atDay(1).atStartOfDay(ROME).toOffsetDateTime();
  }

  /** The first instant of the next month (excluded). */
  public OffsetDateTime until() {
    return month.plusMonths(1).atDay(1).atStartOfDay(ROME).toOffsetDateTime();
  }

  @Override
  public String toString() {
    return month.toString();
  }
}
