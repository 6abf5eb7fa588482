package coop.sportello.chat;

import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BridgeRules;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.PathParams;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The chat's bridge rules and its few HTTP routes under /api/v1 (the conversation itself runs
 * over the bridge, see {@link ChatAddresses}):
 * <pre>
 *   GET /chat/conversations                     signed in   -> {conversations[]} as chat.list
 *   GET /chat/conversations/:id/transcript      who sees it -> text/plain download of what the citizen saw
 *   GET /chat/canned-responses                  staff       -> {items[]} ready answers in Italian
 *   GET /chat/managers                          supervisor  -> {items[]} skills, cap, load, online
 *   PUT /chat/managers/:subject                 supervisor  {name, areas[], languages[], maxChats} -> the profile
 * </pre>
 */
public final class ChatRoutes implements ApiModule {

  private static final String SUBJECT = "[A-Za-z0-9:._@|-]{1,160}";
  private static final Pattern SUBJECT_PATTERN = Pattern.compile(SUBJECT);
  private static final JsonBody PROFILE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name","areas","languages"],
       "properties":{"name":{"type":"string","minLength":1,"maxLength":200},
                     "areas":{"type":"array","minItems":1,"uniqueItems":true,
                              "items":{"enum":["education","childhood","elderly","work_life","health"]}},
                     "languages":{"type":"array","minItems":1,"maxItems":10,"uniqueItems":true,
                                  "items":{"type":"string","pattern":"^[a-z]{2}$"}},
                     "maxChats":{"type":"integer","minimum":1,"maximum":20}}}"""));

  private final ChatService chat;

  public ChatRoutes(ChatService chat) {
    this.chat = chat;
  }

  @Override
  public void registerBridgeRules(BridgeRules rules) {
    for (ChatCommands.Command command : ChatCommands.all(chat)) {
      Set<Role> roles = command.roles();
      rules.inbound(Pattern.quote(command.address()), (who, address, body) -> Future.succeededFuture(who.hasAnyRole(roles)));
    }
    rules.outbound(Pattern.quote(ChatAddresses.INBOX_PREFIX) + SUBJECT,
        (who, address, body) -> Future.succeededFuture(!who.isGuest() && address.equals(ChatAddresses.inbox(who.subject()))));
    rules.outbound(Pattern.quote(ChatAddresses.SUPERVISION),
        (who, address, body) -> Future.succeededFuture(who.hasRole(Role.SUPERVISOR)));
    rules.outbound(Pattern.quote(ChatAddresses.QUEUE),
        (who, address, body) -> Future.succeededFuture(who.hasAnyRole(ChatCommands.STAFF)));
  }

  @Override
  public void mountProtected(Router api) {
    api.get("/chat/conversations").handler(ctx -> chat.list(Access.identity(ctx))
        .onSuccess(ctx::json).onFailure(ctx::fail));
    api.get("/chat/conversations/:id/transcript").handler(ctx -> chat
        .transcript(Access.identity(ctx), PathParams.uuid(ctx, "id"))
        .onSuccess(text -> ctx.response()
            .putHeader("Content-Type", "text/plain; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"conversazione-sportello.txt\"")
            .putHeader("Cache-Control", "no-store")
            .end(text))
        .onFailure(ctx::fail));
    api.get("/chat/canned-responses").handler(Access.requireAnyRole(Role.WELFARE_MANAGER, Role.SUPERVISOR))
        .handler(ctx -> chat.repository().cannedResponses()
            .onSuccess(items -> ctx.json(new JsonObject().put("items", items))).onFailure(ctx::fail));
    api.get("/chat/managers").handler(Access.requireAnyRole(Role.SUPERVISOR))
        .handler(ctx -> chat.repository().managers(chat.settings().presenceSeconds())
            .onSuccess(items -> ctx.json(new JsonObject().put("items", new JsonArray(items)))).onFailure(ctx::fail));
    api.put("/chat/managers/:subject").handler(Access.requireAnyRole(Role.SUPERVISOR)).handler(ctx -> {
      String subject = ctx.pathParam("subject");
      if (!SUBJECT_PATTERN.matcher(subject).matches()) {
        ctx.fail(Problem.badRequest("Identificativo del welfare manager non valido."));
        return;
      }
      JsonObject body = PROFILE.read(ctx);
      chat.repository().setProfile(subject, body.getString("name"), strings(body.getJsonArray("areas")),
              strings(body.getJsonArray("languages")), body.getInteger("maxChats", 4))
          .onSuccess(profile -> ctx.json(profile.orElseThrow()))
          .onFailure(e -> ctx.fail(e instanceof io.vertx.pgclient.PgException pg && "23514".equals(pg.getSqlState())
              ? Problem.conflict("cap-below-load", "Ha già più conversazioni aperte del nuovo massimo: riprova quando ne avrà chiuse alcune.")
              : e));
    });
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String::valueOf).toList();
  }
}
