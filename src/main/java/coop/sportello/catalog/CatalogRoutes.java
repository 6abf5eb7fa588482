package coop.sportello.catalog;

import coop.sportello.catalog.domain.SlotGenerator;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BridgeRules;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.PathParams;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Catalog HTTP surface under /api/v1.
 * <pre>
 * public
 *   GET  /services?area&municipality&mode&welfare&q&from&to&page&size   search, each hit with nextFree
 *   GET  /services/:id                                                  one service
 *   GET  /services/:id/availability?from=YYYY-MM-DD&to=YYYY-MM-DD        slots and free places (max 62 days)
 * provider_admin, own cooperative only (every change takes an Idempotency-Key)
 *   GET  /provider/services                 POST /provider/services
 *   PUT  /provider/services/:id             POST /provider/services/:id/retire
 *   GET  /provider/resources                POST /provider/resources
 *   PUT  /provider/resources/:id            POST /provider/resources/:id/retire
 *   GET  /provider/services/:id/schedule    POST /provider/services/:id/rules
 *   POST /provider/rules/:id/retire         POST /provider/services/:id/exceptions
 *   POST /provider/exceptions/:id/remove    POST /provider/closures    POST /provider/closures/:id/remove
 * </pre>
 * Schedule changes answer with what they did to the slots; a change that would remove or shrink
 * slots already held or booked is refused (409 schedule-conflict) with the affected slots listed.
 */
public final class CatalogRoutes implements ApiModule {

  private static final Set<String> AREAS = Set.of("education", "childhood", "elderly", "work_life", "health");
  private static final String ISTAT = "^[0-9]{6}$";
  private static final String TIME = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
  private static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

