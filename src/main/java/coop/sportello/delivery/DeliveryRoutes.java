package coop.sportello.delivery;

import coop.sportello.delivery.domain.DeliveryOutcome;
import coop.sportello.delivery.domain.DeliveryRules;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.domain.CalendarDate;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.QueryParams;
import coop.sportello.platform.http.Rule;
import coop.sportello.statements.domain.StatementMonth;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * The provider's day and its delivery records under /api/v1, for the cooperative's admin and, for
 * the day and recording, its staff (the cooperative is the caller's own, from the token). An
 * enrolment is recorded per session: its slotId names the session.
 * <pre>
 *   GET  /provider/day?date=yyyy-MM-dd[&resourceId]          -> {date, resourceId, items}: the day's confirmed bookings
 *   PUT  /provider/bookings/:id/delivery                      {slotId?, outcome, minutes?, note?}  Idempotency-Key
 *   GET  /provider/bookings/:id/delivery                      -> {bookingId, delivery, history, corrections}
 *   POST /provider/bookings/:id/delivery/corrections          {slotId?, outcome, minutes?, note?, reason}  Idempotency-Key
 *   POST /provider/periods/:month/close                       Idempotency-Key -> {month, closedBy, closedByName, closedAt}
 *   GET  /provider/periods?year=yyyy                          -> {year, items}: the closed months
 * </pre>
 */
final class DeliveryRoutes implements ApiModule {

  /** The cooperative's admin: closing a month, correcting a closed one. */
  private static final Rule PROVIDER = Rule.roles(Role.PROVIDER_ADMIN);
  /** The cooperative's admin and staff: the day and recording what was delivered. */
  private static final Rule PROVIDER_OR_STAFF = Rule.roles(Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF);
  private static final String DELIVERY_PROPERTIES = """
      "slotId":{"type":"string","pattern":"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"},
      "outcome":{"enum":["delivered","no_show","partial"]},
      "minutes":{"type":"integer","minimum":0,"maximum":100000},
      "note":{"type":["string","null"],"maxLength":%d}""".formatted(DeliveryRules.NOTE_MAX);
  private static final JsonBody RECORD = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["outcome"],"properties":{%s}}""".formatted(DELIVERY_PROPERTIES)));
  private static final JsonBody CORRECTION = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["outcome","reason"],
       "properties":{%s,"reason":{"type":"string","minLength":1,"maxLength":%d}}}"""
      .formatted(DELIVERY_PROPERTIES, DeliveryRules.REASON_MAX)));

  private final DeliveryService delivery;

  DeliveryRoutes(DeliveryService delivery) {
    this.delivery = delivery;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/provider/day", PROVIDER_OR_STAFF)
        .summary("La giornata della cooperativa: le prenotazioni confermate del giorno (di un'iscrizione, la seduta di quel giorno) con le risposte, il progetto e l'erogazione (?date=AAAA-MM-GG&resourceId=)")
        .handler(ctx -> delivery.day(Access.identity(ctx), date(ctx), resource(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.put("/provider/bookings/:id/delivery", PROVIDER_OR_STAFF)
        .summary("Registra l'erogazione di una prenotazione (di una sua seduta, slotId, per un'iscrizione): erogata, non presentato, parziale con i minuti, una nota")
        .body(RECORD).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, delivery.record(who, ApiRoutes.id(ctx, "id"), slot(body.getString("slotId")), outcome(body), body.getInteger("minutes"),
              body.getString("note"), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.get("/provider/bookings/:id/delivery", PROVIDER_OR_STAFF)
        .summary("L'erogazione di una prenotazione (di una sua seduta: ?slotId=) con la sua storia e le correzioni")
        .handler(ctx -> delivery.history(Access.identity(ctx), ApiRoutes.id(ctx, "id"), slot(ctx.queryParams().get("slotId")))
            .onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/provider/bookings/:id/delivery/corrections", PROVIDER)
        .summary("Corregge l'erogazione di una prenotazione di un mese chiuso, con il motivo (la correzione resta registrata)")
        .body(CORRECTION).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, delivery.correct(who, ApiRoutes.id(ctx, "id"), slot(body.getString("slotId")), outcome(body), body.getInteger("minutes"),
              body.getString("note"), body.getString("reason"), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/provider/periods/:month/close", PROVIDER)
        .summary("Chiude il mese della cooperativa (AAAA-MM): da allora le erogazioni si cambiano solo con una correzione")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          StatementMonth month = StatementMonth.parse(ctx.pathParam("month")).orElseThrow(() -> Problem.of(StatementMonth.WRONG));
          Idempotency.answer(ctx, delivery.close(who, month, Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.get("/provider/periods", PROVIDER)
        .summary("I mesi chiusi della cooperativa nell'anno (?year=AAAA)")
        .handler(ctx -> delivery.periods(Access.identity(ctx), QueryParams.year(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
  }

  private static DeliveryOutcome outcome(JsonObject body) {
    return DeliveryOutcome.fromWire(body.getString("outcome")).orElseThrow();
  }

  private static LocalDate date(RoutingContext ctx) {
    return CalendarDate.parse(ctx.queryParams().get("date"))
        .orElseThrow(() -> Problem.badRequest("Indica il giorno: date=AAAA-MM-GG."));
  }

  private static UUID resource(RoutingContext ctx) {
    return uuid(ctx.queryParams().get("resourceId"), "resourceId è l'identificativo di una risorsa.");
  }

  /** The session named (an enrolment's slot), or null when none is. */
  private static UUID slot(String text) {
    return uuid(text, "slotId è l'identificativo di una seduta della prenotazione.");
  }

  private static UUID uuid(String text, String wrong) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    return Optional.of(text).filter(t -> t.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
        .map(UUID::fromString).orElseThrow(() -> Problem.badRequest(wrong));
  }

}
