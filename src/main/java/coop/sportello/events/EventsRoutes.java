package coop.sportello.events;

import coop.sportello.events.domain.TicketCode;
import coop.sportello.pricing.domain.TicketOrder;
import coop.sportello.pricing.domain.TicketType;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Concern;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.pricing.PricingService;
import coop.sportello.platform.domain.CalendarDate;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Events sold as tickets under /api/v1 (issue 24).
 * <pre>
 *   GET  /events/:serviceId/ticket-types                      -> {serviceId, transferable, items}: the event's ticket types (anyone)
 *   POST /provider/services/:serviceId/ticket-types           {code, label, priceCents, whoQualifies?, underAge?, minGroup?}  Idempotency-Key
 *   POST /provider/services/:serviceId/ticket-types/:typeId/retire  Idempotency-Key -> {id, retired}: no longer sold
 *   POST /events/purchases                                    {slotId, tickets: {code: count}, forPerson?}  Idempotency-Key
 *                                                             -> 201 the held booking; confirm and pay with POST /bookings/:id/confirm
 *   POST /events/waitlist                                     {slotId, tickets: {code: count}, forPerson?}  Idempotency-Key
 *                                                             -> 201 {id, position, tickets}: in line for a sold-out time; the offer
 *                                                                is a held purchase (event "waitlist-offer"), 409 places-available
 *   PUT  /provider/events/:serviceId/settings                {transferable}  Idempotency-Key: may buyers name tickets for others
 *   GET  /tickets                                             -> {items}: the caller's tickets
 *   POST /tickets/holder                                      {code, holderName|null}  Idempotency-Key -> {code, seq, holderName}:
 *                                                                a ticket named for another person, before the event
 *   POST /door/admissions                                     {code, device}  Idempotency-Key -> {verdict, ticket?}
 *   GET  /door/tickets?date=yyyy-MM-dd                        -> {date, items}: the day's tickets, for the door offline
 * </pre>
 * Sold, admitted and no-shows per time and ticket type are in the reports (ReportingRoutes: {@code tickets}).
 */
final class EventsRoutes implements ApiModule {

