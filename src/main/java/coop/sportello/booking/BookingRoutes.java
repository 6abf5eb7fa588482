package coop.sportello.booking;

import coop.sportello.booking.domain.WeeklySeries;
import coop.sportello.payments.domain.PaymentChoice;
import coop.sportello.payments.domain.PaymentMethod;
import coop.sportello.platform.domain.CalendarDate;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Concern;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.QueryParams;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Booking HTTP surface under /api/v1 (signed in; every change takes an Idempotency-Key):
 * <pre>
 *   POST /bookings/holds                {slotId, places?, forPerson?, residencyOverride?}
 *                                                                      -> 201 held booking, counts at once
 *   POST /bookings/:id/confirm          {payment?: {credit?, rest?: card | at_provider | voucher | null, voucherWallet?},
 *                                        payWithWelfare? (= credit, no rest), intake?}
 *                                                                      -> confirmed, paid or "da pagare" (the person's own credit
 *                                                                         spent first in the same transaction; the rest due at
 *                                                                         the provider, by voucher, or by card: 202 {booking (held
 *                                                                         until the checkout completes), checkout: {paymentId, url,
 *                                                                         sessionId, expiresAt}}, asked again: the same checkout;
 *                                                                         someone else's credit asked by anyone else:
 *                                                                         202 {booking, welfareConsent}, see WelfareConsentRoutes)
 *   POST /bookings/:id/cancel           {reason?}                      -> cancelled, places back
 *   POST /bookings/:id/reschedule       {slotId}                       -> the new booking (old one rescheduled)
 *   POST /bookings/recurring/preview    {serviceId, weekdays[1-7], start HH:MM, from, until, places?, resourceId?}
 *                                                                      -> dates with their slot or clash, the resource chosen
 *   POST /bookings/recurring            same + mode (all_or_nothing | skip_clashes), forPerson?, residencyOverride?, intake?,
 *                                        payment? (credit and/or at_provider: every date paid as it is booked)
 *                                                                      -> 201 {booked[], skipped[]}, same resource throughout
 *   POST /bookings/waitlist             {slotId, places?, forPerson?, residencyOverride?}
 *                                                                      -> 201 {id, position} for a full slot
 *   POST /bookings/waitlist/:id/leave                                  -> left the line
 *   GET  /bookings                                                     -> the caller's bookings (as person or actor)
 *   GET  /bookings/:id                                                 -> one booking with its audit trail
 *   GET  /welfare/wallet                employee                       -> balances per plan and movements
 *   POST /welfare/plans/:id/fund        hr_admin (own company)         -> opens a funded wallet per employee of the group
 *   GET  /bookings/:id/ics                                             -> text/calendar (RFC 5545, VTIMEZONE Europe/Rome)
 *   GET  /provider/bookings?from&to&page&size  provider_admin          -> {from, to, page, size, total, items}: the bookings
 *                                                                         of the cooperative's services, with intake answers
 * </pre>
 * Answers: 409 slot-full (with free), 409 price-changed and 409 changed-meanwhile (retry at once), 409 resource-busy, 409 hold-not-active, 409 cancellation-window,
 * 422 too-late (minimum notice), 422 too-early (booking horizon), 409 place-limit (with limit:
 * places-per-booking, places-per-slot, places-per-day or open-holds, and max: the service's limits
 * for each person), 422 not-resident (an in-person service for someone who does not live where it
 * is offered). Only an operator or a welfare manager may send residencyOverride, the reason to
 * book such a service anyway (403 otherwise); it is kept on the booking and in its audit rows.
 * intake: answers to the service's questions, {beneficiary?, address?, notes?}; 400 intake-missing
 * (with missing: the kinds) when a required one is not given, the hold staying held; 422
 * intake-invalid (with invalid: [{field, reason, max?}]) for anything else wrong. Bookings carry
 * their answers as intake.
 * Events: {kind: "booking", event, booking} on platform.user.&lt;person&gt; after each commit; event
 * "waitlist-offer" carries the timed hold given to the first in line when places free up.
 */
final class BookingRoutes implements ApiModule {

