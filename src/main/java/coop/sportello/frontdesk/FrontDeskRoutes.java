package coop.sportello.frontdesk;

import coop.sportello.frontdesk.domain.Channel;
import coop.sportello.frontdesk.domain.Outcome;
import coop.sportello.platform.areas.Area;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.reporting.domain.ReportPeriod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * The front desk's outcomes under /api/v1:
 * <pre>
 *   GET /calls/:call/outcome                operator, supervisor   -> the form: recorded, bookings made during it, suggestion
 *   PUT /calls/:call/outcome                operator, supervisor   {topic, outcome, bookingId?}  Idempotency-Key
 *   GET /chat/conversations/:id/outcome     welfare manager, supervisor   -> the same for a conversation
 *   PUT /chat/conversations/:id/outcome     welfare manager, supervisor   {topic?, outcome, bookingId?}  Idempotency-Key
 *   GET /frontdesk/contacts?from&to         supervisor   -> {from, to, channels[], outcomes[]}
 * </pre>
 * An operator records only calls they answered, a manager only conversations they handle or had
 * when they closed; anyone else's contact is a 404 like an unknown one. {@code :call} is the PBX's
 * id of the call, not a UUID.
 */
final class FrontDeskRoutes implements ApiModule {

  private static final String OUTCOME_PROPERTIES = """
      "topic":{"type":"string","minLength":1,"maxLength":40},
      "outcome":{"enum":%s},
      "bookingId":{"type":["string","null"],"format":"uuid","pattern":"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}"""
      .formatted(new JsonArray(Outcome.wires()).encode());
  private static final JsonBody CALL_OUTCOME = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["topic","outcome"],"properties":{%s}}"""
      .formatted(OUTCOME_PROPERTIES)));
  private static final JsonBody CHAT_OUTCOME = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["outcome"],"properties":{%s}}"""
      .formatted(OUTCOME_PROPERTIES)));

  private final FrontDeskService frontDesk;

  FrontDeskRoutes(FrontDeskService frontDesk) {
    this.frontDesk = frontDesk;
  }

  @Override
  public void mount(ApiRoutes routes) {
    Rule calls = Rule.roles(Role.OPERATOR, Role.SUPERVISOR);
    Rule chats = Rule.roles(Role.WELFARE_MANAGER, Role.SUPERVISOR);
    routes.get("/calls/:call/outcome", calls)
        .summary("L'esito di una chiamata: quello registrato e le prenotazioni fatte durante la chiamata, da proporre")
        .handler(ctx -> frontDesk.form(Access.identity(ctx), Channel.CALL, ctx.pathParam("call"))
            .onSuccess(ctx::json).onFailure(ctx::fail));
    routes.put("/calls/:call/outcome", calls)
        .summary("Registra argomento ed esito di una chiamata a cui hai risposto (una nuova registrazione sostituisce la precedente)")
        .body(CALL_OUTCOME).idempotent().handler(ctx -> record(ctx, Channel.CALL, ctx.pathParam("call")));
    routes.get("/chat/conversations/:id/outcome", chats)
        .summary("L'esito di una conversazione: quello registrato, l'argomento e le prenotazioni fatte durante, da proporre")
        .handler(ctx -> frontDesk.form(Access.identity(ctx), Channel.CHAT, ApiRoutes.id(ctx, "id").toString())
            .onSuccess(ctx::json).onFailure(ctx::fail));
    routes.put("/chat/conversations/:id/outcome", chats)
        .summary("Registra argomento (quello della conversazione se manca) ed esito di una conversazione che hai seguito")
        .body(CHAT_OUTCOME).idempotent().handler(ctx -> record(ctx, Channel.CHAT, ApiRoutes.id(ctx, "id").toString()));
    routes.get("/frontdesk/contacts", Rule.roles(Role.SUPERVISOR))
        .summary("Chiamate e chat del periodo per canale, argomento ed esito (?from=AAAA-MM-GG&to=AAAA-MM-GG)")
        .handler(ctx -> {
          ReportPeriod.Result period = ReportPeriod.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
          if (period.refusal() != null) {
            throw Problem.of(period.refusal());
          }
          frontDesk.contacts(period.period()).onSuccess(ctx::json).onFailure(ctx::fail);
        });
  }

  private void record(RoutingContext ctx, Channel channel, String contactId) {
    Identity who = Access.identity(ctx);
    JsonObject body = ApiRoutes.body(ctx);
    String topic = body.getString("topic");
    if (topic != null && Area.fromCode(topic).isEmpty()) {
      throw new Problem(400, "unknown-topic", "Argomento sconosciuto",
          "L'argomento è uno di " + String.join(", ", Area.codes()) + ".");
    }
    String booking = body.getString("bookingId");
    Idempotency.answer(ctx, frontDesk.record(who, channel, contactId, topic, Outcome.fromWire(body.getString("outcome")).orElseThrow(),
        booking == null ? null : UUID.fromString(booking), Idempotency.key(ctx, who.subject(), body)));
  }
}
