package coop.sportello.platform.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A calendar date as people write it in Sportello's requests: {@code YYYY-MM-DD}, four-digit year.
 * {@code LocalDate.parse} also takes {@code +999999999-12-31}, which then overflows the first date
 * arithmetic (a 500); only the plain form is a date here.
 */
public final class CalendarDate {

  private static final Pattern PLAIN = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  private CalendarDate() { }

  /** The date, or empty when {@code text} is no existing date in the plain form. */
  public static Optional<LocalDate> parse(String text) {
    if (text == null || !PLAIN.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
