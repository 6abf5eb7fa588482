package coop.sportello.calendar.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A booking as a calendar shows it, read by the repository: what it is, when, where, how many
 * places, its code and status. Nothing about whom it is for: no name, no answers to a service's
 * questions (a resource's feed goes to a carer's phone; a person's shows only their own).
 *
 * @param address   the service's address, or the person's for a service at home; null when neither
 * @param status    bookings.status: confirmed and held are on; cancelled, rescheduled and expired are off
 * @param changedAt when the booking or its service last changed
 * @param revision  how many changes the booking has had (its audit rows): the event's SEQUENCE
 * @param tickets   a purchase of an event's tickets in the person's own calendar: each ticket's type and
 *                  code ("Intero 7KX2…"), what the door takes typed; empty otherwise (a resource's feed
 *                  never carries them: a code lets someone in)
 */
public record FeedBooking(UUID id, String code, String serviceTitle, String address, Instant start, Instant end,
                          int places, String status, Instant changedAt, int revision, List<String> tickets) {

  public FeedBooking {
    tickets = List.copyOf(tickets);
  }

  /** A booking without tickets. */
  public FeedBooking(UUID id, String code, String serviceTitle, String address, Instant start, Instant end,
                     int places, String status, Instant changedAt, int revision) {
    this(id, code, serviceTitle, address, start, end, places, status, changedAt, revision, List.of());
  }

  /** The same UID in every file the booking is in (its download, its person's feed, its resource's feed). */
  public static String uid(UUID bookingId) {
    return bookingId + "@sportello";
  }

  public boolean cancelled() {
    return !"confirmed".equals(status) && !"held".equals(status);
  }

  /**
   * The event: the service's title (said to be cancelled or moved when it is, for calendars that
   * keep showing a cancelled event), the code and the places (and the tickets' codes while it is
   * on), the service's address.
   */
  public CalendarEvent event(FeedWords words) {
    String summary = !cancelled() ? serviceTitle
        : ("rescheduled".equals(status) ? words.moved : words.cancelled) + ": " + serviceTitle;
    String description = words.code + ": " + code + " · " + places + " " + (places == 1 ? words.place : words.places)
        + (tickets.isEmpty() || cancelled() ? "" : " · " + words.tickets + ": " + String.join(", ", tickets));
    return new CalendarEvent(uid(id), start, end, summary, description, address, cancelled(), changedAt, revision);
  }
}
