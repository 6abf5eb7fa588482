package coop.sportello.booking;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.domain.CalendarDate;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Concern;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Enrolments in week and month services, under /api/v1 (signed in):
 * <pre>
 *   GET  /services/:id/enrolment-quote?from=yyyy-MM-dd&amp;periods=N&amp;places=N
 *        -> {serviceId, unit, from, to, periods, places, dates[], slots, available, fullDates[], resourceId?,
 *            price {priceCents, unit, quantity, unitCents, places, lines[{label, cents}], rounding, discount?, isee?}}
 *   POST /enrolments   {serviceId, from, periods, places?, forPerson?}  -> 201 the held booking (as a hold), Idempotency-Key
 * </pre>
 * {@code from} is a Monday (weeks) or the first of a month (months), of a period not yet begun.
 * Answers: 422 not-an-enrolment (a service sold one slot at a time), invalid-period, period-started,
 * too-early (past the booking horizon), too-late (minimum notice), no-slots-in-period,
 * not-resident; 409 period-full (with fullDates: nothing was taken), place-limit (with limit, max),
 * resource-busy. The held booking is confirmed, paid and cancelled as any other (BookingRoutes);
 * it cannot be moved to another slot.
 */
final class EnrolmentRoutes implements ApiModule {

  private static final JsonBody ENROL = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["serviceId","from","periods"],
       "properties":{"serviceId":{"type":"string","format":"uuid"},
                     "from":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                     "periods":{"type":"integer","minimum":1,"maximum":16},
                     "places":{"type":"integer","minimum":1,"maximum":50},
                     "forPerson":{"type":"string","maxLength":100}}}"""));

  private final EnrolmentService enrolments;

  EnrolmentRoutes(EnrolmentService enrolments) {
    this.enrolments = enrolments;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/services/:id/enrolment-quote", Rule.signedIn())
        .summary("Date, posti e prezzo di un'iscrizione a settimane o mesi, senza prendere posti")
        .handler(ctx -> enrolments.quote(Access.identity(ctx), new EnrolmentService.Request(ApiRoutes.id(ctx, "id"),
                date(ctx.queryParams().get("from")), number(ctx, "periods", 1, 16), number(ctx, "places", 1, 50)))
            .onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/enrolments", Rule.signedIn().concerning(Concern.bodyPerson("forPerson")))
        .summary("Tiene i posti di tutte le fasce di un periodo (iscrizione a settimane o mesi)")
        .body(ENROL).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, enrolments.enrol(who, new EnrolmentService.Request(UUID.fromString(body.getString("serviceId")),
                  date(body.getString("from")), body.getInteger("periods"), body.getInteger("places", 1)),
              body.getString("forPerson"), Idempotency.key(ctx, who.subject(), body)));
        });
  }

  private static LocalDate date(String value) {
    return CalendarDate.parse(value).orElseThrow(() -> Problem.badRequest("Indica from, il primo giorno del periodo (AAAA-MM-GG)."));
  }

  /** A whole number query parameter between min and max; {@code min} when absent for places, required otherwise. */
  private static int number(RoutingContext ctx, String name, int min, int max) {
    String value = ctx.queryParams().get(name);
    if (value == null && "places".equals(name)) {
      return 1;
    }
    if (value == null || !value.matches("^[0-9]{1,3}$") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
      throw Problem.badRequest(name + " è un numero intero da " + min + " a " + max + ".");
    }
    return Integer.parseInt(value);
  }
}
