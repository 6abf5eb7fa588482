package coop.sportello.calls;

import coop.sportello.calls.domain.ErlangC;
import coop.sportello.calls.domain.Kpis;
import coop.sportello.calls.domain.LogEntry;
import coop.sportello.chat.domain.BusinessHours;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BridgeRules;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The call queue's HTTP surface and bridge rules:
 * <pre>
 *   POST /telephony/events              PBX (signed)  one call event (see {@link CallAddresses})  -> the owner's reply
 *   GET  /telephony/calls/:id           PBX (signed)  position and estimated wait, for announcements
 *   GET  /calls/wall                    operator, supervisor  queues, KPIs, operators (as the calls.wall feed)
 *   GET  /calls/live                    operator, supervisor  calls in flight
 *   GET  /calls/queues                  operator, supervisor  queue settings
 *   PUT  /calls/queues/:id              supervisor    create or change a queue
 *   PUT  /calls/operators/:subject      supervisor    {name, endpoint, skills[], queues[{queue, level}]}
 *   GET  /calls/operator                operator      my state, my queues, my call
 *   POST /calls/operator/:action        operator      login | pause | resume | logout | wrapped | answer (as the bridge commands)
 *   GET  /calls/staffing                supervisor    Erlang C: ?arrivalsPerHour&handleSeconds&thresholdSeconds&targetPercent
 *   GET  /calls/kpis/recomputed         supervisor    ?day=YYYY-MM-DD: the day's KPIs folded again from the stored log
 * </pre>
 */
public final class CallRoutes implements ApiModule {

  private static final String SUBJECT = "[A-Za-z0-9:._@|-]{1,160}";
  private static final Pattern SUBJECT_PATTERN = Pattern.compile(SUBJECT);
  private static final Pattern QUEUE_ID = Pattern.compile("^[a-z0-9-]{2,40}$");

