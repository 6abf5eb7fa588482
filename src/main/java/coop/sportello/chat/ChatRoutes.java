package coop.sportello.chat;

import coop.sportello.platform.areas.Area;

import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BridgeRules;
import coop.sportello.platform.bridge.BusCommand;
import coop.sportello.platform.bridge.BusCommands;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Concern;
import coop.sportello.platform.http.ConcernCheck;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The chat's bridge rules and its few HTTP routes under /api/v1 (the conversation itself runs
 * over the bridge, see {@link ChatAddresses}):
 * <pre>
 *   GET /chat/conversations                     signed in, not a kiosk -> {conversations[]} as chat.list
 *   GET /chat/conversations/:id/transcript      who sees it, not a kiosk -> text/plain download of what the citizen saw
 *   GET /chat/canned-responses                  staff       -> {items[]} ready answers in Italian
 *   GET /chat/managers                          supervisor  -> {items[]} skills, cap, load, online
 *   PUT /chat/managers/:subject                 supervisor  {name, areas[], languages[], maxChats} -> the profile
 *   GET /chat/colleagues                        staff       -> {items[]} whom to transfer to (see {@link ChatDesk#colleagues})
 *   GET /chat/conversations/:id/citizen         its manager -> the citizen beside the chat (see {@link ChatDesk#citizen})
 * </pre>
 * Answers: 404 conversation-not-found (also for someone else's), 409 cap-below-load. And the chat's
 * access rule on every route that concerns a person ({@link ChatDesk#mayActFor}): a welfare manager
 * books for, and reads about, only the citizens of the conversations they handle.
 */
final class ChatRoutes implements ApiModule {

  private static final String SUBJECT = "[A-Za-z0-9:._@|-]{1,160}";
  private static final Pattern SUBJECT_PATTERN = Pattern.compile(SUBJECT);
  private static final JsonBody PROFILE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name","areas","languages"],
       "properties":{"name":{"type":"string","minLength":1,"maxLength":200},
                     "areas":{"type":"array","minItems":1,"uniqueItems":true,
                              "items":{"enum":%s}},
                     "languages":{"type":"array","minItems":1,"maxItems":10,"uniqueItems":true,
                                  "items":{"type":"string","pattern":"^[a-z]{2}$"}},
                     "maxChats":{"type":"integer","minimum":1,"maximum":20}}}""".formatted(Area.schemaEnum())));

  private final ChatService chat;
  private final ChatDesk desk;
  private final List<BusCommand> commands;

  /** @param commands the bridge commands, whose addresses and roles become the inbound rules */
  ChatRoutes(ChatService chat, ChatDesk desk, List<BusCommand> commands) {
    this.chat = chat;
    this.desk = desk;
    this.commands = List.copyOf(commands);
  }

  @Override
  public List<ConcernCheck> concernChecks() {
    return List.of(desk::mayActFor);
  }

  @Override
  public void registerBridgeRules(BridgeRules rules) {
    BusCommands.permit(rules, commands);
    // Re-checked for every message: a kiosk follows the inbox of the person identified at it only
    // while that kiosk session lives (everyone else, their own inbox, decided without a query).
    ChatCallers callers = chat.callers();
    rules.outboundRechecked(Pattern.quote(ChatAddresses.INBOX_PREFIX) + SUBJECT,
        (who, address, body) -> callers.mayFollowInbox(who, address.substring(ChatAddresses.INBOX_PREFIX.length())));
    rules.outbound(Pattern.quote(ChatAddresses.SUPERVISION),
        (who, address, body) -> Future.succeededFuture(who.hasRole(Role.SUPERVISOR)));
    rules.outbound(Pattern.quote(ChatAddresses.QUEUE),
        (who, address, body) -> Future.succeededFuture(who.hasAnyRole(ChatCommands.STAFF)));
  }

  @Override
  public void mount(ApiRoutes routes) {
    // A kiosk lists over the bridge, naming the kiosk session of the person it acts for (ChatCallers).
    routes.get("/chat/conversations", Rule.people()).summary("Le conversazioni di chi chiama (come chat.list)")
        .handler(ctx -> answer(ctx, chat.list(Access.identity(ctx))));
    // A kiosk reads no conversation: the ones started there are other people's.
    routes.get("/chat/conversations/:id/transcript", Rule.people().concerning(Concern.conversation("id")))
        .summary("Il testo di quello che il cittadino ha visto della conversazione").produces("text/plain")
        .handler(ctx -> chat.transcript(Access.identity(ctx), ApiRoutes.id(ctx, "id"))
            .onSuccess(text -> ctx.response()
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"conversazione-sportello.txt\"")
                .putHeader("Cache-Control", "no-store")
                .end(text))
            .onFailure(ctx::fail));
    routes.get("/chat/canned-responses", Rule.roles(Role.WELFARE_MANAGER, Role.SUPERVISOR))
        .summary("Le risposte pronte per il personale").handler(ctx -> answer(ctx, chat.cannedResponses()));
    routes.get("/chat/conversations/:id/citizen", Rule.roles(Role.WELFARE_MANAGER).concerning(Concern.conversation("id")))
        .summary("Il cittadino della conversazione: comune, azienda, prossime prenotazioni")
        .handler(ctx -> answer(ctx, desk.citizen(Access.identity(ctx), ApiRoutes.id(ctx, "id"))));
    routes.get("/chat/colleagues", Rule.roles(Role.WELFARE_MANAGER, Role.SUPERVISOR))
        .summary("I colleghi a cui trasferire: presenza, carico, argomenti")
        .handler(ctx -> answer(ctx, desk.colleagues(Access.identity(ctx))));
    routes.get("/chat/managers", Rule.roles(Role.SUPERVISOR))
        .summary("I welfare manager: argomenti, lingue, massimo, carico, presenza").handler(ctx -> answer(ctx, chat.managers()));
    routes.put("/chat/managers/:subject", Rule.roles(Role.SUPERVISOR))
        .summary("Imposta il profilo di un welfare manager").body(PROFILE).handler(ctx -> {
          String subject = ctx.pathParam("subject");
          if (!SUBJECT_PATTERN.matcher(subject).matches()) {
            throw Problem.badRequest("Identificativo del welfare manager non valido.");
          }
          JsonObject body = ApiRoutes.body(ctx);
          answer(ctx, chat.setProfile(subject, body.getString("name"), strings(body.getJsonArray("areas")),
              strings(body.getJsonArray("languages")), body.getInteger("maxChats")));
        });
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String::valueOf).toList();
  }
}
