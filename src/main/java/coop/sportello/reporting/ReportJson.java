package coop.sportello.reporting;

import coop.sportello.reporting.domain.Report;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A report as JSON: a hidden figure (small group) is {@code "hidden": true} and carries no numbers. */
final class ReportJson {

  private ReportJson() { }

  static JsonObject of(Report r) {
    Report.Impact i = r.impact();
    JsonObject impact = new JsonObject()
        .put("homeCareOver75", i.homeCareHidden() ? hidden() : new JsonObject().put("minutes", i.homeCareOver75Minutes())
            .put("hours", hours(i.homeCareOver75Minutes())).put("people", i.homeCareOver75People())
            .put("peopleWithoutCodiceFiscale", i.homeCarePeopleWithoutCf()))
        .put("summerCamps", i.campsHidden() ? hidden() : new JsonObject().put("children", i.campChildren())
            .put("bookingPeople", i.campPeople()).put("freedWorkingDays", i.freedWorkingDays()))
        .put("conciliation", i.conciliationHidden() ? hidden() : new JsonObject().put("minutes", i.conciliationMinutes())
            .put("hours", hours(i.conciliationMinutes())).put("people", i.conciliationPeople()));
    JsonObject json = new JsonObject()
        .put("scope", r.scope().wireName()).put("id", r.entity()).put("name", r.name())
        .put("from", r.period().from().toString()).put("to", r.period().to().toString())
        .put("smallGroupsHidden", r.smallGroupsHidden())
        .put("totals", cell(r.total()))
        .put("byMonth", new JsonArray(r.byMonth().stream().map(ReportJson::cell).toList()))
        .put("byArea", new JsonArray(r.byArea().stream().map(ReportJson::cell).toList()))
        .put("amountsByChannel", new JsonArray(r.channels().stream().map(c -> c.hidden()
            ? hidden().put("channel", c.method())
            : new JsonObject().put("channel", c.method()).put("people", c.people()).put("payments", c.payments()).put("cents", c.cents()))
            .toList()))
        .put("waiting", r.waiting().hidden() ? hidden() : new JsonObject().put("bookings", r.waiting().bookings())
            .put("medianDays", round(r.waiting().medianDays())).put("p90Days", round(r.waiting().p90Days())))
        .put("impact", impact)
        .put("tickets", new JsonArray(r.tickets().stream().map(t -> new JsonObject().put("event", t.event())
            .put("startsAt", t.startsAt().toString()).put("type", t.type()).put("sold", t.sold()).put("admitted", t.admitted())
            .put("noShows", t.noShows())).toList()));
    if (r.frontDesk() != null) {
      Report.FrontDesk f = r.frontDesk();
      json.put("frontDesk", new JsonObject()
          .put("calls", new JsonObject().put("arrived", f.callsArrived()).put("answered", f.callsAnswered())
              .put("abandoned", f.callsAbandoned()).put("notRecorded", f.callsNotRecorded()))
          .put("chats", new JsonObject().put("started", f.chatsStarted()).put("accepted", f.chatsAccepted())
              .put("notRecorded", f.chatsNotRecorded()))
          .put("outcomes", new JsonArray(f.outcomes().stream().map(o -> new JsonObject().put("channel", o.channel())
              .put("topic", o.topic()).put("outcome", o.outcome()).put("contacts", o.contacts())).toList())));
    }
    return json;
  }

  private static JsonObject cell(Report.Cell c) {
    if (c.hidden()) {
      return hidden().put("key", c.key());
    }
    return new JsonObject().put("key", c.key()).put("people", c.people()).put("bookings", c.bookings())
        .put("peopleServed", c.peopleServed()).put("servicesDelivered", c.servicesDelivered())
        .put("minutesDelivered", c.minutesDelivered()).put("hoursDelivered", hours(c.minutesDelivered()))
        .put("noShows", c.noShows()).put("deliveryRecords", c.recorded())
        .put("noShowRate", c.noShowRate() == null ? null : Math.round(c.noShowRate() * 10_000) / 10_000.0);
  }

  private static JsonObject hidden() {
    return new JsonObject().put("hidden", true);
  }

  private static double hours(long minutes) {
    return Math.round(minutes / 60.0 * 10) / 10.0;
  }

  private static Double round(Double value) {
    return value == null ? null : Math.round(value * 100) / 100.0;
  }
}
