package coop.sportello.booking;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.PathParams;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;
import java.util.UUID;

/**
 * Booking HTTP surface under /api/v1 (signed in; every change takes an Idempotency-Key):
 * <pre>
 *   POST /bookings/holds                {slotId, places?, forPerson?}  -> 201 held booking, counts at once
 *   POST /bookings/:id/confirm          {payWithWelfare?}              -> confirmed (wallet debited in the same transaction)
 *   POST /bookings/:id/cancel           {reason?}                      -> cancelled, places back
 *   POST /bookings/:id/reschedule       {slotId}                       -> the new booking (old one rescheduled)
 *   POST /bookings/recurring/preview    {serviceId, weekdays[1-7], start HH:MM, from, until, places?, resourceId?}
 *                                                                      -> dates with their slot or clash, the resource chosen
 *   POST /bookings/recurring            same + mode (all_or_nothing | skip_clashes), forPerson?
 *                                                                      -> 201 {booked[], skipped[]}, same resource throughout
 *   POST /bookings/waitlist             {slotId, places?, forPerson?}  -> 201 {id, position} for a full slot
 *   POST /bookings/waitlist/:id/leave                                  -> left the line
 *   GET  /bookings                                                     -> the caller's bookings (as person or actor)
 *   GET  /bookings/:id                                                 -> one booking with its audit trail
 *   GET  /welfare/wallet                employee                       -> balances per plan and movements
 *   POST /welfare/plans/:id/fund        hr_admin (own company)         -> opens a funded wallet per employee of the group
 *   GET  /bookings/:id/ics                                             -> text/calendar (RFC 5545, VTIMEZONE Europe/Rome)
 * </pre>
 * Answers: 409 slot-full (with free), 409 resource-busy, 409 hold-not-active, 409 cancellation-window,
 * 422 too-late (minimum notice), 422 too-early (booking horizon).
 * Events: {kind: "booking", event, booking} on platform.user.&lt;person&gt; after each commit; event
 * "waitlist-offer" carries the timed hold given to the first in line when places free up.
 */
public final class BookingRoutes implements ApiModule {

