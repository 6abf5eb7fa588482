package coop.sportello.welfarecard;

import coop.sportello.kiosk.domain.KioskRules;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.welfarecard.domain.AgreedDiscount;
import coop.sportello.welfarecard.domain.AgreementTerms;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Welfare Card under /api/v1:
 * <pre>
 *   GET  /welfare-card-agreements            supervisor -> {items: [{id, name, validFrom, validUntil, companies[], services[], liveCards}]}
 *   POST /welfare-card-agreements            supervisor {name, validFrom, validUntil, companyIds[], services[{serviceId, discount{kind, value}}]} -> 201 {id}
 *   PUT  /welfare-card-agreements/:id        supervisor, the same body -> {id}
 *   POST /welfare-card-agreements/:id/cards  supervisor -> {issued}: cards for every employee of its companies who has none
 *   GET  /me/welfare-card                    employee -> the card, its QR code, the package with discounted prices;
 *                                            404 no-welfare-card {canRequest}
 *   POST /me/welfare-card                    employee -> 201 the new card, 200 the one they have
 *   GET  /kiosk/sessions/:id/welfare-card    kiosk -> the card of the person identified there
 *   GET  /welfare-cards/:number              provider_admin -> {status, number, company, agreement, validFrom, validUntil, services[]}
 *                                            (number: the printed digits or the QR code's token; unknown in the same shape)
 * </pre>
 */
final class WelfareCardRoutes implements ApiModule {

  private static final Rule SUPERVISOR = Rule.roles(Role.SUPERVISOR);
  private static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
  private static final JsonBody AGREEMENT = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name","validFrom","validUntil","companyIds","services"],
       "properties":{"name":{"type":"string","minLength":3,"maxLength":200},
                     "validFrom":{"type":"string","format":"date"},"validUntil":{"type":"string","format":"date"},
                     "companyIds":{"type":"array","minItems":1,"maxItems":%d,"items":{"type":"string","pattern":"%s"}},
                     "services":{"type":"array","minItems":1,"maxItems":%d,"items":{
                       "type":"object","additionalProperties":false,"required":["serviceId","discount"],
                       "properties":{"serviceId":{"type":"string","pattern":"%s"},
                                     "discount":{"type":"object","additionalProperties":false,"required":["kind","value"],
                                       "properties":{"kind":{"enum":["percent","fixed"]},
                                                     "value":{"type":"integer","minimum":0,"maximum":%d}}}}}}}}"""
      .formatted(AgreementTerms.MAX_COMPANIES, UUID_PATTERN, AgreementTerms.MAX_SERVICES, UUID_PATTERN,
          AgreedDiscount.MAX_FIXED_CENTS)));

  private final WelfareCardService cards;

  WelfareCardRoutes(WelfareCardService cards) {
    this.cards = cards;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/welfare-card-agreements", SUPERVISOR).summary("Gli accordi Welfare Card della rete, con aziende, pacchetto e carte attive")
        .handler(ctx -> cards.agreements().onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/welfare-card-agreements", SUPERVISOR)
        .summary("Crea un accordo Welfare Card: aziende aderenti, periodo, pacchetto di servizi con gli sconti")
        .body(AGREEMENT).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, cards.createAgreement(who, terms(body), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.put("/welfare-card-agreements/:id", SUPERVISOR)
        .summary("Modifica un accordo: le aziende tolte perdono le carte, le carte attive prendono il nuovo periodo")
        .body(AGREEMENT).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, cards.updateAgreement(ApiRoutes.id(ctx, "id"), terms(body),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/welfare-card-agreements/:id/cards", SUPERVISOR)
        .summary("Emette la Welfare Card a ogni dipendente delle aziende dell'accordo che non l'ha ancora")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, cards.issueCards(who, ApiRoutes.id(ctx, "id"),
              Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.get("/me/welfare-card", Rule.roles(Role.EMPLOYEE))
        .summary("La tua Welfare Card: numero, azienda, validità, codice QR e i servizi del pacchetto con lo sconto")
        .handler(ctx -> personal(ctx, cards.myCard(Access.identity(ctx))));
    routes.post("/me/welfare-card", Rule.roles(Role.EMPLOYEE))
        .summary("Chiedi la tua Welfare Card (se la tua azienda aderisce a un accordo)")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          ctx.response().putHeader("Cache-Control", "no-store");
          Idempotency.answer(ctx, cards.requestCard(who, Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.get("/kiosk/sessions/:id/welfare-card", Rule.roles(Role.KIOSK))
        .summary("La Welfare Card della persona identificata al totem")
        .handler(ctx -> {
          String device = KioskRules.deviceOf(Access.identity(ctx).subject());
          if (device == null) {
            throw Problem.forbidden("Solo un totem può farlo.");
          }
          personal(ctx, cards.kioskCard(UUID.fromString(device), ApiRoutes.id(ctx, "id")));
        });
    routes.get("/welfare-cards/:number", Rule.roles(Role.PROVIDER_ADMIN))
        .summary("Verifica una Welfare Card dal numero o dal codice QR: valida, scaduta, revocata o sconosciuta; l'azienda e l'accordo, mai la persona")
        .handler(ctx -> personal(ctx, cards.verify(Access.identity(ctx), ctx.pathParam("number"))));
  }

  /** Answers about a card are never stored by a browser or a proxy. */
  private static void personal(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(json -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(json);
    }).onFailure(ctx::fail);
  }

  private static AgreementTerms terms(JsonObject body) {
    List<UUID> companies = new ArrayList<>();
    body.getJsonArray("companyIds").forEach(id -> companies.add(UUID.fromString((String) id)));
    List<AgreementTerms.Entry> services = new ArrayList<>();
    JsonArray entries = body.getJsonArray("services");
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      JsonObject discount = entry.getJsonObject("discount");
      AgreedDiscount.problem(discount.getString("kind"), discount.getInteger("value")).ifPresent(r -> {
        throw Problem.of(r);
      });
      services.add(new AgreementTerms.Entry(UUID.fromString(entry.getString("serviceId")),
          AgreedDiscount.of(discount.getString("kind"), discount.getInteger("value"))));
    }
    try {
      return new AgreementTerms(body.getString("name"), LocalDate.parse(body.getString("validFrom")),
          LocalDate.parse(body.getString("validUntil")), companies, services);
    } catch (DateTimeParseException e) {
      throw Problem.badRequest("Le date si scrivono AAAA-MM-GG.");
    }
  }
}
