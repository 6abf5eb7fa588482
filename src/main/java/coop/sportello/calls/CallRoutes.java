package coop.sportello.calls;

import coop.sportello.platform.domain.CalendarDate;

import coop.sportello.calls.OperatorCommands.Command;
import coop.sportello.chat.domain.BusinessHours;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BridgeRules;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.ConcernCheck;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The call queue's HTTP surface and bridge rules; each route calls one {@link CallService} method:
 * <pre>
 *   POST /telephony/events              PBX (signed)  one call event (see {@link CallAddresses})  -> the owner's reply
 *   GET  /telephony/calls/:call         PBX (signed)  position and estimated wait, for announcements
 *   GET  /calls/wall                    operator, supervisor  queues, KPIs, operators (as the calls.wall feed)
 *   GET  /calls/live                    operator, supervisor  calls in flight
 *   GET  /calls/queues                  operator, supervisor  queue settings
 *   PUT  /calls/queues/:queue           supervisor    create or change a queue
 *   PUT  /calls/operators/:subject      supervisor    {name, endpoint, skills[], queues[{queue, level}]}
 *   GET  /calls/operator                operator      my state, my queues, my call
 *   POST /calls/operator/&lt;command&gt;     operator      login | pause | resume | logout | wrapped | answer (as the bridge
 *                                                     commands; all from {@link OperatorCommands})
 *   GET  /calls/staffing                supervisor    Erlang C: ?arrivalsPerHour&handleSeconds&thresholdSeconds&targetPercent
 *   GET  /calls/kpis/recomputed         supervisor    ?day=YYYY-MM-DD: the day's KPIs folded again from the stored log
 *   POST /calls/:call/notes             operator      {notes} the notes on a call they answered, during it or in the
 *                                                     minutes after (Idempotency-Key) -> {callId, notes {text, by, at}}
 *   GET  /calls/history                 supervisor    ?day=YYYY-MM-DD: the day's calls with who answered and the notes
 * </pre>
 * And the call queue's access rule on routes that concern a person ({@link CallService#mayActFor}):
 * an operator reads about a person only while on a call with them and shortly after.
 * The PBX routes are open to the network and check the PBX's HMAC signature themselves
 * ({@link PbxSignature}): it covers the raw bytes, so the event is read and validated here. Path
 * parameters are queue slugs, PBX call ids and subjects, not UUIDs, and are named so.
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
         "from":{"type":"string","pattern":"^\\\\+?[0-9 ./()-]{3,40}$"},
         "number":{"type":"string","pattern":"^\\\\+?[0-9 ./()-]{3,40}$"},
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

  private static final JsonBody NOTES = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["notes"],
       "properties":{"notes":{"type":"string","minLength":1,"maxLength":2000,"pattern":"\\\\S"}}}"""));

  private final CallService calls;
  private final Supplier<String> webhookSecret;

  public CallRoutes(CallService calls, Supplier<String> webhookSecret) {
    this.calls = calls;
    this.webhookSecret = webhookSecret;
  }

  @Override
  public List<ConcernCheck> concernChecks() {
    return List.of(calls::mayActFor);
  }

  @Override
  public void registerBridgeRules(BridgeRules rules) {
    for (Command command : OperatorCommands.ALL) {
      rules.inbound(Pattern.quote(command.address()), (who, address, body) -> Future.succeededFuture(who.hasRole(Role.OPERATOR)));
    }
    rules.outbound(Pattern.quote(CallAddresses.OPERATOR_FEED_PREFIX) + SUBJECT, (who, address, body) -> Future.succeededFuture(
        who.hasRole(Role.OPERATOR) && address.equals(CallAddresses.operatorFeed(who.subject()))));
    rules.outbound(Pattern.quote(CallAddresses.WALL), (who, address, body) -> Future.succeededFuture(
        who.hasAnyRole(List.of(Role.OPERATOR, Role.SUPERVISOR))));
  }

  @Override
  public void mount(ApiRoutes routes) {
    Rule staff = Rule.roles(Role.OPERATOR, Role.SUPERVISOR);
    Rule supervisor = Rule.roles(Role.SUPERVISOR);
    Rule operator = Rule.roles(Role.OPERATOR);

    routes.post("/telephony/events", Rule.open()).summary("Un evento di chiamata dal centralino (firmato HMAC)")
        .handler(ctx -> answer(ctx, calls.pbxEvent(signedEvent(ctx))));
    routes.get("/telephony/calls/:call", Rule.open()).summary("Posizione e attesa stimata di una chiamata, per gli annunci (firmato HMAC)")
        .handler(ctx -> {
          verifiedBody(ctx);
          answer(ctx, calls.call(ctx.pathParam("call")));
        });

    routes.get("/calls/wall", staff).summary("Code, indicatori e operatori (come il canale calls.wall)")
        .handler(ctx -> answer(ctx, calls.wall()));
    routes.get("/calls/live", staff).summary("Le chiamate in corso").handler(ctx -> answer(ctx, calls.liveCalls()));
    routes.get("/calls/queues", staff).summary("Le impostazioni delle code").handler(ctx -> answer(ctx, calls.queues()));
    routes.put("/calls/queues/:queue", supervisor).summary("Crea o cambia una coda").body(QUEUE)
        .handler(ctx -> answer(ctx, calls.defineQueue(queue(ctx))));
    routes.put("/calls/operators/:subject", supervisor).summary("Nome, telefono, competenze e code di un operatore").body(OPERATOR)
        .handler(ctx -> {
          String subject = ctx.pathParam("subject");
          if (!SUBJECT_PATTERN.matcher(subject).matches()) {
            throw Problem.badRequest("Identificativo dell'operatore non valido.");
          }
          answer(ctx, calls.defineOperator(subject, ApiRoutes.body(ctx)));
        });

    for (Command command : Command.values()) {
      ApiRoutes.Declaring route = command == Command.STATUS ? routes.get(command.path(), operator)
          : routes.post(command.path(), operator).optionalBody(command.schema());
      // An empty body reads as {}, which must meet the command's schema too (a pause names its reason).
      route.summary(command.summary()).handler(ctx -> answer(ctx, calls.operatorCommand(Access.identity(ctx), command,
          command.schema().validate(command == Command.STATUS ? new JsonObject() : ApiRoutes.body(ctx)))));
    }

    routes.get("/calls/staffing", supervisor)
        .summary("Erlang C: gli operatori necessari per il livello di servizio, dati arrivi e durata")
        .handler(ctx -> ctx.json(calls.staffing(number(ctx, "arrivalsPerHour", null, 0, 1_000_000),
            number(ctx, "handleSeconds", null, 1, 36_000), number(ctx, "thresholdSeconds", 20.0, 0, 3_600),
            number(ctx, "targetPercent", 80.0, 1, 99))));
    routes.get("/calls/kpis/recomputed", supervisor).summary("Gli indicatori di un giorno, ricalcolati dal registro salvato")
        .handler(ctx -> answer(ctx, calls.recomputedKpis(day(ctx))));
    routes.get("/calls/history", supervisor).summary("Le chiamate di un giorno, con chi ha risposto e le note")
        .handler(ctx -> answer(ctx, calls.history(day(ctx))));
    // :call is the PBX's id of the call, not a UUID; an id no call of the operator has is a 404 like any other.
    routes.post("/calls/:call/notes", operator).summary("Le note dell'operatore sulla chiamata, durante o subito dopo")
        .body(NOTES).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, calls.saveNotes(who, ctx.pathParam("call"), body.getString("notes").strip(),
              Idempotency.key(ctx, who.subject(), body)));
        });
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** The PBX's event, once its signature checks out, validated against {@link #EVENT}. */
  private JsonObject signedEvent(RoutingContext ctx) {
    byte[] raw = verifiedBody(ctx);
    Object parsed;
    try {
      parsed = Buffer.buffer(raw).toJsonValue();
    } catch (DecodeException e) {
      throw Problem.badRequest("Il corpo della richiesta non è JSON valido.");
    }
    return EVENT.validate(parsed);
  }

  /** The raw body once its signature checks out (for a GET, the signed text is "<t>." and the path). */
  private byte[] verifiedBody(RoutingContext ctx) {
    String secret = webhookSecret.get();
    if (secret == null || secret.isEmpty()) {
      throw new Problem(503, "telephony-not-configured", "Centralino non configurato",
          "Imposta calls.webhook.secret (SPORTELLO_PBX_WEBHOOK_SECRET) per collegare un centralino.");
    }
    byte[] signed = "GET".equals(ctx.request().method().name())
        ? ctx.request().path().getBytes(StandardCharsets.UTF_8)
        : ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    PbxSignature.check(secret, ctx.request().getHeader(PbxSignature.HEADER), signed, System.currentTimeMillis() / 1000)
        .ifPresent(why -> {
          throw Problem.unauthorized("Richiesta del centralino rifiutata: " + why + ".");
        });
    return signed;
  }

  /** The queue's settings with its id, checked beyond what the schema can say. */
  private static JsonObject queue(RoutingContext ctx) {
    String id = ctx.pathParam("queue");
    if (!QUEUE_ID.matcher(id).matches()) {
      throw Problem.badRequest("Identificativo di coda non valido: minuscole, cifre e trattini, da 2 a 40.");
    }
    JsonObject queue = ApiRoutes.body(ctx).copy().put("id", id);
    try {
      BusinessHours.parse(queue.getJsonArray("businessHours", new JsonArray().add("MON-SUN 00:00-24:00"))
          .stream().map(String::valueOf).toList());
    } catch (IllegalArgumentException e) {
      throw Problem.validation("Orari non validi: scrivili come \"MON-FRI 08:30-18:30\".", new JsonArray()
          .add(new JsonObject().put("pointer", "/businessHours").put("detail", e.getMessage())));
    }
    return queue;
  }

  /** ?day=YYYY-MM-DD, today in Rome when absent. */
  private static LocalDate day(RoutingContext ctx) {
    if (!ctx.queryParams().contains("day")) {
      return LocalDate.now(BusinessHours.ROME);
    }
    return CalendarDate.parse(ctx.queryParam("day").get(0))
        .orElseThrow(() -> Problem.badRequest("Giorno non valido: usa AAAA-MM-GG."));
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
}
