package coop.sportello.calendar.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of an iCalendar file, as plain values ({@link ICalendarFile} writes it).
 *
 * @param uid         stable across every file the event is ever in, so a calendar updates it in place
 * @param location    null when there is none (a service at home or online)
 * @param cancelled   written as STATUS:CANCELLED (a phone's calendar drops or strikes it), else CONFIRMED
 * @param changedAt   when its content last changed: DTSTAMP and LAST-MODIFIED, so the same data always
 *                    gives the same file; null stamps it now (a one-off download, without SEQUENCE)
 * @param sequence    SEQUENCE: how many times it changed, so it grows with every change (even two in a second)
 */
public record CalendarEvent(String uid, Instant start, Instant end, String summary, String description,
                            String location, boolean cancelled, Instant changedAt, int sequence) {

  public CalendarEvent {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(summary, "summary");
  }
}
