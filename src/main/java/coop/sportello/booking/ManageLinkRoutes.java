package coop.sportello.booking;

import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Manage-my-booking links under /api/v1, for people who are not signed in (gestisci.html). The
 * link's token is the only credential: it travels in the {@code Sportello-Link} header, never in
 * the address, and names one booking and one purpose ({@link ManageLinks}):
 * <pre>
 *   GET  /links/booking                          booking link   -> the booking
 *   POST /links/booking/cancel                   booking link   -> the booking, cancelled
 *   POST /links/booking/reschedule {slotId}      booking link   -> the new booking, and in the Sportello-Link
 *                                                                  header a booking link for it, valid as long
 *                                                                  as the one used
 *   GET  /links/waitlist-offer                   offer link     -> the hold the waiting line offered
 *   POST /links/waitlist-offer/confirm {intake?} offer link     -> the booking, confirmed
 * </pre>
 * Changes take an Idempotency-Key, kept per booking. The booking API's answers and refusals apply
 * (cancellation-window, booking-not-active, slot-full, other-service, hold-not-active,
 * intake-missing, ...). A link that is expired, forged, made for the other purpose or naming
 * nothing it may act on gets one answer: 401 link-invalid. Answers show what the page needs and
 * no more: not the account ids, not the intake answers (a link may be forwarded); {@code bookedBy}
 * says who made the booking (you, staff, kiosk, waitlist). Nothing here is cached.
 */
final class ManageLinkRoutes implements ApiModule {

  /** The request header that carries the link's token (and the answer's successor token). */
  static final String HEADER = coop.sportello.platform.links.SignedLinks.HEADER;
  /** The booking fields a link's answer shows. */
  private static final List<String> SHOWN = List.of("id", "code", "serviceId", "serviceTitle", "address", "slotId",
      "start", "end", "places", "status", "holdExpiresAt", "rescheduledFrom", "paidWithWelfareCents");

  private static final JsonBody NOTHING = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false}"""));
  private static final JsonBody CONFIRM = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"properties":{"intake":%s}}""".formatted(BookingRoutes.INTAKE)));

  private final ManageLinks links;
  private final ManageLinkService service;
  private final Clock clock;

  ManageLinkRoutes(ManageLinks links, ManageLinkService service, Clock clock) {
    this.links = links;
    this.service = service;
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/links/booking", Rule.open())
        .summary("La prenotazione di un collegamento «gestisci la prenotazione» (Sportello-Link)")
        .handler(with(ManageLinks.BOOKING, (ctx, link) -> answer(ctx, service.view(link.booking()))));
    routes.post("/links/booking/cancel", Rule.open())
        .summary("Annulla la prenotazione del collegamento (Sportello-Link), come farebbe la persona")
        .optionalBody(NOTHING).idempotent().handler(with(ManageLinks.BOOKING, (ctx, link) ->
            Idempotency.answer(ctx, shown(service.cancel(link.booking(), key(ctx, link))))));
    routes.post("/links/booking/reschedule", Rule.open())
        .summary("Sposta la prenotazione del collegamento (Sportello-Link) su un'altra fascia dello stesso servizio")
        .body(BookingRoutes.RESCHEDULE).idempotent().handler(with(ManageLinks.BOOKING, (ctx, link) -> {
          UUID slot = UUID.fromString(ApiRoutes.body(ctx).getString("slotId"));
          Idempotency.answer(ctx, shown(service.reschedule(link.booking(), slot, key(ctx, link)).map(moved -> {
            // The page goes on with the booking the move made, for as long as the link it was opened with.
            ctx.response().putHeader(HEADER, links.token(ManageLinks.BOOKING, moved.body().getString("id"), link.expiresAt()));
            return moved;
          })));
        }));
    routes.get("/links/waitlist-offer", Rule.open())
        .summary("Il posto offerto dalla lista d'attesa di un collegamento (Sportello-Link)")
        .handler(with(ManageLinks.WAITLIST_OFFER, (ctx, link) -> answer(ctx, service.offer(link.booking()))));
    routes.post("/links/waitlist-offer/confirm", Rule.open())
        .summary("Conferma il posto offerto dalla lista d'attesa del collegamento (Sportello-Link), come farebbe la persona")
        .optionalBody(CONFIRM).idempotent().handler(with(ManageLinks.WAITLIST_OFFER, (ctx, link) ->
            Idempotency.answer(ctx, shown(service.confirmOffer(link.booking(), BookingRoutes.intake(ApiRoutes.body(ctx)),
                key(ctx, link))))));
  }

  /** Runs {@code action} with the request's link if it is valid for {@code purpose} now; 401 link-invalid otherwise. */
  private Handler<RoutingContext> with(String purpose, BiConsumer<RoutingContext, ManageLinks.Link> action) {
    return ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ManageLinks.Link link = links.link(ctx.request().getHeader(HEADER), purpose, clock.instant())
          .orElseThrow(ManageLinkService::invalidLink);
      action.accept(ctx, link);
    };
  }

  /** Keys are kept per booking: the same key sent for two bookings is two requests, never one answer for both. */
  private static Idempotency.Key key(RoutingContext ctx, ManageLinks.Link link) {
    return Idempotency.key(ctx, "link:" + link.booking(), ApiRoutes.body(ctx));
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> booking) {
    booking.onSuccess(b -> ctx.json(shown(b))).onFailure(ctx::fail);
  }

  private static Future<Outcome> shown(Future<Outcome> outcome) {
    return outcome.map(done -> new Outcome(done.status(), shown(done.body())));
  }

  /** The booking as a link shows it. */
  static JsonObject shown(JsonObject booking) {
    JsonObject view = new JsonObject();
    SHOWN.stream().filter(booking::containsKey).forEach(field -> view.put(field, booking.getValue(field)));
    return view.put("bookedBy", bookedBy(booking.getString("person"), booking.getString("actedBy")));
  }

  private static String bookedBy(String person, String actedBy) {
    if (person.equals(actedBy)) {
      return "you";
    }
    if (BookingService.WAITING_LINE.equals(actedBy)) {
      return "waitlist";
    }
    return actedBy.startsWith("kiosk:") ? "kiosk" : "staff";
  }
}
