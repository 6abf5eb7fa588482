package coop.sportello.calendar.domain;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a calendar feed says, from plain records, read back with ical4j as a calendar app would. */
class ICalendarFileTest {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final UUID BOOKING = UUID.fromString("6f1c2f0e-3b7a-4d7e-9a51-0c7d3f5b2a10");

  private static FeedBooking booking(UUID id, ZonedDateTime start, String status, Instant changedAt) {
    return booking(id, start, status, changedAt, 2);
  }

  private static FeedBooking booking(UUID id, ZonedDateTime start, String status, Instant changedAt, int revision) {
    return new FeedBooking(id, "ACDE3469", "Assistenza domiciliare", "Via Roma 1, Bergamo", start.toInstant(),
        start.plusHours(1).toInstant(), 2, status, changedAt, revision);
  }

  private static Calendar parse(String text) throws Exception {
    return new CalendarBuilder().build(new StringReader(text));
  }

  private static String feed(FeedBooking... bookings) {
    return ICalendarFile.feed(FeedWords.IT.personalCalendar(), FeedWindow.REFRESH,
        List.of(bookings).stream().map(b -> b.event(FeedWords.IT)).toList());
  }

  private static String value(VEvent event, String property) {
    return event.getProperty(property).map(Property::getValue).orElseThrow(() -> new AssertionError("no " + property));
  }

  @Test
  void timesAreRomeWallClockTimesOnBothSidesOfTheChangeToSummerTime() throws Exception {
    // 30 March 2025, 02:00 in Rome became 03:00: 9:00 is 08:00 UTC on the 29th and 07:00 UTC on the 31st.
    ZonedDateTime before = ZonedDateTime.of(2025, 3, 29, 9, 0, 0, 0, ROME);
    ZonedDateTime after = ZonedDateTime.of(2025, 3, 31, 9, 0, 0, 0, ROME);
    assertEquals(Instant.parse("2025-03-29T08:00:00Z"), before.toInstant());
    assertEquals(Instant.parse("2025-03-31T07:00:00Z"), after.toInstant());
    Instant changed = Instant.parse("2025-03-01T10:00:00Z");
    String text = feed(booking(BOOKING, before, "confirmed", changed),
        booking(UUID.randomUUID(), after, "confirmed", changed));

    assertTrue(text.contains("DTSTART;TZID=Europe/Rome:20250329T090000"), text);
    assertTrue(text.contains("DTSTART;TZID=Europe/Rome:20250331T090000"), text);
    Calendar calendar = parse(text);
    List<VTimeZone> zones = calendar.getComponents("VTIMEZONE");
    assertEquals(1, zones.size(), "one VTIMEZONE, the one the times refer to");
    assertEquals("Europe/Rome", zones.get(0).getTimeZoneId().getValue());
    List<VEvent> events = calendar.getComponents("VEVENT");
    List<Instant> starts = events.stream().map(e -> instant(e.getDateTimeStart().getDate())).toList();
    assertEquals(List.of(before.toInstant(), after.toInstant()), starts, "read back as the same instants");
  }

