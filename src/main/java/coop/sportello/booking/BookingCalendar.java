package coop.sportello.booking;

import coop.sportello.calendar.domain.FeedBooking;
import coop.sportello.calendar.domain.FeedWords;
import coop.sportello.calendar.domain.ICalendarFile;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A booking as an RFC 5545 file to download: the same event, with the same UID, as the calendar
 * feeds carry ({@code calendar.domain}), so a calendar that has both keeps one.
 */
final class BookingCalendar {

  private BookingCalendar() { }

  static String of(JsonObject booking) {
    FeedBooking shown = new FeedBooking(UUID.fromString(booking.getString("id")), booking.getString("code"),
        booking.getString("serviceTitle"), booking.getString("address"),
        OffsetDateTime.parse(booking.getString("start")).toInstant(), OffsetDateTime.parse(booking.getString("end")).toInstant(),
        booking.getInteger("places"), booking.getString("status"), null, 0);
    return ICalendarFile.of(shown.event(FeedWords.IT));
  }
}
