package coop.sportello.calendar.domain;

import coop.sportello.catalog.domain.SlotGenerator;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Events as an RFC 5545 file (ical4j), with the Europe/Rome VTIMEZONE their times refer to: the
 * one writer of Sportello's calendars, for a single booking's download and for the feeds a phone
 * subscribes to. Times are written as Rome wall-clock times with TZID=Europe/Rome, so an event at
 * 9:00 stays at 9:00 on both sides of a change to or from summer time.
 */
public final class ICalendarFile {

  private static final TimeZoneRegistry REGISTRY = TimeZoneRegistryFactory.getInstance().createRegistry();

  private ICalendarFile() { }

  /** A file with one event (a download); no calendar name, no refresh interval. */
  public static String of(CalendarEvent event) {
    return calendar(List.of(event)).toString();
  }

  /**
   * A subscribed calendar: its {@code name} (NAME, and X-WR-CALNAME that Apple, Google and
   * Outlook show) and how often a client should fetch it again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
   */
  public static String feed(String name, Duration refresh, List<CalendarEvent> events) {
    Calendar calendar = calendar(events);
    calendar.add(new net.fortuna.ical4j.model.property.Name(name));
    calendar.add(new XProperty("X-WR-CALNAME", name));
    calendar.add(new XProperty("X-WR-TIMEZONE", SlotGenerator.ROME.getId()));
    calendar.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), refresh));
    calendar.add(new XProperty("X-PUBLISHED-TTL", refresh.toString()));
    return calendar.toString();
  }

  private static Calendar calendar(List<CalendarEvent> events) {
    Calendar calendar = new Calendar();
    calendar.add(new ProdId("-//Sportello//Prenotazioni//IT"));
    calendar.add(ImmutableVersion.VERSION_2_0);
    calendar.add(ImmutableCalScale.GREGORIAN);
    calendar.add(ImmutableMethod.PUBLISH);
    calendar.add(REGISTRY.getTimeZone(SlotGenerator.ROME.getId()).getVTimeZone());
    events.forEach(e -> calendar.add(event(e)));
    return calendar;
  }

  private static VEvent event(CalendarEvent e) {
    VEvent event = new VEvent(e.start().atZone(SlotGenerator.ROME), e.end().atZone(SlotGenerator.ROME), e.summary());
    event.add(new Uid(e.uid()));
    if (e.changedAt() != null) {
      Instant changed = e.changedAt().truncatedTo(ChronoUnit.SECONDS);
      event.replace(new DtStamp(changed));
      event.add(new LastModified(changed));
      event.add(new Sequence(e.sequence()));
    }
    if (e.description() != null) {
      event.add(new Description(e.description()));
    }
    if (e.location() != null) {
      event.add(new Location(e.location()));
    }
    event.add(e.cancelled() ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED);
    return event;
  }
}