  @Test
  void theSameBookingHasTheSameUidAndTheSameDataGivesTheSameFile() throws Exception {
    ZonedDateTime start = ZonedDateTime.of(2025, 10, 27, 9, 0, 0, 0, ROME);
    Instant changed = Instant.parse("2025-10-01T08:30:00.123456Z");
    String first = feed(booking(BOOKING, start, "confirmed", changed));
    assertEquals(first, feed(booking(BOOKING, start, "confirmed", changed)), "a pure function of the data (a stable ETag)");
    VEvent event = parse(first).<VEvent>getComponents("VEVENT").get(0);
    assertEquals(BOOKING + "@sportello", value(event, "UID"));
    assertEquals("20251001T083000Z", value(event, "DTSTAMP"), "DTSTAMP is when the booking changed, not now");
    assertEquals("20251001T083000Z", value(event, "LAST-MODIFIED"));
    assertEquals("CONFIRMED", value(event, "STATUS"));
    assertEquals("Assistenza domiciliare", value(event, "SUMMARY"));
    assertEquals("Codice prenotazione: ACDE3469 · 2 posti", value(event, "DESCRIPTION"));
    assertEquals("Via Roma 1, Bergamo", value(event, "LOCATION"));
    assertTrue(first.contains("X-WR-CALNAME:Le mie prenotazioni – Sportello"), first);
    assertTrue(first.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H"), first);

    // Cancelled later: the same UID, a higher SEQUENCE, the status that makes a calendar drop it.
    String later = feed(booking(BOOKING, start, "cancelled", changed.plusSeconds(3600), 3));
    VEvent cancelled = parse(later).<VEvent>getComponents("VEVENT").get(0);
    assertEquals(BOOKING + "@sportello", value(cancelled, "UID"));
    assertEquals("CANCELLED", value(cancelled, "STATUS"));
    assertEquals("Annullata: Assistenza domiciliare", value(cancelled, "SUMMARY"));
    assertEquals("2", value(event, "SEQUENCE"));
    assertEquals("3", value(cancelled, "SEQUENCE"));
    assertNotEquals(first, later);
  }

  @Test
  void aMovedBookingIsCancelledWhereItWasAndWordsFollowTheLanguage() throws Exception {
    ZonedDateTime start = ZonedDateTime.of(2025, 10, 25, 18, 0, 0, 0, ROME);
    FeedBooking moved = booking(BOOKING, start, "rescheduled", Instant.parse("2025-10-02T00:00:00Z"));
    VEvent italian = parse(feed(moved)).<VEvent>getComponents("VEVENT").get(0);
    assertEquals("Spostata: Assistenza domiciliare", value(italian, "SUMMARY"));
    assertEquals("CANCELLED", value(italian, "STATUS"));
    String english = ICalendarFile.feed(FeedWords.of("en").personalCalendar(), FeedWindow.REFRESH, List.of(moved.event(FeedWords.EN)));
    assertTrue(english.contains("X-WR-CALNAME:My bookings – Sportello"), english);
    VEvent event = parse(english).<VEvent>getComponents("VEVENT").get(0);
    assertEquals("Moved: Assistenza domiciliare", value(event, "SUMMARY"));
    assertEquals("Booking code: ACDE3469 · 2 places", value(event, "DESCRIPTION"));
    assertEquals(FeedWords.IT, FeedWords.of(null), "Italian for anyone who chose nothing");
  }

  @Test
  void aDownloadIsStampedNowAndAnEmptyFeedStillNamesItsTimeZone() throws Exception {
    String download = ICalendarFile.of(booking(BOOKING, ZonedDateTime.of(2025, 6, 1, 10, 0, 0, 0, ROME), "held", null)
        .event(FeedWords.IT));
    VEvent event = parse(download).<VEvent>getComponents("VEVENT").get(0);
    assertEquals("CONFIRMED", value(event, "STATUS"), "a hold being confirmed is on");
    assertTrue(event.getProperty("LAST-MODIFIED").isEmpty() && event.getProperty("SEQUENCE").isEmpty(), download);
    assertFalse(download.contains("X-WR-CALNAME"), "a download is no subscribed calendar");
    String empty = ICalendarFile.feed(FeedWords.IT.resourceCalendar("Operatrice Anna"), FeedWindow.REFRESH, List.of());
    Calendar calendar = parse(empty);
    assertEquals(1, calendar.getComponents("VTIMEZONE").size());
    assertTrue(calendar.getComponents("VEVENT").isEmpty());
    assertTrue(empty.contains("X-WR-CALNAME:Operatrice Anna – Sportello"), empty);
  }

  @Test
  void theWebcalAddressIsThePublicAddressWithItsSchemeReplaced() {
    FeedAddress address = FeedAddress.of("https://sportello.example/", "abc_DEF-123");
    assertEquals("https://sportello.example/api/v1/calendar/abc_DEF-123", address.httpsUrl());
    assertEquals("webcal://sportello.example/api/v1/calendar/abc_DEF-123", address.webcalUrl());
    assertEquals("webcal://localhost:8080/api/v1/calendar/t", FeedAddress.of("http://localhost:8080", "t").webcalUrl());
  }

  private static Instant instant(Temporal date) {
    return date instanceof ZonedDateTime zoned ? zoned.toInstant() : Instant.from(date);
  }
}
