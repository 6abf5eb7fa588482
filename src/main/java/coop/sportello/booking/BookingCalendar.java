package coop.sportello.booking;

import coop.sportello.catalog.domain.SlotGenerator;
import io.vertx.core.json.JsonObject;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/** A booking as an RFC 5545 calendar file (ical4j), with the Europe/Rome VTIMEZONE it refers to. */
final class BookingCalendar {

  private static final TimeZoneRegistry REGISTRY = TimeZoneRegistryFactory.getInstance().createRegistry();

  private BookingCalendar() { }

  static String of(JsonObject booking) {
    TimeZone rome = REGISTRY.getTimeZone(SlotGenerator.ROME.getId());
    ZonedDateTime start = OffsetDateTime.parse(booking.getString("start")).atZoneSameInstant(SlotGenerator.ROME);
    ZonedDateTime end = OffsetDateTime.parse(booking.getString("end")).atZoneSameInstant(SlotGenerator.ROME);
    VEvent event = new VEvent(start, end, booking.getString("serviceTitle"));
    event.add(new Uid(booking.getString("id") + "@sportello"));
    event.add(new Description("Codice prenotazione: " + booking.getString("code") + " - posti: " + booking.getInteger("places")));
    if (booking.getString("address") != null) {
      event.add(new Location(booking.getString("address")));
    }
    boolean cancelled = !"confirmed".equals(booking.getString("status")) && !"held".equals(booking.getString("status"));
    event.add(cancelled ? new Status(Status.VALUE_CANCELLED) : new Status(Status.VALUE_CONFIRMED));
    Calendar calendar = new Calendar();
    calendar.add(new ProdId("-//Sportello//Prenotazioni//IT"));
    calendar.add(ImmutableVersion.VERSION_2_0);
    calendar.add(ImmutableCalScale.GREGORIAN);
    calendar.add(ImmutableMethod.PUBLISH);
    calendar.add(rome.getVTimeZone());
    calendar.add(event);
    return calendar.toString();
  }
}