  private static final JsonBody EVENT = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["eventId","type","callId"],
       "properties":{"eventId":{"type":"string","minLength":1,"maxLength":200},
         "type":{"enum":["call.arrived","call.answered","call.ring-failed","call.callback-requested","call.ended"]},
         "callId":{"type":"string","minLength":1,"maxLength":200},
         "queue":{"type":"string","pattern":"^[a-z0-9-]{2,40}$"},
         "from":{"type":"string","pattern":"^\\\\+?[0-9]{3,15}$"},
         "number":{"type":"string","pattern":"^\\\\+?[0-9]{6,15}$"},
         "operator":{"type":"string","minLength":1,"maxLength":160},
         "priority":{"type":"integer","minimum":0,"maximum":9},
         "skills":{"type":"array","maxItems":10,"items":{"type":"string","pattern":"^[a-z0-9-]{1,40}$"}}},
       "allOf":[
         {"if":{"properties":{"type":{"const":"call.arrived"}}},"then":{"required":["queue"]}},
         {"if":{"properties":{"type":{"enum":["call.answered","call.ring-failed"]}}},"then":{"required":["operator"]}},
         {"if":{"properties":{"type":{"const":"call.callback-requested"}}},"then":{"required":["number"]}}]}"""));

  private static final JsonBody QUEUE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name"],
       "properties":{"name":{"type":"string","minLength":2,"maxLength":120},
         "priority":{"type":"integer","minimum":-100,"maximum":100},
         "strategy":{"enum":["longest_idle","round_robin","fewest_calls","ring_all","skill_tiers"]},
         "maxLength":{"type":"integer","minimum":1,"maximum":100000},
         "joinWhenEmpty":{"type":"boolean"},"leaveWhenEmpty":{"type":"boolean"},
         "overflowQueue":{"type":"string","pattern":"^[a-z0-9-]{2,40}$"},
         "overflowSeconds":{"type":"integer","minimum":1,"maximum":86400},
         "serviceLevel":{"type":"object","additionalProperties":false,"required":["percent","seconds"],
           "properties":{"percent":{"type":"integer","minimum":1,"maximum":99},"seconds":{"type":"integer","minimum":1,"maximum":3600}}},
         "wrapUpSeconds":{"type":"integer","minimum":0,"maximum":3600},
         "ringSeconds":{"type":"integer","minimum":5,"maximum":120},
         "autoPauseAfter":{"type":"integer","minimum":0,"maximum":100},
         "announceSeconds":{"type":"integer","minimum":0,"maximum":3600},
         "businessHours":{"type":"array","minItems":1,"maxItems":14,"items":{"type":"string","maxLength":40}},
         "closedCallback":{"type":"boolean"},
         "closedMessage":{"type":"string","minLength":1,"maxLength":500},
         "defaultHandleSeconds":{"type":"integer","minimum":1,"maximum":36000}},
       "dependentRequired":{"overflowQueue":["overflowSeconds"],"overflowSeconds":["overflowQueue"]}}"""));

  private static final JsonBody OPERATOR = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name","endpoint","queues"],
       "properties":{"name":{"type":"string","minLength":1,"maxLength":200},
         "endpoint":{"type":"string","minLength":2,"maxLength":200},
         "skills":{"type":"array","maxItems":20,"uniqueItems":true,"items":{"type":"string","pattern":"^[a-z0-9-]{1,40}$"}},
         "queues":{"type":"array","maxItems":50,"items":{"type":"object","additionalProperties":false,"required":["queue"],
           "properties":{"queue":{"type":"string","pattern":"^[a-z0-9-]{2,40}$"},"level":{"type":"integer","minimum":1,"maximum":9}}}}}}"""));

  private final CallControl control;
  private final CallRepository repository;
  private final Supplier<String> webhookSecret;

  public CallRoutes(CallControl control, CallRepository repository, Supplier<String> webhookSecret) {
    this.control = control;
    this.repository = repository;
    this.webhookSecret = webhookSecret;
  }

  @Override
  public void registerBridgeRules(BridgeRules rules) {
    for (OperatorCommands.Command command : OperatorCommands.ALL) {
      rules.inbound(Pattern.quote(command.address()), (who, address, body) -> Future.succeededFuture(who.hasRole(Role.OPERATOR)));
    }
    rules.outbound(Pattern.quote(CallAddresses.OPERATOR_FEED_PREFIX) + SUBJECT, (who, address, body) -> Future.succeededFuture(
        who.hasRole(Role.OPERATOR) && address.equals(CallAddresses.operatorFeed(who.subject()))));
    rules.outbound(Pattern.quote(CallAddresses.WALL), (who, address, body) -> Future.succeededFuture(
        who.hasAnyRole(List.of(Role.OPERATOR, Role.SUPERVISOR))));
  }

  @Override
  public void mountPublic(Router api) {
    api.post("/telephony/events").handler(ctx -> {
      byte[] raw = verifiedBody(ctx);
      Object parsed;
      try {
        parsed = Buffer.buffer(raw).toJsonValue();
      } catch (DecodeException e) {
        throw Problem.badRequest("Il corpo della richiesta non è JSON valido.");
      }
      JsonObject event = EVENT.validate(parsed);
      control.ask(event).onSuccess(ctx::json).onFailure(ctx::fail);
    });
    api.get("/telephony/calls/:id").handler(ctx -> {
      verifiedBody(ctx);
      control.ask(new JsonObject().put("type", "read.call").put("callId", ctx.pathParam("id")))
          .onSuccess(ctx::json).onFailure(ctx::fail);
    });
  }

  /** The raw body once its signature checks out (for a GET, the signed text is "<t>." and the path). */
  private byte[] verifiedBody(RoutingContext ctx) {
    String secret = webhookSecret.get();
    if (secret == null || secret.isEmpty()) {
      throw new Problem(503, "telephony-not-configured", "Centralino non configurato",
          "Imposta calls.webhook.secret (SPORTELLO_PBX_WEBHOOK_SECRET) per collegare un centralino.");
    }
    byte[] signed = "GET".equals(ctx.request().method().name())
        ? ctx.request().path().getBytes(java.nio.charset.StandardCharsets.UTF_8)
        : ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    PbxSignature.check(secret, ctx.request().getHeader(PbxSignature.HEADER), signed, System.currentTimeMillis() / 1000)
        .ifPresent(why -> {
          throw Problem.unauthorized("Richiesta del centralino rifiutata: " + why + ".");
        });
    return signed;
  }

  @Override
  public void mountProtected(Router api) {
    api.route("/calls/*").handler(Access.requireAnyRole(Role.OPERATOR, Role.SUPERVISOR));
    api.get("/calls/wall").handler(ctx -> read(ctx, "read.wall"));
    api.get("/calls/live").handler(ctx -> read(ctx, "read.calls"));
    api.get("/calls/queues").handler(ctx -> read(ctx, "read.queues"));
    api.put("/calls/queues/:id").handler(Access.requireAnyRole(Role.SUPERVISOR)).handler(ctx -> {
      String id = ctx.pathParam("id");
      if (!QUEUE_ID.matcher(id).matches()) {
        throw Problem.badRequest("Identificativo di coda non valido: minuscole, cifre e trattini, da 2 a 40.");
      }
      JsonObject queue = QUEUE.read(ctx).put("id", id);
      try {
        BusinessHours.parse(queue.getJsonArray("businessHours", new JsonArray().add("MON-SUN 00:00-24:00"))
            .stream().map(String::valueOf).toList());
      } catch (IllegalArgumentException e) {
        throw Problem.validation("Orari non validi: scrivili come \"MON-FRI 08:30-18:30\".", new JsonArray()
            .add(new JsonObject().put("pointer", "/businessHours").put("detail", e.getMessage())));
      }
      control.ask(new JsonObject().put("type", "admin.queue").put("queue", queue)).onSuccess(ctx::json).onFailure(ctx::fail);
    });
    api.put("/calls/operators/:subject").handler(Access.requireAnyRole(Role.SUPERVISOR)).handler(ctx -> {
      String subject = ctx.pathParam("subject");
      if (!SUBJECT_PATTERN.matcher(subject).matches()) {
        throw Problem.badRequest("Identificativo dell'operatore non valido.");
      }
      JsonObject body = OPERATOR.read(ctx);
      control.ask(body.put("type", "admin.operator").put("subject", subject)).onSuccess(ctx::json).onFailure(ctx::fail);
    });
    api.get("/calls/operator").handler(Access.requireAnyRole(Role.OPERATOR)).handler(ctx -> control
        .ask(new JsonObject().put("type", "operator.status").put("operator", Access.identity(ctx).subject()))
        .onSuccess(ctx::json).onFailure(ctx::fail));
    api.post("/calls/operator/:action").handler(Access.requireAnyRole(Role.OPERATOR)).handler(ctx -> {
      OperatorCommands.Command command = OperatorCommands.ALL.stream()
          .filter(c -> c.action().equals(ctx.pathParam("action")) && !c.action().equals("status")).findFirst()
          .orElseThrow(() -> Problem.notFound("Azione sconosciuta: login, pause, resume, logout, wrapped o answer."));
      JsonObject body = ctx.body().buffer() == null || ctx.body().buffer().length() == 0 ? new JsonObject()
          : command.schema().read(ctx);
      control.ask(command.request(Access.identity(ctx), command.schema().validate(body)))
          .onSuccess(ctx::json).onFailure(ctx::fail);
    });
    api.get("/calls/staffing").handler(Access.requireAnyRole(Role.SUPERVISOR)).handler(this::staffing);
    api.get("/calls/kpis/recomputed").handler(Access.requireAnyRole(Role.SUPERVISOR)).handler(this::recomputed);
  }

  private void read(RoutingContext ctx, String type) {
    control.ask(new JsonObject().put("type", type)).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void staffing(RoutingContext ctx) {
    double arrivalsPerHour = number(ctx, "arrivalsPerHour", null, 0, 1_000_000);
    double handleSeconds = number(ctx, "handleSeconds", null, 1, 36_000);
    double threshold = number(ctx, "thresholdSeconds", 20.0, 0, 3_600);
    double target = number(ctx, "targetPercent", 80.0, 1, 99);
    ErlangC.Staffing s;
    try {
      s = ErlangC.staffing(arrivalsPerHour / 3600, handleSeconds, threshold, target / 100);
    } catch (IllegalArgumentException e) {
      throw new Problem(422, "staffing-out-of-range", "Calcolo impossibile", e.getMessage());
    }
    ErlangC.Prediction p = s.prediction();
    JsonArray around = new JsonArray();
    for (int n = Math.max(1, s.agents() - 2); n <= s.agents() + 2; n++) {
      ErlangC.Prediction q = ErlangC.predict(arrivalsPerHour / 3600, handleSeconds, n, threshold);
      around.add(new JsonObject().put("agents", n).put("serviceLevel", finite(q.serviceLevel()))
          .put("asaSeconds", finite(q.asaSeconds())).put("occupancy", finite(q.occupancy())));
    }
    ctx.json(new JsonObject().put("agents", s.agents()).put("traffic", p.traffic())
        .put("probabilityOfWaiting", p.probabilityOfWaiting()).put("asaSeconds", p.asaSeconds())
        .put("serviceLevel", p.serviceLevel()).put("occupancy", p.occupancy()).put("table", around));
  }

  private void recomputed(RoutingContext ctx) {
    LocalDate day;
    try {
      day = ctx.queryParams().contains("day") ? LocalDate.parse(ctx.queryParam("day").get(0))
          : LocalDate.now(BusinessHours.ROME);
    } catch (DateTimeParseException e) {
      throw Problem.badRequest("Giorno non valido: usa AAAA-MM-GG.");
    }
    java.time.Instant from = day.atStartOfDay(BusinessHours.ROME).toInstant();
    java.time.Instant to = day.plusDays(1).atStartOfDay(BusinessHours.ROME).toInstant();
    control.ask(new JsonObject().put("type", "read.queues"))
        .compose(queues -> repository.logSince(from).map(log -> {
          java.util.Map<String, Integer> thresholds = new java.util.HashMap<>();
          queues.getJsonArray("items").forEach(q -> thresholds.put(((JsonObject) q).getString("id"),
              ((JsonObject) q).getJsonObject("serviceLevel").getInteger("seconds")));
          Kpis kpis = new Kpis(id -> thresholds.getOrDefault(id, 20));
          for (LogEntry e : log) {
            if (e.at().isBefore(to)) {
              kpis.apply(e);
            }
          }
          return KpiJson.of(kpis).put("day", day.toString());
        }))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static double number(RoutingContext ctx, String name, Double fallback, double min, double max) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      if (fallback == null) {
        throw Problem.badRequest("Manca il parametro " + name + ".");
      }
      return fallback;
    }
    try {
      double v = Double.parseDouble(values.get(0));
      if (v < min || v > max || Double.isNaN(v)) {
        throw Problem.badRequest(name + " deve essere tra " + min + " e " + max + ".");
      }
      return v;
    } catch (NumberFormatException e) {
      throw Problem.badRequest(name + " deve essere un numero.");
    }
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