  private static final JsonBody HOLD = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["slotId"],
       "properties":{"slotId":{"type":"string","format":"uuid"},
                     "places":{"type":"integer","minimum":1,"maximum":50},
                     "forPerson":{"type":"string","maxLength":100}}}"""));
  private static final JsonBody RECURRING = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["serviceId","weekdays","start","from","until"],
       "properties":{"serviceId":{"type":"string","format":"uuid"},
                     "resourceId":{"type":"string","format":"uuid"},
                     "weekdays":{"type":"array","minItems":1,"maxItems":7,"uniqueItems":true,
                                 "items":{"type":"integer","minimum":1,"maximum":7}},
                     "start":{"type":"string","pattern":"^([01][0-9]|2[0-3]):[0-5][0-9]$"},
                     "from":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                     "until":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                     "places":{"type":"integer","minimum":1,"maximum":50},
                     "mode":{"enum":["all_or_nothing","skip_clashes"]},
                     "forPerson":{"type":"string","maxLength":100}}}"""));

  /** A weekly series as asked for, checked beyond what the schema can say. */
  private record Series(UUID service, UUID resource, Set<DayOfWeek> weekdays, LocalTime start, LocalDate from,
                        LocalDate until, int places) {
    static Series of(JsonObject body) {
      LocalDate from;
      LocalDate until;
      try {
        from = LocalDate.parse(body.getString("from"));
        until = LocalDate.parse(body.getString("until"));
      } catch (java.time.format.DateTimeParseException e) {
        throw Problem.validation("Date non valide (AAAA-MM-GG).", null);
      }
      if (until.isBefore(from) || until.isAfter(from.plusDays(366))) {
        throw Problem.validation("La serie va da from a until, al massimo un anno.", null);
      }
      Set<DayOfWeek> days = java.util.EnumSet.noneOf(DayOfWeek.class);
      body.getJsonArray("weekdays").forEach(d -> days.add(DayOfWeek.of(((Number) d).intValue())));
      String resource = body.getString("resourceId");
      return new Series(UUID.fromString(body.getString("serviceId")), resource == null ? null : UUID.fromString(resource),
          days, LocalTime.parse(body.getString("start")), from, until, body.getInteger("places", 1));
    }
  }

  private static final JsonBody CONFIRM = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"properties":{"payWithWelfare":{"type":"boolean"}}}"""));
  private static final JsonBody CANCEL = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "properties":{"reason":{"type":"string","minLength":3,"maxLength":500}}}"""));
  private static final JsonBody RESCHEDULE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["slotId"],
       "properties":{"slotId":{"type":"string","format":"uuid"}}}"""));

  private final BookingService bookings;
  private final Idempotency idempotency;

  public BookingRoutes(BookingService bookings, Idempotency idempotency) {
    this.bookings = bookings;
    this.idempotency = idempotency;
  }

  @Override
  public void mountProtected(Router api) {
    api.post("/bookings/holds").handler(ctx -> {
      JsonObject body = HOLD.read(ctx);
      Identity who = Access.identity(ctx);
      UUID slot = UUID.fromString(body.getString("slotId"));
      int places = body.getInteger("places", 1);
      idempotency.respondInOneStatement(ctx, who.subject(), body,
          key -> bookings.hold(who, slot, places, body.getString("forPerson"), key),
          () -> bookings.holdRefused(slot, places));
    });
    api.post("/bookings/:id/confirm").handler(ctx -> {
      JsonObject body = ctx.body().length() == 0 ? new JsonObject() : CONFIRM.read(ctx);
      Identity who = Access.identity(ctx);
      UUID id = PathParams.uuid(ctx, "id");
      idempotency.respond(ctx, who.subject(), body, conn ->
          bookings.confirm(conn, who, id, body.getBoolean("payWithWelfare", false)));
    });
    api.get("/welfare/wallet").handler(Access.requireAnyRole(Role.EMPLOYEE)).handler(ctx ->
        bookings.wallets().walletOf(Access.identity(ctx).subject()).onSuccess(ctx::json).onFailure(ctx::fail));
    api.post("/welfare/plans/:id/fund").handler(Access.requireAnyRole(Role.HR_ADMIN)).handler(ctx -> {
      Identity who = Access.identity(ctx);
      UUID plan = PathParams.uuid(ctx, "id");
      idempotency.respond(ctx, who.subject(), new JsonObject(), conn ->
          bookings.wallets().fund(conn, plan, who.companyId(), who.subject()).compose(funded -> funded.isEmpty()
              ? Future.failedFuture(Problem.notFound("Nessun piano welfare della tua azienda con questo identificativo."))
              : Future.succeededFuture(new Idempotency.Outcome(200,
                  new JsonObject().put("planId", plan.toString()).put("walletsOpened", funded.get())))));
    });

    api.post("/bookings/:id/cancel").handler(ctx -> {
      JsonObject body = ctx.body().length() == 0 ? new JsonObject() : CANCEL.read(ctx);
      Identity who = Access.identity(ctx);
      UUID id = PathParams.uuid(ctx, "id");
      idempotency.respond(ctx, who.subject(), body, conn -> bookings.cancel(conn, who, id, body.getString("reason")));
    });
    api.post("/bookings/:id/reschedule").handler(ctx -> {
      JsonObject body = RESCHEDULE.read(ctx);
      Identity who = Access.identity(ctx);
      UUID id = PathParams.uuid(ctx, "id");
      idempotency.respond(ctx, who.subject(), body, conn ->
          bookings.reschedule(conn, who, id, UUID.fromString(body.getString("slotId"))));
    });
    api.post("/bookings/recurring/preview").handler(ctx -> {
      JsonObject body = RECURRING.read(ctx);
      Identity who = Access.identity(ctx);
      Series series = Series.of(body);
      bookings.repository().pool().withConnection(conn -> bookings.previewRecurring(conn, series.service(),
              series.resource(), series.weekdays(), series.start(), series.from(), series.until(), series.places()))
          .onSuccess(plan -> {
            JsonArray dates = new JsonArray();
            plan.occurrences().forEach(o -> dates.add(new JsonObject().put("date", o.date().toString())
                .put("slotId", o.slotId() == null ? null : o.slotId().toString()).put("clash", o.clash())));
            ctx.json(new JsonObject().put("resourceId", plan.resourceId() == null ? null : plan.resourceId().toString())
                .put("dates", dates).put("clashes", BookingService.clashesJson(plan)).put("requestedBy", who.subject()));
          })
          .onFailure(ctx::fail);
    });
    api.post("/bookings/recurring").handler(ctx -> {
      JsonObject body = RECURRING.read(ctx);
      Identity who = Access.identity(ctx);
      Series series = Series.of(body);
      boolean allOrNothing = !"skip_clashes".equals(body.getString("mode", "all_or_nothing"));
      idempotency.respond(ctx, who.subject(), body, conn -> bookings.bookRecurring(conn, who, series.service(),
          series.resource(), series.weekdays(), series.start(), series.from(), series.until(), series.places(), allOrNothing,
          body.getString("forPerson")));
    });
    api.post("/bookings/waitlist").handler(ctx -> {
      JsonObject body = HOLD.read(ctx);
      Identity who = Access.identity(ctx);
      idempotency.respond(ctx, who.subject(), body, conn -> bookings.joinWaitlist(conn, who,
          UUID.fromString(body.getString("slotId")), body.getInteger("places", 1), body.getString("forPerson")));
    });
    api.post("/bookings/waitlist/:id/leave").handler(ctx -> {
      Identity who = Access.identity(ctx);
      UUID id = PathParams.uuid(ctx, "id");
      idempotency.respond(ctx, who.subject(), new JsonObject(), conn -> bookings.leaveWaitlist(conn, who, id));
    });
    api.get("/bookings").handler(ctx -> bookings.repository().listFor(Access.identity(ctx).subject())
        .onSuccess(items -> ctx.json(new JsonObject().put("items", items))).onFailure(ctx::fail));
    api.get("/bookings/:id/ics").handler(ctx -> {
      Identity who = Access.identity(ctx);
      UUID id = PathParams.uuid(ctx, "id");
      bookings.repository().find(id).compose(found -> {
        if (found.isEmpty() || !BookingService.visibleTo(who, found.get())) {
          throw Problem.notFound("Nessuna prenotazione tua con questo identificativo.");
        }
        // ical4j reads its time-zone data from the classpath the first time: off the event loop.
        return ctx.vertx().executeBlocking(() -> BookingCalendar.of(found.get()), false)
            .map(ics -> new JsonObject().put("ics", ics).put("code", found.get().getString("code")));
      }).onSuccess(file -> ctx.response()
          .putHeader("Content-Type", "text/calendar; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"prenotazione-" + file.getString("code") + ".ics\"")
          .end(file.getString("ics"))).onFailure(ctx::fail);
    });
    api.get("/bookings/:id").handler(ctx -> {
      Identity who = Access.identity(ctx);
      UUID id = PathParams.uuid(ctx, "id");
      bookings.repository().find(id).compose(found -> {
        if (found.isEmpty() || !BookingService.visibleTo(who, found.get())) {
          throw Problem.notFound("Nessuna prenotazione tua con questo identificativo.");
        }
        return bookings.repository().auditOf(id).map(audit -> found.get().put("audit", audit));
      }).onSuccess(ctx::json).onFailure(ctx::fail);
    });
  }


}
