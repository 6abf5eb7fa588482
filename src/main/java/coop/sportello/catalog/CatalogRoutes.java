package coop.sportello.catalog;

import coop.sportello.platform.areas.Area;
import coop.sportello.platform.domain.CalendarDate;

import coop.sportello.catalog.domain.IntakeDeclaration;
import coop.sportello.catalog.domain.SlotGenerator;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BridgeRules;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.pricing.domain.IseeBand;
import coop.sportello.pricing.domain.IseeBands;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Catalog HTTP surface under /api/v1.
 * <pre>
 * public
 *   GET  /municipalities                                                every municipality, by name
 *   GET  /services?area&municipality&mode&welfare&providerKind&q&from&to&page&size
 *                                                                       search, each hit with nextFree and its
 *                                                                       provider {id, name, kind}
 *   GET  /services/:id                                                  one service
 *   GET  /services/:id/availability?from=YYYY-MM-DD&to=YYYY-MM-DD        slots and free places (max 62 days)
 * provider_admin, own cooperative only (every change takes an Idempotency-Key)
 *   GET  /provider/services                 POST /provider/services   (body field intake: the questions asked
 *                                                                      at confirmation, [{kind, required}];
 *                                                                      tariffUnit hour|session|day|place|week|month,
 *                                                                      vatTreatment exempt|vat_5|vat_10|vat_22,
 *                                                                      iseeBands [{upToCents, tariffCents}])
 *   PUT  /provider/services/:id             POST /provider/services/:id/retire
 *   GET  /provider/resources                POST /provider/resources
 *   PUT  /provider/resources/:id            POST /provider/resources/:id/retire
 *   GET  /provider/services/:id/schedule    POST /provider/services/:id/rules
 *   POST /provider/rules/:id/retire         POST /provider/services/:id/exceptions
 *   POST /provider/exceptions/:id/remove    POST /provider/closures    POST /provider/closures/:id/remove
 * </pre>
 * Schedule changes answer with what they did to the slots; a change that would remove or shrink
 * slots already held or booked is refused (409 schedule-conflict) with the affected slots listed.
 * The handlers check the query and what a body schema cannot say, then call one
 * {@link CatalogService} method, which runs the change in its own transaction.
 */
final class CatalogRoutes implements ApiModule {

  private static final Set<String> AREAS = Set.copyOf(Area.codes());
  private static final String ISTAT = "^[0-9]{6}$";
  private static final String TIME = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
  private static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