  private static final JsonBody HOLD = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["slotId"],
       "properties":{"slotId":{"type":"string","format":"uuid"},
                     "places":{"type":"integer","minimum":1,"maximum":50},
                     "forPerson":{"type":"string","maxLength":100},
                     "residencyOverride":{"type":"string","minLength":3,"maxLength":500}}}"""));
  /**
   * Answers to the service's intake questions: each a string (or null, not given); lengths, what
   * the service asks and what it requires are checked by {@code IntakeDeclaration.check}.
   */
  static final String INTAKE = """
      {"type":"object","additionalProperties":false,
       "properties":{"beneficiary":{"type":["string","null"],"maxLength":4000},
                     "address":{"type":["string","null"],"maxLength":4000},
                     "notes":{"type":["string","null"],"maxLength":4000}}}""";
  /** How a booking is paid: credit first ({@code credit}), the rest by card, at the provider or by voucher. */
  static final String PAYMENT = """
      {"type":"object","additionalProperties":false,
       "properties":{"credit":{"type":"boolean"},
                     "rest":{"enum":["card","at_provider","voucher",null]},
                     "voucherWallet":{"type":"string","format":"uuid"}}}""";
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
                     "forPerson":{"type":"string","maxLength":100},
                     "residencyOverride":{"type":"string","minLength":3,"maxLength":500},
                     "payment":%s,
                     "intake":%s}}""".formatted(PAYMENT, INTAKE)));

  private static final JsonBody CONFIRM = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "properties":{"payWithWelfare":{"type":"boolean"},"payment":%s,"intake":%s}}""".formatted(PAYMENT, INTAKE)));
  private static final JsonBody CANCEL = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "properties":{"reason":{"type":"string","minLength":3,"maxLength":500}}}"""));
  static final JsonBody RESCHEDULE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["slotId"],
       "properties":{"slotId":{"type":"string","format":"uuid"}}}"""));

  private final BookingService bookings;

  BookingRoutes(BookingService bookings) {
    this.bookings = bookings;
  }

  @Override
  public void mount(ApiRoutes routes) {
    Rule booking = Rule.signedIn().concerning(Concern.booking("id"));
    Rule forPerson = Rule.signedIn().concerning(Concern.bodyPerson("forPerson"));

    routes.post("/bookings/holds", forPerson).summary("Tiene i posti di una fascia per qualche minuto")
        .body(HOLD).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bookings.hold(who, UUID.fromString(body.getString("slotId")), body.getInteger("places", 1),
              body.getString("forPerson"), body.getString("residencyOverride"), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/bookings/:id/confirm", booking).summary("Conferma una prenotazione tenuta e la paga: credito welfare, poi carta, presso l'ente o voucher")
        .optionalBody(CONFIRM).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bookings.confirm(who, ApiRoutes.id(ctx, "id"), paymentChoice(body),
              intake(body), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/bookings/:id/cancel", booking).summary("Annulla una prenotazione e restituisce i posti")
        .optionalBody(CANCEL).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bookings.cancel(who, ApiRoutes.id(ctx, "id"), body.getString("reason"),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/bookings/:id/reschedule", booking).summary("Sposta una prenotazione su un'altra fascia dello stesso servizio")
        .body(RESCHEDULE).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bookings.reschedule(who, ApiRoutes.id(ctx, "id"), UUID.fromString(body.getString("slotId")),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/bookings/recurring/preview", Rule.signedIn()).summary("Quali date di una serie settimanale sono libere")
        .body(RECURRING).handler(ctx -> answer(ctx, bookings.previewRecurring(Access.identity(ctx), series(ApiRoutes.body(ctx)))));
    routes.post("/bookings/recurring", forPerson).summary("Prenota una serie settimanale con la stessa risorsa")
        .body(RECURRING).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          boolean allOrNothing = !"skip_clashes".equals(body.getString("mode", "all_or_nothing"));
          Idempotency.answer(ctx, bookings.bookRecurring(who, series(body), allOrNothing, body.getString("forPerson"),
              body.getString("residencyOverride"), paymentChoice(body), intake(body), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/bookings/waitlist", forPerson).summary("Mette in lista d'attesa per una fascia piena")
        .body(HOLD).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bookings.joinWaitlist(who, UUID.fromString(body.getString("slotId")),
              body.getInteger("places", 1), body.getString("forPerson"), body.getString("residencyOverride"),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/bookings/waitlist/:id/leave", Rule.signedIn().concerning(Concern.waitlistEntry("id")))
        .summary("Esce dalla lista d'attesa").idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bookings.leaveWaitlist(who, ApiRoutes.id(ctx, "id"),
              Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    // A kiosk does not list bookings: it would list everyone it ever booked for.
    routes.get("/bookings", Rule.people()).summary("Le prenotazioni di chi chiama (come persona o per conto di altri)")
        .handler(ctx -> answer(ctx, bookings.list(Access.identity(ctx))));
    routes.get("/bookings/:id/ics", booking).summary("La prenotazione come evento di calendario (RFC 5545)")
        .produces("text/calendar").handler(ctx -> bookings.calendar(ctx.vertx(), Access.identity(ctx), ApiRoutes.id(ctx, "id"))
            .onSuccess(file -> ctx.response()
                .putHeader("Content-Type", "text/calendar; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"prenotazione-" + file.getString("code") + ".ics\"")
                .end(file.getString("ics")))
            .onFailure(ctx::fail));
    routes.get("/bookings/:id", booking).summary("Una prenotazione con la sua storia")
        .handler(ctx -> answer(ctx, bookings.find(Access.identity(ctx), ApiRoutes.id(ctx, "id"))));
    routes.get("/provider/bookings", Rule.roles(Role.PROVIDER_ADMIN))
        .summary("Le prenotazioni dei servizi della cooperativa, con le risposte alle domande (al massimo 62 giorni)")
        .handler(ctx -> answer(ctx, bookings.providerBookings(Access.identity(ctx), providerWindow(ctx))));
    routes.get("/welfare/wallet", Rule.roles(Role.EMPLOYEE)).summary("Il credito welfare per piano e i movimenti")
        .handler(ctx -> answer(ctx, bookings.wallet(Access.identity(ctx))));
    routes.post("/welfare/plans/:id/fund", Rule.roles(Role.HR_ADMIN)).summary("Apre un conto welfare per ogni dipendente del piano")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bookings.fundPlan(who, ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
  }

  /**
   * How the body asks to pay: {@code payment}, or {@code payWithWelfare} as before (credit for the
   * whole price), or nothing (the price is due at the provider). A voucher names its wallet, and
   * only a voucher does.
   */
  static PaymentChoice paymentChoice(JsonObject body) {
    JsonObject payment = body.getJsonObject("payment");
    if (payment == null) {
      return body.getBoolean("payWithWelfare", false) ? PaymentChoice.CREDIT_ONLY : PaymentChoice.NOTHING;
    }
    if (body.containsKey("payWithWelfare")) {
      throw Problem.validation("Indica payment oppure payWithWelfare, non entrambi.", null);
    }
    PaymentMethod rest = payment.getString("rest") == null ? null : PaymentMethod.fromWire(payment.getString("rest")).orElseThrow();
    String wallet = payment.getString("voucherWallet");
    if ((rest == PaymentMethod.VOUCHER) != (wallet != null)) {
      throw Problem.validation("Il pagamento con voucher indica il suo voucherWallet, e solo quello lo indica.", null);
    }
    return new PaymentChoice(payment.getBoolean("credit", false), rest, wallet == null ? null : UUID.fromString(wallet));
  }

  /** The body's answers to the intake questions, field to value (empty when none were sent). */
  static Map<String, Object> intake(JsonObject body) {
    return body.getJsonObject("intake", new JsonObject()).getMap();
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** The dates and page a cooperative asks its bookings for: from and to required, at most 62 days apart. */
  private static ProviderWindow providerWindow(RoutingContext ctx) {
    LocalDate from = CalendarDate.parse(ctx.queryParams().get("from")).orElse(null);
    LocalDate to = CalendarDate.parse(ctx.queryParams().get("to")).orElse(null);
    if (from == null || to == null) {
      throw Problem.badRequest("Indica from e to (AAAA-MM-GG), per esempio una settimana.");
    }
    if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > ProviderWindow.MAX_DAYS) {
      throw Problem.badRequest("to è una data non precedente a from, al massimo " + ProviderWindow.MAX_DAYS + " giorni dopo.");
    }
    return new ProviderWindow(from, to, QueryParams.count(ctx, "page", 1, 10_000), QueryParams.count(ctx, "size", 100, ProviderWindow.MAX_SIZE));
  }

  /** A weekly series as asked for, checked beyond what the schema can say. */
  private static WeeklySeries series(JsonObject body) {
    LocalDate from = CalendarDate.parse(body.getString("from"))
        .orElseThrow(() -> Problem.validation("Date non valide (AAAA-MM-GG).", null));
    LocalDate until = CalendarDate.parse(body.getString("until"))
        .orElseThrow(() -> Problem.validation("Date non valide (AAAA-MM-GG).", null));
    String refusal = WeeklySeries.refusal(from, until);
    if (refusal != null) {
      throw Problem.validation(refusal, null);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    body.getJsonArray("weekdays").forEach(d -> days.add(DayOfWeek.of(((Number) d).intValue())));
    String resource = body.getString("resourceId");
    return new WeeklySeries(UUID.fromString(body.getString("serviceId")), resource == null ? null : UUID.fromString(resource),
        days, LocalTime.parse(body.getString("start")), from, until, body.getInteger("places", 1));
  }
}