  private static final JsonBody SERVICE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "required":["area","title","description","tariffCents","tariffUnit","deliveryMode","audience"],
       "properties":{
         "area":{"enum":["education","childhood","elderly","work_life","health"]},
         "title":{"type":"string","minLength":3,"maxLength":200},
         "description":{"type":"string","minLength":10,"maxLength":4000},
         "tariffCents":{"type":"integer","minimum":0,"maximum":10000000},
         "tariffUnit":{"enum":["hour","session","week","month"]},
         "deliveryMode":{"enum":["at_place","at_home","online"]},
         "welfareLetter":{"enum":["f","f_bis","f_ter","fringe_benefit",null]},
         "audience":{"enum":["children","families","elderly","adults","everyone"]},
         "address":{"type":["string","null"],"minLength":3,"maxLength":300},
         "municipalities":{"type":"array","maxItems":200,"uniqueItems":true,"items":{"type":"string","pattern":"^[0-9]{6}$"}},
         "policy":{"type":"object","additionalProperties":false,
           "properties":{"minNoticeMinutes":{"type":"integer","minimum":0,"maximum":43200},
                         "horizonDays":{"type":"integer","minimum":1,"maximum":730},
                         "cancelWindowHours":{"type":"integer","minimum":0,"maximum":720}}}}}"""));
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
  private final CatalogRepository repository;

  public CatalogRoutes(CatalogService catalog) {
    this.catalog = catalog;
    this.repository = catalog.repository();
  }

  @Override
  public void registerBridgeRules(BridgeRules rules) {
    BridgeRules.Check anyone = (who, address, body) -> Future.succeededFuture(true);
    rules.broadcast("catalog\\.availability\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", anyone);
    rules.broadcast("catalog\\.feed\\.area\\.(education|childhood|elderly|work_life|health)", anyone);
    rules.broadcast("catalog\\.feed\\.municipality\\.[0-9]{6}", anyone);
  }

  @Override
  public void mountPublic(Router api) {
    api.get("/municipalities").handler(ctx -> repository.municipalities()
        .onSuccess(items -> ctx.json(new JsonObject().put("items", items))).onFailure(ctx::fail));
    api.get("/services").handler(this::search);
    api.get("/services/:id").handler(ctx -> repository.findService(repository.pool(), PathParams.uuid(ctx, "id"))
        .onSuccess(found -> found.filter(s -> !s.containsKey("retiredAt"))
            .ifPresentOrElse(ctx::json, () -> ctx.fail(Problem.notFound("Servizio non trovato."))))
        .onFailure(ctx::fail));
    api.get("/services/:id/availability").handler(this::availability);
  }

  @Override
  public void mountProtected(Router api) {
    api.route("/provider/*").handler(Access.requireAnyRole(Role.PROVIDER_ADMIN));
    api.get("/provider/services").handler(ctx -> repository.listProviderServices(provider(ctx))
        .onSuccess(items -> ctx.json(new JsonObject().put("items", items))).onFailure(ctx::fail));
    api.post("/provider/services").handler(ctx -> change(ctx, SERVICE, (conn, body) -> {
      checkMunicipalities(body);
      return repository.insertService(conn, provider(ctx), body)
          .compose(id -> repository.replaceMunicipalities(conn, id, body.getJsonArray("municipalities")).map(id))
          .compose(id -> repository.findService(conn, id))
          .map(s -> new Outcome(201, s.orElseThrow()));
    }));
    api.put("/provider/services/:id").handler(ctx -> change(ctx, SERVICE, (conn, body) -> {
      checkMunicipalities(body);
      UUID id = PathParams.uuid(ctx, "id");
      return repository.updateService(conn, provider(ctx), id, body)
          .compose(found -> found ? repository.replaceMunicipalities(conn, id, body.getJsonArray("municipalities"))
              : Future.failedFuture(Problem.notFound("Nessun servizio attivo della tua cooperativa con questo identificativo.")))
          .compose(v -> repository.findService(conn, id))
          .map(s -> new Outcome(200, s.orElseThrow()));
    }));
    api.post("/provider/services/:id/retire").handler(ctx -> change(ctx, null, (conn, body) -> {
      UUID id = PathParams.uuid(ctx, "id");
      return repository.retireService(conn, provider(ctx), id)
          .compose(found -> found ? catalog.sync(conn, id)
              : Future.failedFuture(Problem.notFound("Nessun servizio della tua cooperativa con questo identificativo.")))
          .map(sync -> new Outcome(200, new JsonObject().put("id", id.toString()).put("retired", true)
              .put("slots", sync.toJson())));
    }));

    api.get("/provider/resources").handler(ctx -> repository.listResources(provider(ctx))
        .onSuccess(items -> ctx.json(new JsonObject().put("items", items))).onFailure(ctx::fail));
    api.post("/provider/resources").handler(ctx -> change(ctx, RESOURCE, (conn, body) ->
        repository.insertResource(conn, provider(ctx), body.getString("name"), body.getString("kind"), body.getInteger("capacity"))
            .map(id -> new Outcome(201, body.copy().put("id", id.toString())))));
    api.put("/provider/resources/:id").handler(ctx -> change(ctx, RESOURCE_CHANGE, (conn, body) ->
        repository.updateResource(conn, provider(ctx), PathParams.uuid(ctx, "id"), body.getString("name"), body.getInteger("capacity"))
            .compose(ok -> ok ? Future.succeededFuture(new Outcome(200, body.copy().put("id", ctx.pathParam("id"))))
                : Future.failedFuture(Problem.conflict("resource-in-use", "Risorsa non trovata, ritirata, o con orari che "
                    + "richiedono più posti della nuova capienza.")))));
    api.post("/provider/resources/:id/retire").handler(ctx -> change(ctx, null, (conn, body) ->
        repository.retireResource(conn, provider(ctx), PathParams.uuid(ctx, "id"))
            .compose(ok -> ok ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", ctx.pathParam("id")).put("retired", true)))
                : Future.failedFuture(Problem.conflict("resource-in-use",
                    "Risorsa non trovata o ancora usata da orari attivi: ritira prima quegli orari.")))));

    api.get("/provider/services/:id/schedule").handler(ctx -> repository.scheduleJson(provider(ctx), PathParams.uuid(ctx, "id"))
        .onSuccess(ctx::json).onFailure(ctx::fail));
    api.post("/provider/services/:id/rules").handler(ctx -> change(ctx, RULE, (conn, body) -> {
      UUID serviceId = PathParams.uuid(ctx, "id");
      checkTimes(body.getString("opens"), body.getString("closes"));
      checkDates(body.getString("validFrom"), body.getString("validUntil"));
      return ownActiveService(conn, ctx, serviceId)
          .compose(v -> repository.insertRule(conn, provider(ctx), serviceId, body))
          .compose(id -> id.isPresent() ? catalog.sync(conn, serviceId).map(sync -> new Outcome(201,
                  body.copy().put("id", id.get().toString()).put("slots", sync.toJson())))
              : Future.failedFuture(new Problem(422, "resource-unavailable", "Risorsa non utilizzabile",
                  "La risorsa non è della tua cooperativa, è ritirata o ha meno posti di quelli indicati.")));
    }, "La risorsa è già impegnata in quell'orario: gli orari della stessa risorsa non possono sovrapporsi."));
    api.post("/provider/rules/:id/retire").handler(ctx -> change(ctx, null, (conn, body) ->
        repository.retireRule(conn, provider(ctx), PathParams.uuid(ctx, "id")).compose(service -> service.isPresent()
            ? catalog.sync(conn, service.get()).map(sync -> new Outcome(200,
                new JsonObject().put("id", ctx.pathParam("id")).put("retired", true).put("slots", sync.toJson())))
            : Future.failedFuture(Problem.notFound("Nessun orario attivo della tua cooperativa con questo identificativo.")))));
    api.post("/provider/services/:id/exceptions").handler(ctx -> change(ctx, EXCEPTION, (conn, body) -> {
      UUID serviceId = PathParams.uuid(ctx, "id");
      parseDate(body.getString("date"));
      if (body.getString("opens") != null) {
        checkTimes(body.getString("opens"), body.getString("closes"));
      }
      return ownActiveService(conn, ctx, serviceId)
          .compose(v -> repository.upsertException(conn, provider(ctx), serviceId, body))
          .compose(id -> id.isPresent() ? catalog.sync(conn, serviceId).map(sync -> new Outcome(201,
                  body.copy().put("id", id.get().toString()).put("slots", sync.toJson())))
              : Future.failedFuture(new Problem(422, "resource-unavailable", "Risorsa non utilizzabile",
                  "La risorsa non è della tua cooperativa, è ritirata o ha meno posti di quelli indicati.")));
    }, "In quel giorno la risorsa è già impegnata in un orario che si sovrappone."));
    api.post("/provider/exceptions/:id/remove").handler(ctx -> change(ctx, null, (conn, body) ->
        repository.deleteException(conn, provider(ctx), PathParams.uuid(ctx, "id")).compose(service -> service.isPresent()
            ? catalog.sync(conn, service.get()).map(sync -> new Outcome(200,
                new JsonObject().put("id", ctx.pathParam("id")).put("removed", true).put("slots", sync.toJson())))
            : Future.failedFuture(Problem.notFound("Nessuna eccezione della tua cooperativa con questo identificativo.")))));
    api.post("/provider/closures").handler(ctx -> change(ctx, CLOSURE, (conn, body) -> {
      checkDates(body.getString("fromDate"), body.getString("toDate"));
      return repository.insertClosure(conn, provider(ctx), body)
          .compose(id -> repository.activeServicesOf(conn, provider(ctx)).compose(ids -> catalog.syncAll(conn, ids))
              .map(sync -> new Outcome(201, body.copy().put("id", id.toString()).put("slots", sync.toJson()))));
    }));
    api.post("/provider/closures/:id/remove").handler(ctx -> change(ctx, null, (conn, body) ->
        repository.deleteClosure(conn, provider(ctx), PathParams.uuid(ctx, "id")).compose(found -> found
            ? repository.activeServicesOf(conn, provider(ctx)).compose(ids -> catalog.syncAll(conn, ids))
                .map(sync -> new Outcome(200, new JsonObject().put("id", ctx.pathParam("id")).put("removed", true)
                    .put("slots", sync.toJson())))
            : Future.failedFuture(Problem.notFound("Nessuna chiusura della tua cooperativa con questo identificativo.")))));
  }

  // ---- public handlers --------------------------------------------------------------------------

  private void search(RoutingContext ctx) {
    String area = enumParam(ctx, "area", AREAS);
    String mode = enumParam(ctx, "mode", Set.of("at_place", "at_home", "online"));
    String welfare = enumParam(ctx, "welfare", Set.of("any", "none", "f", "f_bis", "f_ter", "fringe_benefit"));
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
    int currentPage = page;
    repository.search(new CatalogRepository.SearchQuery(area, municipality, mode, welfare, text, fromInstant, toInstant,
            size, (page - 1) * size))
        .onSuccess(result -> ctx.json(result.put("page", currentPage).put("size", size)))
        .onFailure(ctx::fail);
  }

  private void availability(RoutingContext ctx) {
    UUID serviceId = PathParams.uuid(ctx, "id");
    LocalDate from = optionalDate(ctx, "from");
    LocalDate to = optionalDate(ctx, "to");
    if (from == null || to == null) {
      throw Problem.badRequest("Indica from e to (AAAA-MM-GG), per esempio un mese intero.");
    }
    if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 62) {
      throw invalidParam("to", "una data non precedente a from e al massimo 62 giorni dopo");
    }
    repository.findService(repository.pool(), serviceId).compose(found -> {
      if (found.isEmpty() || found.get().containsKey("retiredAt")) {
        return Future.failedFuture(Problem.notFound("Servizio non trovato."));
      }
      return catalog.availability(serviceId, from, to);
    }).onSuccess(json -> ctx.response().putHeader("Content-Type", "application/json").end(json)).onFailure(ctx::fail);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private interface Change {
    Future<Outcome> apply(SqlConnection conn, JsonObject body);
  }

  private void change(RoutingContext ctx, JsonBody schema, Change change) {
    change(ctx, schema, change, "La modifica è in conflitto con dati esistenti.");
  }

  /** Validates, then runs the change and its slot sync in one idempotent transaction. */
  private void change(RoutingContext ctx, JsonBody schema, Change change, String conflictDetail) {
    JsonObject body = schema == null ? new JsonObject() : schema.read(ctx);
    Identity who = Access.identity(ctx);
    Function<SqlConnection, Future<Outcome>> work = conn -> {
      try {
        return change.apply(conn, body).recover(e -> Future.failedFuture(SqlErrors.explain(e, conflictDetail)));
      } catch (Problem p) {
        return Future.failedFuture(p);
      }
    };
    Idempotency.Key key = Idempotency.key(ctx, who.subject(), body);
    Idempotency.answer(ctx, repository.pool().withTransaction(conn -> coop.sportello.platform.database.IdempotencyStore.once(conn, key, () -> work.apply(conn))));
  }

  private Future<Void> ownActiveService(SqlConnection conn, RoutingContext ctx, UUID serviceId) {
    return repository.findService(conn, serviceId).compose(s -> s.isPresent() && !s.get().containsKey("retiredAt")
        && s.get().getJsonObject("provider").getString("id").equals(provider(ctx).toString())
        ? Future.succeededFuture()
        : Future.failedFuture(Problem.notFound("Nessun servizio attivo della tua cooperativa con questo identificativo.")));
  }

  private static UUID provider(RoutingContext ctx) {
    String id = Access.identity(ctx).providerId();
    if (id == null) {
      throw Problem.forbidden("Il tuo account non è collegato a una cooperativa.");
    }
    return UUID.fromString(id);
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
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.validation("Data inesistente: " + value + ".",
          new JsonArray().add(new JsonObject().put("detail", "data AAAA-MM-GG valida")));
    }
  }

  private static LocalDate optionalDate(RoutingContext ctx, String name) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) {
      return null;
    }
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw invalidParam(name, "una data AAAA-MM-GG");
    }
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