  private static final JsonBody SERVICE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "required":["area","title","description","tariffCents","tariffUnit","deliveryMode","audience"],
       "properties":{
         "area":{"enum":%s},
         "title":{"type":"string","minLength":3,"maxLength":200},
         "description":{"type":"string","minLength":10,"maxLength":4000},
         "tariffCents":{"type":"integer","minimum":0,"maximum":10000000},
         "tariffUnit":{"enum":["hour","session","day","place","week","month"]},
         "vatTreatment":{"enum":["exempt","vat_5","vat_10","vat_22"]},
         "iseeBands":{"type":"array","maxItems":10,
           "items":{"type":"object","additionalProperties":false,"required":["upToCents","tariffCents"],
                    "properties":{"upToCents":{"type":"integer","minimum":0,"maximum":1000000000},
                                  "tariffCents":{"type":"integer","minimum":0,"maximum":10000000}}}},
         "deliveryMode":{"enum":["at_place","at_home","online"]},
         "welfareLetter":{"enum":["f","f_bis","f_ter","fringe_benefit",null]},
         "audience":{"enum":["children","families","elderly","adults","everyone"]},
         "address":{"type":["string","null"],"minLength":3,"maxLength":300},
         "municipalities":{"type":"array","maxItems":200,"uniqueItems":true,"items":{"type":"string","pattern":"^[0-9]{6}$"}},
         "intake":{"type":"array","maxItems":3,
           "items":{"type":"object","additionalProperties":false,"required":["kind","required"],
                    "properties":{"kind":{"enum":["beneficiary","address","notes"]},"required":{"type":"boolean"}}}},
         "policy":{"type":"object","additionalProperties":false,
           "properties":{"minNoticeMinutes":{"type":"integer","minimum":0,"maximum":43200},
                         "horizonDays":{"type":"integer","minimum":1,"maximum":730},
                         "cancelWindowHours":{"type":"integer","minimum":0,"maximum":720},
                         "maxPlacesPerBooking":{"type":"integer","minimum":1,"maximum":50},
                         "maxPlacesPerPersonSlot":{"type":"integer","minimum":1,"maximum":1000},
                         "maxPlacesPerPersonDay":{"type":"integer","minimum":1,"maximum":1000},
                         "maxOpenHoldsPerPerson":{"type":"integer","minimum":1,"maximum":1000},
                         "reminderMinutes":{"type":"array","maxItems":4,"uniqueItems":true,
                                            "items":{"type":"integer","minimum":10,"maximum":20160}}}}}}""".formatted(Area.schemaEnum())));
  private static final JsonBody RESOURCE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name","kind","capacity"],
       "properties":{"name":{"type":"string","minLength":2,"maxLength":120},
                     "kind":{"enum":["room","group","person"]},
                     "capacity":{"type":"integer","minimum":1,"maximum":1000}}}"""));
  private static final JsonBody RESOURCE_CHANGE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name","capacity"],
       "properties":{"name":{"type":"string","minLength":2,"maxLength":120},
                     "capacity":{"type":"integer","minimum":1,"maximum":1000}}}"""));
  private static final JsonBody RULE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "required":["resourceId","weekday","opens","closes","slotMinutes","places","validFrom"],
       "properties":{"resourceId":{"type":"string","format":"uuid"},
                     "weekday":{"type":"integer","minimum":1,"maximum":7},
                     "opens":{"type":"string","pattern":"%s"},
                     "closes":{"type":"string","pattern":"%s"},
                     "slotMinutes":{"type":"integer","minimum":5,"maximum":1440},
                     "places":{"type":"integer","minimum":1,"maximum":1000},
                     "validFrom":{"type":"string","pattern":"%s"},
                     "validUntil":{"type":["string","null"],"pattern":"%s"}}}""".formatted(TIME, TIME, DATE, DATE)));
  private static final JsonBody EXCEPTION = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["resourceId","date"],
       "properties":{"resourceId":{"type":"string","format":"uuid"},
                     "date":{"type":"string","pattern":"%s"},
                     "opens":{"type":"string","pattern":"%s"},
                     "closes":{"type":"string","pattern":"%s"},
                     "slotMinutes":{"type":"integer","minimum":5,"maximum":1440},
                     "places":{"type":"integer","minimum":1,"maximum":1000}},
       "dependentRequired":{"opens":["closes","slotMinutes","places"],"closes":["opens"],
                            "slotMinutes":["opens"],"places":["opens"]}}""".formatted(DATE, TIME, TIME)));
  private static final JsonBody CLOSURE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["fromDate","toDate","reason"],
       "properties":{"resourceId":{"type":["string","null"],"format":"uuid"},
                     "fromDate":{"type":"string","pattern":"%s"},
                     "toDate":{"type":"string","pattern":"%s"},
                     "reason":{"type":"string","minLength":2,"maxLength":200}}}""".formatted(DATE, DATE)));

  private final CatalogService catalog;

  CatalogRoutes(CatalogService catalog) {
    this.catalog = catalog;
  }

  @Override
  public void registerBridgeRules(BridgeRules rules) {
    BridgeRules.Check anyone = (who, address, body) -> Future.succeededFuture(true);
    rules.broadcast("catalog\\.availability\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", anyone);
    rules.broadcast("catalog\\.feed\\.area\\." + Area.regex(), anyone);
    rules.broadcast("catalog\\.feed\\.municipality\\.[0-9]{6}", anyone);
    rules.broadcast("catalog\\.feed\\.refetch", anyone);
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/municipalities", Rule.open()).summary("I comuni che Sportello conosce, per nome")
        .handler(ctx -> answer(ctx, catalog.municipalities()));
    routes.get("/services", Rule.open()).summary("Cerca i servizi attivi, ciascuno con la prima fascia libera")
        .handler(ctx -> answer(ctx, catalog.search(searchQuery(ctx))));
    routes.get("/services/:id", Rule.open()).summary("Un servizio attivo")
        .handler(ctx -> answer(ctx, catalog.service(ApiRoutes.id(ctx, "id"))));
    routes.get("/services/:id/availability", Rule.open()).summary("Le fasce di un servizio e i posti liberi (al massimo 62 giorni)")
        .handler(this::availability);

    Rule admin = Rule.roles(Role.PROVIDER_ADMIN);
    routes.get("/provider/services", admin).summary("I servizi della cooperativa, anche ritirati")
        .handler(ctx -> answer(ctx, catalog.providerServices(Access.cooperativeId(ctx))));
    routes.post("/provider/services", admin).summary("Pubblica un servizio").body(SERVICE).idempotent()
        .handler(change(CatalogRoutes::checkService, (ctx, provider, body, key) ->
            catalog.createService(provider, body, key)));
    routes.put("/provider/services/:id", admin).summary("Modifica un servizio attivo").body(SERVICE).idempotent()
        .handler(change(CatalogRoutes::checkService, (ctx, provider, body, key) ->
            catalog.updateService(provider, ApiRoutes.id(ctx, "id"), body, key)));
    routes.post("/provider/services/:id/retire", admin).summary("Ritira un servizio e i suoi orari, togliendo le fasce libere")
        .idempotent().handler(onRecord(catalog::retireService));

    routes.get("/provider/resources", admin).summary("Le risorse della cooperativa (aule, gruppi, persone)")
        .handler(ctx -> answer(ctx, catalog.resources(Access.cooperativeId(ctx))));
    routes.post("/provider/resources", admin).summary("Aggiunge una risorsa").body(RESOURCE).idempotent()
        .handler(change(body -> { }, (ctx, provider, body, key) -> catalog.createResource(provider, body, key)));
    routes.put("/provider/resources/:id", admin).summary("Rinomina una risorsa o ne cambia la capienza")
        .body(RESOURCE_CHANGE).idempotent().handler(change(body -> { }, (ctx, provider, body, key) ->
            catalog.updateResource(provider, ApiRoutes.id(ctx, "id"), body, key)));
    routes.post("/provider/resources/:id/retire", admin).summary("Ritira una risorsa che nessun orario attivo usa")
        .idempotent().handler(onRecord(catalog::retireResource));

    routes.get("/provider/services/:id/schedule", admin).summary("Orari, eccezioni e chiusure di un servizio")
        .handler(ctx -> answer(ctx, catalog.schedule(Access.cooperativeId(ctx), ApiRoutes.id(ctx, "id"))));
    routes.post("/provider/services/:id/rules", admin).summary("Aggiunge un orario settimanale e ne crea le fasce")
        .body(RULE).idempotent().handler(change(body -> {
          checkTimes(body.getString("opens"), body.getString("closes"));
          checkDates(body.getString("validFrom"), body.getString("validUntil"));
        }, (ctx, provider, body, key) -> catalog.addRule(provider, ApiRoutes.id(ctx, "id"), body, key)));
    routes.post("/provider/rules/:id/retire", admin).summary("Ritira un orario settimanale, togliendo le sue fasce libere")
        .idempotent().handler(onRecord(catalog::retireRule));
    routes.post("/provider/services/:id/exceptions", admin).summary("Cambia o chiude l'orario di una risorsa in un giorno")
        .body(EXCEPTION).idempotent().handler(change(body -> {
          parseDate(body.getString("date"));
          if (body.getString("opens") != null) {
            checkTimes(body.getString("opens"), body.getString("closes"));
          }
        }, (ctx, provider, body, key) -> catalog.setException(provider, ApiRoutes.id(ctx, "id"), body, key)));
    routes.post("/provider/exceptions/:id/remove", admin).summary("Toglie un'eccezione: quel giorno valgono di nuovo gli orari")
        .idempotent().handler(onRecord(catalog::removeException));
    routes.post("/provider/closures", admin).summary("Chiude una risorsa o tutta la cooperativa per alcuni giorni")
        .body(CLOSURE).idempotent()
        .handler(change(body -> checkDates(body.getString("fromDate"), body.getString("toDate")),
            (ctx, provider, body, key) -> catalog.addClosure(provider, body, key)));
    routes.post("/provider/closures/:id/remove", admin).summary("Toglie una chiusura e ridà le fasce che aveva tolto")
        .idempotent().handler(onRecord(catalog::removeClosure));
  }

  // ---- public handlers --------------------------------------------------------------------------

  private static SearchQuery searchQuery(RoutingContext ctx) {
    String area = enumParam(ctx, "area", AREAS);
    String mode = enumParam(ctx, "mode", Set.of("at_place", "at_home", "online"));
    String welfare = enumParam(ctx, "welfare", Set.of("any", "none", "f", "f_bis", "f_ter", "fringe_benefit"));
    String providerKind = enumParam(ctx, "providerKind", Set.of("cooperative", "municipality", "association", "shop"));
    String municipality = ctx.queryParams().get("municipality");
    if (municipality != null && !municipality.matches(ISTAT)) {
      throw invalidParam("municipality", "un codice ISTAT di 6 cifre");
    }
    String text = ctx.queryParams().get("q");
    if (text != null && (text.isBlank() || text.length() > 200)) {
      text = text.isBlank() ? null : text.substring(0, 200);
    }
    LocalDate from = optionalDate(ctx, "from");
    LocalDate to = optionalDate(ctx, "to");
    if (to != null && from == null) {
      from = LocalDate.now(SlotGenerator.ROME);
    }
    if (from != null && to == null) {
      to = from.plusDays(30);
    }
    if (from != null && (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 366)) {
      throw invalidParam("to", "una data non precedente a from, al massimo un anno dopo");
    }
    int page = intParam(ctx, "page", 1, 1, 10_000);
    int size = intParam(ctx, "size", 20, 1, 50);
    OffsetDateTime fromInstant = from == null ? null : from.atStartOfDay(SlotGenerator.ROME).toOffsetDateTime();
    OffsetDateTime toInstant = to == null ? null : to.plusDays(1).atStartOfDay(SlotGenerator.ROME).toOffsetDateTime();
    return new SearchQuery(area, municipality, mode, welfare, providerKind, text, fromInstant, toInstant, page, size);
  }

  private void availability(RoutingContext ctx) {
    UUID serviceId = ApiRoutes.id(ctx, "id");
    LocalDate from = optionalDate(ctx, "from");
    LocalDate to = optionalDate(ctx, "to");
    if (from == null || to == null) {
      throw Problem.badRequest("Indica from e to (AAAA-MM-GG), per esempio un mese intero.");
    }
    if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 62) {
      throw invalidParam("to", "una data non precedente a from e al massimo 62 giorni dopo");
    }
    catalog.availability(serviceId, from, to)
        .onSuccess(json -> ctx.response().putHeader("Content-Type", "application/json").end(json))
        .onFailure(ctx::fail);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static void answer(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** A provider's change with a body: {@code check} says what the schema cannot, then one service call. */
  private interface Change {
    Future<Outcome> apply(RoutingContext ctx, UUID providerId, JsonObject body, Idempotency.Key key);
  }

  /** A provider's bodiless change to one of its own records, {@code :id}. */
  private interface OnRecord {
    Future<Outcome> apply(UUID providerId, UUID id, Idempotency.Key key);
  }

  private static Handler<RoutingContext> change(Consumer<JsonObject> check, Change change) {
    return ctx -> {
      JsonObject body = ApiRoutes.body(ctx);
      Idempotency.Key key = key(ctx, body);
      check.accept(body);
      Idempotency.answer(ctx, change.apply(ctx, Access.cooperativeId(ctx), body, key));
    };
  }

  private static Handler<RoutingContext> onRecord(OnRecord change) {
    return ctx -> {
      Idempotency.Key key = key(ctx, new JsonObject());
      Idempotency.answer(ctx, change.apply(Access.cooperativeId(ctx), ApiRoutes.id(ctx, "id"), key));
    };
  }

  /** The caller's idempotency key for this change (400 without one). */
  private static Idempotency.Key key(RoutingContext ctx, JsonObject body) {
    return Idempotency.key(ctx, Access.identity(ctx).subject(), body);
  }

  private static void checkService(JsonObject body) {
    checkMunicipalities(body);
    checkLimits(body.getJsonObject("policy", new JsonObject()));
    JsonArray intake = body.getJsonArray("intake");
    if (intake != null) {
      IntakeDeclaration.refusal(CatalogService.asked(intake)).ifPresent(refusal -> {
        throw Problem.of(refusal);
      });
    }
    JsonArray bands = body.getJsonArray("iseeBands");
    if (bands != null) {
      IseeBands.refusal(bands.stream().map(JsonObject.class::cast)
          .map(b -> new IseeBand(b.getLong("upToCents"), b.getLong("tariffCents"))).toList(), body.getLong("tariffCents"))
          .ifPresent(refusal -> {
            throw Problem.of(refusal);
          });
    }
  }

  /**
   * The per-person limits given are in order: a booking within a slot's, a slot's within a day's
   * (V17 checks it again against the stored values of those not given).
   */
  private static void checkLimits(JsonObject policy) {
    String[] order = {"maxPlacesPerBooking", "maxPlacesPerPersonSlot", "maxPlacesPerPersonDay"};
    for (int i = 0; i + 1 < order.length; i++) {
      Integer smaller = policy.getInteger(order[i]);
      Integer larger = policy.getInteger(order[i + 1]);
      if (smaller != null && larger != null && smaller > larger) {
        throw Problem.validation("I posti per prenotazione non superano quelli per persona in una fascia, e questi "
            + "quelli per persona in un giorno.", new JsonArray().add(new JsonObject()
            .put("pointer", "/policy/" + order[i]).put("detail", "al massimo " + order[i + 1])));
      }
    }
  }

  private static void checkMunicipalities(JsonObject body) {
    JsonArray municipalities = body.getJsonArray("municipalities", new JsonArray());
    boolean online = "online".equals(body.getString("deliveryMode"));
    if (online && !municipalities.isEmpty()) {
      throw Problem.validation("Un servizio online è aperto a tutti: non indicare comuni.",
          new JsonArray().add(new JsonObject().put("pointer", "/municipalities").put("detail", "deve essere vuoto")));
    }
    if (!online && municipalities.isEmpty()) {
      throw Problem.validation("Indica i comuni i cui residenti possono usare il servizio.",
          new JsonArray().add(new JsonObject().put("pointer", "/municipalities").put("detail", "almeno un comune")));
    }
    if ("at_place".equals(body.getString("deliveryMode")) && body.getString("address") == null) {
      throw Problem.validation("Un servizio in sede ha bisogno dell'indirizzo.",
          new JsonArray().add(new JsonObject().put("pointer", "/address").put("detail", "obbligatorio in sede")));
    }
  }

  private static void checkTimes(String opens, String closes) {
    if (closes.compareTo(opens) <= 0) {
      throw Problem.validation("L'orario di chiusura deve venire dopo quello di apertura.",
          new JsonArray().add(new JsonObject().put("pointer", "/closes").put("detail", "dopo opens")));
    }
  }

  private static void checkDates(String from, String until) {
    LocalDate start = parseDate(from);
    if (until != null && parseDate(until).isBefore(start)) {
      throw Problem.validation("La data finale non può precedere quella iniziale.",
          new JsonArray().add(new JsonObject().put("pointer", "/validUntil").put("detail", "non prima dell'inizio")));
    }
  }

  private static LocalDate parseDate(String value) {
    return CalendarDate.parse(value).orElseThrow(() -> Problem.validation("Data inesistente: " + value + ".",
        new JsonArray().add(new JsonObject().put("detail", "data AAAA-MM-GG valida"))));
  }

  private static LocalDate optionalDate(RoutingContext ctx, String name) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) {
      return null;
    }
    return CalendarDate.parse(raw).orElseThrow(() -> invalidParam(name, "una data AAAA-MM-GG"));
  }

  private static String enumParam(RoutingContext ctx, String name, Set<String> allowed) {
    String raw = ctx.queryParams().get(name);
    if (raw != null && !allowed.contains(raw)) {
      throw invalidParam(name, "uno tra " + String.join(", ", allowed.stream().sorted().toList()));
    }
    return raw;
  }

  private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw invalidParam(name, "un numero tra " + min + " e " + max);
  }

  private static Problem invalidParam(String name, String expected) {
    return Problem.validation("Il parametro " + name + " deve essere " + expected + ".",
        new JsonArray().add(new JsonObject().put("parameter", name).put("detail", expected)));
  }


}
