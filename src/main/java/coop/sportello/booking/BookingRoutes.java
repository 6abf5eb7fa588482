package coop.sportello.booking;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * Booking HTTP surface under /api/v1 (signed in; every change takes an Idempotency-Key):
 * <pre>
 *   POST /bookings/holds                {slotId, places?, forPerson?}  -> 201 held booking, counts at once
 *   POST /bookings/:id/confirm          {payWithWelfare?}              -> confirmed (wallet debited in the same transaction)
 *   POST /bookings/:id/cancel           {reason?}                      -> cancelled, places back
 *   POST /bookings/:id/reschedule       {slotId}                       -> the new booking (old one rescheduled)
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
      idempotency.respond(ctx, who.subject(), body, conn -> bookings.hold(conn, who,
          UUID.fromString(body.getString("slotId")), body.getInteger("places", 1), body.getString("forPerson")));
    });
    api.post("/bookings/:id/confirm").handler(ctx -> {
      JsonObject body = ctx.body().length() == 0 ? new JsonObject() : CONFIRM.read(ctx);
      Identity who = Access.identity(ctx);
      UUID id = id(ctx);
      idempotency.respond(ctx, who.subject(), body, conn ->
          bookings.confirm(conn, who, id, body.getBoolean("payWithWelfare", false)));
    });
    api.get("/welfare/wallet").handler(Access.requireAnyRole(Role.EMPLOYEE)).handler(ctx ->
        bookings.wallets().walletOf(Access.identity(ctx).subject()).onSuccess(ctx::json).onFailure(ctx::fail));
    api.post("/welfare/plans/:id/fund").handler(Access.requireAnyRole(Role.HR_ADMIN)).handler(ctx -> {
      Identity who = Access.identity(ctx);
      UUID plan = id(ctx);
      idempotency.respond(ctx, who.subject(), new JsonObject(), conn ->
          bookings.wallets().fund(conn, plan, who.companyId(), who.subject()).compose(funded -> funded.isEmpty()
              ? Future.failedFuture(Problem.notFound("Nessun piano welfare della tua azienda con questo identificativo."))
              : Future.succeededFuture(new Idempotency.Outcome(200,
                  new JsonObject().put("planId", plan.toString()).put("walletsOpened", funded.get())))));
    });

    api.post("/bookings/:id/cancel").handler(ctx -> {
      JsonObject body = ctx.body().length() == 0 ? new JsonObject() : CANCEL.read(ctx);
      Identity who = Access.identity(ctx);
      UUID id = id(ctx);
      idempotency.respond(ctx, who.subject(), body, conn -> bookings.cancel(conn, who, id, body.getString("reason")));
    });
    api.post("/bookings/:id/reschedule").handler(ctx -> {
      JsonObject body = RESCHEDULE.read(ctx);
      Identity who = Access.identity(ctx);
      UUID id = id(ctx);
      idempotency.respond(ctx, who.subject(), body, conn ->
          bookings.reschedule(conn, who, id, UUID.fromString(body.getString("slotId"))));
    });
    api.post("/bookings/waitlist").handler(ctx -> {
      JsonObject body = HOLD.read(ctx);
      Identity who = Access.identity(ctx);
      idempotency.respond(ctx, who.subject(), body, conn -> bookings.joinWaitlist(conn, who,
          UUID.fromString(body.getString("slotId")), body.getInteger("places", 1), body.getString("forPerson")));
    });
    api.post("/bookings/waitlist/:id/leave").handler(ctx -> {
      Identity who = Access.identity(ctx);
      UUID id = id(ctx);
      idempotency.respond(ctx, who.subject(), new JsonObject(), conn -> bookings.leaveWaitlist(conn, who, id));
    });
    api.get("/bookings").handler(ctx -> bookings.repository().listFor(Access.identity(ctx).subject())
        .onSuccess(items -> ctx.json(new JsonObject().put("items", items))).onFailure(ctx::fail));
    api.get("/bookings/:id/ics").handler(ctx -> {
      Identity who = Access.identity(ctx);
      UUID id = id(ctx);
      bookings.repository().find(id).compose(found -> {
        if (found.isEmpty() || !visibleTo(who, found.get())) {
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
      UUID id = id(ctx);
      bookings.repository().find(id).compose(found -> {
        if (found.isEmpty() || !visibleTo(who, found.get())) {
          throw Problem.notFound("Nessuna prenotazione tua con questo identificativo.");
        }
        return bookings.repository().auditOf(id).map(audit -> found.get().put("audit", audit));
      }).onSuccess(ctx::json).onFailure(ctx::fail);
    });
  }

  private static boolean visibleTo(Identity who, JsonObject booking) {
    return who.subject().equals(booking.getString("person")) || who.subject().equals(booking.getString("actedBy"))
        || who.hasAnyRole(BookingService.STAFF);
  }

  private static UUID id(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw Problem.notFound("Identificativo non valido.");
    }
  }
}