  /** The organiser's admin sets ticket types. */
  private static final Rule PROVIDER = Rule.roles(Role.PROVIDER_ADMIN);
  /** The organiser's admin and staff check tickets at the door. */
  private static final Rule DOOR = Rule.roles(Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF);
  private static final JsonBody TYPE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["code","label","priceCents"],
       "properties":{"code":{"type":"string","pattern":"^[a-z][a-z0-9_-]{0,31}$"},
                     "label":{"type":"string","minLength":1,"maxLength":80},
                     "priceCents":{"type":"integer","minimum":0,"maximum":10000000},
                     "whoQualifies":{"type":["string","null"],"minLength":1,"maxLength":200},
                     "underAge":{"type":["integer","null"],"minimum":1,"maximum":120},
                     "minGroup":{"type":["integer","null"],"minimum":2,"maximum":%d}}}""".formatted(TicketOrder.MAX_TICKETS)));
  private static final JsonBody PURCHASE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["slotId","tickets"],
       "properties":{"slotId":{"type":"string","format":"uuid"},
                     "tickets":{"type":"object","minProperties":1,"maxProperties":20,
                                "propertyNames":{"pattern":"^[a-z][a-z0-9_-]{0,31}$"},
                                "additionalProperties":{"type":"integer","minimum":0,"maximum":%d}},
                     "forPerson":{"type":"string","maxLength":100}}}""".formatted(TicketOrder.MAX_TICKETS)));
  private static final JsonBody SETTINGS = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["transferable"],
       "properties":{"transferable":{"type":"boolean"}}}"""));
  private static final JsonBody HOLDER = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["code","holderName"],
       "properties":{"code":{"type":"string","pattern":"^[0-9A-Za-z -]{12,20}$"},
                     "holderName":{"type":["string","null"],"minLength":1,"maxLength":120}}}"""));
  private static final JsonBody ADMISSION = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["code","device"],
       "properties":{"code":{"type":"string","pattern":"^[0-9A-Za-z -]{12,20}$"},
                     "device":{"type":"string","minLength":1,"maxLength":80}}}"""));

  private final EventsService events;

  EventsRoutes(EventsService events) {
    this.events = events;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/events/:serviceId/ticket-types", Rule.open())
        .summary("I biglietti di un evento: tipi e prezzi (intero, ridotto e chi ne ha diritto, gratuito, gruppo)")
        .handler(ctx -> events.types(ApiRoutes.id(ctx, "serviceId")).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/provider/services/:serviceId/ticket-types", PROVIDER)
        .summary("Aggiunge un tipo di biglietto a un evento della cooperativa: da allora l'evento si acquista con i biglietti")
        .body(TYPE).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          TicketType type = new TicketType(null, body.getString("code"), body.getString("label").strip(),
              body.getLong("priceCents"), blankToNull(body.getString("whoQualifies")), body.getInteger("underAge"),
              body.getInteger("minGroup"));
          Idempotency.answer(ctx, events.addType(who, ApiRoutes.id(ctx, "serviceId"), type, Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/provider/services/:serviceId/ticket-types/:typeId/retire", PROVIDER)
        .summary("Ritira un tipo di biglietto di un evento della cooperativa: non si vende più, i biglietti venduti restano validi")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          UUID serviceId = ApiRoutes.id(ctx, "serviceId");
          UUID typeId = ApiRoutes.id(ctx, "typeId");
          // The key is bound to the type: the same key sent for another type is a conflict, not its answer.
          Idempotency.answer(ctx, events.retireType(who, serviceId, typeId, Idempotency.key(ctx, who.subject(),
              new JsonObject().put("serviceId", serviceId.toString()).put("typeId", typeId.toString()))));
        });
    routes.post("/events/purchases", Rule.signedIn().concerning(Concern.bodyPerson("forPerson")))
        .summary("Acquista i biglietti di un orario di un evento: tenuti insieme per qualche minuto, poi confermati e pagati insieme")
        .body(PURCHASE).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, events.purchase(who, UUID.fromString(body.getString("slotId")), order(body),
              body.getString("forPerson"), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/events/waitlist", Rule.signedIn().concerning(Concern.bodyPerson("forPerson")))
        .summary("In lista d'attesa per un orario esaurito di un evento, con i biglietti voluti: ai primi posti liberi arrivano tenuti per te")
        .body(PURCHASE).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, events.joinWaitlist(who, UUID.fromString(body.getString("slotId")), order(body),
              body.getString("forPerson"), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.put("/provider/events/:serviceId/settings", PROVIDER)
        .summary("Se chi compra i biglietti di un evento della cooperativa può intestarli ad altre persone")
        .body(SETTINGS).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, events.setTransferable(who, ApiRoutes.id(ctx, "serviceId"), body.getBoolean("transferable"),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.get("/tickets", Rule.people()).summary("I miei biglietti, uno per persona, con il codice del QR")
        .handler(ctx -> events.mine(Access.identity(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/tickets/holder", Rule.people())
        .summary("Intesta un mio biglietto a un'altra persona prima dell'evento, se chi organizza lo permette")
        .body(HOLDER).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, events.name(who, TicketCode.normalise(body.getString("code")), blankToNull(body.getString("holderName")),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/door/admissions", DOOR)
        .summary("Controllo all'ingresso: ammette un biglietto valido oggi e non ancora usato, una volta sola; altrimenti dice perché no")
        .body(ADMISSION).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, events.admit(who, TicketCode.normalise(body.getString("code")), body.getString("device"),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.get("/door/tickets", DOOR)
        .summary("I biglietti degli eventi della cooperativa in un giorno (?date=AAAA-MM-GG), per il controllo all'ingresso anche senza rete")
        .handler(ctx -> events.dayTickets(Access.identity(ctx), date(ctx, "date")).onSuccess(ctx::json).onFailure(ctx::fail));
  }

  private static LocalDate date(io.vertx.ext.web.RoutingContext ctx, String name) {
    return CalendarDate.parse(ctx.queryParams().get(name)).orElseThrow(() -> new Problem(400, "invalid-date", "Data non valida",
        "Indica la data come AAAA-MM-GG (" + name + ")."));
  }

  /** The tickets of a purchase's body ({code: count}, the schema checked). */
  private static TicketOrder order(JsonObject body) {
    return PricingService.ticketOrder(body.getJsonObject("tickets"));
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
