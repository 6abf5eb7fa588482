package coop.sportello.hostile;

import coop.sportello.calls.CallModule;
import coop.sportello.calls.PbxSignature;
import coop.sportello.catalog.CatalogAddresses;
import coop.sportello.demo.DemoData;
import coop.sportello.platform.Module;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BridgeRules;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Rule;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.Waits;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standing hostile-input suite. It walks the /api/v1 router and the bridge's inbound rules, so
 * a route or address added tomorrow is attacked too, and sends each the corpus of
 * {@link HostileCorpus}: in every body field of an otherwise valid body, as whole bodies, in path
 * parameters and in query parameters; on the bridge in every field of a valid command; and to the
 * PBX webhook as signed events. Every answer must be a success or a 4xx problem, never a 5xx, a
 * hang or a broken problem; afterwards the call distributor still owns its calls and the
 * availability feed still pushes. The counts go to target/hostile-input-report.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest extends AppTestBase {

  private static final String PBX_SECRET = "hostile-suite-pbx-secret-0123456789abcdef";
  private static final String KIOSK_BADGE = "BG-000117";
  /** Routes whose success would take the suite's own sign-ins away: attacked last. */
  private static final Pattern IDENTITY_ROUTES = Pattern.compile("/auth/|/kiosk/identify|/revoke|/unlock|/sessions/:id/end|/erasure");
  /** The order callers are tried in: the first role a route lets in calls it. */
  private static final List<Role> CALLERS = List.of(Role.CITIZEN, Role.EMPLOYEE, Role.OPERATOR, Role.WELFARE_MANAGER,
      Role.SUPERVISOR, Role.PROVIDER_ADMIN, Role.HR_ADMIN, Role.KIOSK, Role.PRIVACY_OFFICER, Role.MUNICIPAL_OFFICER);

  private final Tally rest = new Tally("REST");
  private final Tally bridge = new Tally("bridge");
  private final Tally pbx = new Tally("PBX webhook");

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("demoData", "on")
        .put("calls", new JsonObject().put("webhook", new JsonObject().put("secret", PBX_SECRET)));
  }

  @BeforeAll
  void demoSlotsExist() {
    Waits.eventually("the demo slots").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertTrue(count("SELECT count(DISTINCT service_id) FROM slots") >= 50));
  }

  @AfterAll
  void report() throws Exception {
    String text = String.join("\n", rest.line(), bridge.line(), pbx.line()) + "\n";
    System.out.print(text);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "hostile-input-report.txt"), text);
  }

  // ---------------------------------------------------------------- REST

  @Test
  @Order(1)
  void everyApiRouteAnswersHostileInputWithAProblemAndNeverA5xx() {
    JsonObject openApi = await(http.get("/api/v1/openapi.json", null)).bodyAsJsonObject().getJsonObject("paths");
    List<Route> routes = new ArrayList<>(ApiRoutes.router(vertx, app.modules().stream().map(Module::api).toList(),
        ctx -> ctx.next(), 65_536, 8_000).getRoutes().stream().filter(r -> r.getPath() != null && r.methods() != null).toList());
    routes.sort(Comparator.comparing(r -> IDENTITY_ROUTES.matcher(r.getPath()).find()));
    assertTrue(routes.size() > 60, "the walk finds the whole API: " + routes.size());
    String only = System.getProperty("hostile.only");
    for (Route route : routes) {
      if (only != null && List.of(only.split(",")).stream().noneMatch(route.getPath()::contains)) {
        continue; // -Dhostile.only=/provider/bookings,/confirm attacks only the routes whose path holds one of them
      }
      Rule rule = route.getMetadata(ApiRoutes.RULE);
      for (HttpMethod method : route.methods()) {
        attackRoute(method, route.getPath(), rule, openApi);
      }
    }
    rest.assertClean();
  }

  private void attackRoute(HttpMethod method, String path, Rule rule, JsonObject openApi) {
    Caller caller = rule.isOpen() ? Caller.NOBODY : signIn(CALLERS.stream().filter(r -> rule.lets(Set.of(r))).findFirst()
        .orElseThrow(() -> new AssertionError("no demo role may call " + path)));
    JsonObject schema = bodySchema(openApi, method, path);
    SchemaExample examples = new SchemaExample(field -> realValue(field, caller));
    String validBody = schema == null ? "{}" : ((JsonObject) examples.of(schema, null)).encode();
    String validPath = fillPath(path, caller, Map.of());
    String what = method + " " + path;

    // Every field of a valid body, one at a time, and fields nested one level down.
    if (schema != null) {
      JsonObject valid = new JsonObject(validBody);
      for (String field : valid.fieldNames()) {
        for (String value : HostileCorpus.fieldValues()) {
          send(what + " body." + field + " = " + shown(value), method, validPath, caller, replaceField(valid, field, value));
        }
      }
      for (String body : HostileCorpus.wholeBodies(validBody)) {
        send(what + " whole body", method, validPath, caller, body);
      }
    }
    // Every path parameter.
    for (String param : ApiPathParams.names(path)) {
      for (String segment : HostileCorpus.PATH_SEGMENTS) {
        send(what + " :" + param, method, fillPath(path, caller, Map.of(param, segment)), caller, validBody);
      }
    }
    // Query parameters, the ones routes read and one nobody reads.
    if (method == HttpMethod.GET) {
      for (String name : List.of("q", "municipality", "from", "to", "day", "area", "mode", "page", "size", "welfare",
          "arrivalsPerHour", "handleSeconds", "targetPercent", "thresholdSeconds", "unknown")) {
        for (String value : HostileCorpus.QUERY_VALUES) {
          send(what + " ?" + name, method, validPath + "?" + name + "=" + value, caller, null);
        }
      }
    }
  }

  private static String shown(String rawValue) {
    return rawValue.length() > 40 ? rawValue.substring(0, 40) + "…(" + rawValue.length() + ")" : rawValue;
  }

  private static String replaceField(JsonObject valid, String field, String rawValue) {
    StringBuilder body = new StringBuilder("{");
    for (String name : valid.fieldNames()) {
      if (body.length() > 1) {
        body.append(',');
      }
      body.append(HostileCorpus.jsonString(name)).append(':')
          .append(name.equals(field) ? rawValue : io.vertx.core.json.Json.encode(valid.getValue(name)));
    }
    return body.append('}').toString();
  }

  private void send(String what, HttpMethod method, String path, Caller caller, String body) {
    HttpRequest<Buffer> request = http.client().request(method, "/api/v1" + path)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString()).timeout(15_000);
    if (caller.token() != null) {
      request.bearerTokenAuthentication(caller.token());
    }
    HttpResponse<Buffer> response;
    try {
      response = body == null || method == HttpMethod.GET ? await(request.send())
          : await(request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body, "UTF-8")));
    } catch (AssertionError noAnswer) {
      rest.failed(what + ": no answer (" + noAnswer.getMessage() + ")");
      return;
    }
    rest.answered(what, response.statusCode(), response.getHeader("Content-Type"), response.bodyAsString());
  }

  private static JsonObject bodySchema(JsonObject openApi, HttpMethod method, String path) {
    JsonObject operation = openApi.getJsonObject(path.replaceAll(":([A-Za-z0-9]+)", "{$1}"), new JsonObject())
        .getJsonObject(method.name().toLowerCase(), new JsonObject());
    JsonObject content = operation.getJsonObject("requestBody", new JsonObject()).getJsonObject("content");
    return content == null ? null : content.getJsonObject("application/json", new JsonObject()).getJsonObject("schema");
  }

  /** The path with a real id (one of the caller's where it has one) in each parameter, unless given. */
  private String fillPath(String path, Caller caller, Map<String, String> given) {
    String filled = path;
    String[] segments = path.split("/");
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].startsWith(":")) {
        String name = segments[i].substring(1);
        String value = given.containsKey(name) ? given.get(name) : realPathValue(i > 0 ? segments[i - 1] : "", name, caller);
        filled = filled.replace(segments[i], value);
      }
    }
    return filled;
  }

  private String realPathValue(String collection, String name, Caller caller) {
    String sql = switch (collection) {
      case "bookings" -> "SELECT id::text FROM bookings ORDER BY (person = $1) DESC, (status = 'held') DESC LIMIT 1";
      case "services" -> "SELECT s.id::text FROM services s ORDER BY (s.provider_id = (SELECT provider_id FROM accounts WHERE id::text = $1)) DESC NULLS LAST LIMIT 1";
      case "resources" -> "SELECT r.id::text FROM resources r ORDER BY (r.provider_id = (SELECT provider_id FROM accounts WHERE id::text = $1)) DESC NULLS LAST LIMIT 1";
      case "rules" -> "SELECT id::text FROM schedule_rules WHERE $1 IS NOT NULL LIMIT 1";
      case "exceptions" -> "SELECT id::text FROM schedule_exceptions WHERE $1 IS NOT NULL LIMIT 1";
      case "closures" -> "SELECT id::text FROM closures WHERE $1 IS NOT NULL LIMIT 1";
      case "kiosk-devices" -> "SELECT id::text FROM kiosk_devices WHERE $1 IS NOT NULL LIMIT 1";
      case "accounts" -> "SELECT id::text FROM accounts WHERE id::text = $1";
      case "plans" -> "SELECT id::text FROM welfare_plans WHERE $1 IS NOT NULL LIMIT 1";
      case "sessions" -> "SELECT id::text FROM kiosk_sessions WHERE $1 IS NOT NULL ORDER BY started_at DESC LIMIT 1";
      case "waitlist" -> "SELECT id::text FROM waitlist_entries ORDER BY (person = $1) DESC LIMIT 1";
      case "conversations" -> "SELECT id::text FROM chat_conversations ORDER BY (owner = $1) DESC LIMIT 1";
      case "managers" -> "SELECT subject FROM chat_managers WHERE $1 IS NOT NULL LIMIT 1";
      case "operators" -> "SELECT subject FROM call_operators WHERE $1 IS NOT NULL LIMIT 1";
      case "queues" -> "SELECT id FROM call_queues WHERE $1 IS NOT NULL LIMIT 1";
      case "calls" -> "SELECT id FROM calls WHERE $1 IS NOT NULL LIMIT 1";
      default -> null;
    };
    String found = sql == null ? null : firstOrNull(sql, caller.subject() == null ? "" : caller.subject());
    if (found != null) {
      return found;
    }
    return ApiPathParams.isId(name) ? UUID.randomUUID().toString() : "sconosciuto";
  }

  /** A real value for a body field of that name, when the demo data has one. */
  private String realValue(String field, Caller caller) {
    String who = caller.subject() == null ? "" : caller.subject();
    String person = caller.person() == null ? "" : caller.person();
    return switch (field) {
      // A slot the person may book: online, or in-person where they live (in-person services are for residents).
      case "slotId" -> firstOrNull("SELECT sl.id::text FROM slots sl JOIN services sv ON sv.id = sl.service_id "
          + "WHERE sl.starts_at > now() + interval '3 days' AND sl.taken < sl.capacity AND (sv.delivery_mode = 'online' "
          + "OR EXISTS (SELECT 1 FROM service_municipalities sm JOIN accounts a ON a.municipality = sm.municipality "
          + "WHERE sm.service_id = sv.id AND a.id::text = $1)) ORDER BY sl.starts_at LIMIT 1", person);
      case "serviceId" -> firstOrNull("SELECT service_id::text FROM slots WHERE starts_at > now() + interval '3 days' "
          + "AND $1 IS NOT NULL LIMIT 1", who);
      case "resourceId" -> realPathValue("resources", field, caller);
      case "forPerson" -> caller.person();
      default -> null;
    };
  }

  // ---------------------------------------------------------------- bridge

  @Test
  @Order(2)
  void everyBridgeAddressAClientMayUseRefusesHostileInput() {
    BridgeRules rules = new BridgeRules();
    for (Module module : app.modules()) {
      ApiModule api = module.api();
      api.registerBridgeRules(rules);
    }
    List<String> inbound = rules.all().stream().filter(r -> r.direction() == BridgeRules.Direction.INBOUND)
        .map(r -> literal(r.address().pattern())).toList();
    assertEquals(Set.of(), difference(inbound, BridgeExamples.ADDRESSES),
        "every inbound bridge address needs a valid example in BridgeExamples");
    Map<Role, Caller> callers = new LinkedHashMap<>();
    for (Role role : CALLERS) {
      callers.put(role, signIn(role));
    }
    String conversation = startConversation(callers.get(Role.CITIZEN));
    for (String address : inbound) {
      if (!System.getProperty("hostile.only", address).contains(address)) {
        continue; // -Dhostile.only=chat.send,chat.start narrows a run while investigating
      }
      for (Role role : CALLERS) {
        Caller caller = callers.get(role);
        BridgeClient socket;
        try {
          socket = connect(caller);
        } catch (AssertionError refused) {
          bridge.failed(address + " as " + role.wireName() + ": could not connect: " + refused.getMessage());
          continue;
        }
        for (String field : BridgeExamples.valid(address, conversation).fieldNames()) {
          for (String value : HostileCorpus.fieldValues()) {
            socket = bridgeSend(socket, caller, address + " as " + role.wireName() + " body." + field + " = " + shown(value),
                address, replaceField(BridgeExamples.valid(address, conversation), field, value));
          }
        }
        for (String body : List.of("null", "[]", "\"text\"", "42", "{}")) {
          socket = bridgeSend(socket, caller, address + " as " + role.wireName() + " whole body", address, body);
        }
        await(socket.close());
      }
    }
    bridge.assertClean();
  }

  private String startConversation(Caller citizen) {
    BridgeClient socket = connect(citizen);
    JsonObject started = await(socket.request("chat.start", new JsonObject().put("clientId", UUID.randomUUID().toString())
        .put("topic", "childhood")));
    await(socket.close());
    return started.getJsonObject("conversation").getString("id");
  }

  /**
   * Sends one frame and waits for its answer: a reply, a refusal on the reply address, or the
   * bridge's refusal of the frame. A socket the bridge closes (a frame over its limit) is an
   * answer too, and the next frame goes on a new socket.
   */
  private BridgeClient bridgeSend(BridgeClient socket, Caller caller, String what, String address, String rawBody) {
    String replyAddress = UUID.randomUUID().toString();
    Promise<String> outcome = Promise.promise();
    BridgeClient watched = socket.onFrame(frame -> {
      if (replyAddress.equals(frame.getString("address"))) {
        outcome.tryComplete("err".equals(frame.getString("type")) ? "failure:" + frame.getInteger("failureCode", 0)
            + ":" + frame.getString("message") : "reply");
      } else if ("err".equals(frame.getString("type")) && frame.getString("address") == null) {
        outcome.tryComplete("rejected"); // the bridge refused the frame itself: "rejected", "invalid_json"...
      }
    });
    watched.sendRaw("{\"type\":\"send\",\"address\":" + HostileCorpus.jsonString(address) + ",\"replyAddress\":\""
        + replyAddress + "\",\"body\":" + rawBody + "}");
    try {
      Waits.eventually(what).atMost(Duration.ofSeconds(Integer.getInteger("hostile.bridgeWaitSeconds", 10))).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
          .until(() -> outcome.future().isComplete() || socket.closed());
    } catch (org.awaitility.core.ConditionTimeoutException noAnswer) {
      bridge.failed(what + ": no answer in time");
      return socket;
    }
    if (outcome.future().isComplete()) {
      bridge.bridgeAnswered(what, outcome.future().result());
      return socket;
    }
    if (rawBody.length() < 256 * 1024) {
      bridge.failed(what + ": the socket closed on a frame under the size limit: " + socket.closeReason());
    } else {
      bridge.closedSocket(what);
    }
    return connect(caller);
  }

  /**
   * A new socket for the caller, as a real client reconnects: up to three tries, because a
   * handshake on this loaded machine now and then meets a connection closed under it (seen once
   * in several runs, "Response head already sent" on the server; not yet explained).
   */
  private BridgeClient connect(Caller caller) {
    AssertionError last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        String ticket = caller.token() == null
            ? await(http.client().post("/api/v1/auth/bridge-ticket/guest").send()).bodyAsJsonObject().getString("ticket")
            : await(http.post("/api/v1/auth/bridge-ticket", caller.token(), new JsonObject())).bodyAsJsonObject().getString("ticket");
        return await(BridgeClient.connect(vertx, app.port(), ticket));
      } catch (AssertionError handshakeFailed) {
        last = handshakeFailed;
      }
    }
    throw last;
  }

  private static String literal(String pattern) {
    return pattern.replace("\\Q", "").replace("\\E", "").replace("\\.", ".");
  }

  private static Set<String> difference(List<String> all, Set<String> known) {
    Set<String> missing = new java.util.TreeSet<>(all);
    missing.removeAll(known);
    return missing;
  }

  // ---------------------------------------------------------------- PBX webhook

  @Test
  @Order(3)
  void thePbxWebhookRefusesHostileEventsAndTheDistributorKeepsItsCalls() {
    JsonObject valid = new JsonObject().put("eventId", "e").put("type", "call.arrived").put("callId", "c")
        .put("queue", aQueue()).put("from", "+393471234567").put("priority", 1);
    int n = 0;
    for (String field : valid.fieldNames()) {
      for (String value : HostileCorpus.fieldValues()) {
        JsonObject unique = valid.copy().put("eventId", "hostile-" + n).put("callId", "hostile-call-" + n++);
        pbxSend("body." + field, replaceField(unique, field, value));
      }
    }
    for (String body : HostileCorpus.wholeBodies(valid.encode())) {
      pbxSend("whole body", body);
    }
    pbx.assertClean();
    assertTrue(app.module(CallModule.class).ownsDistribution(), "the distributor still owns the calls");
  }

  private String aQueue() {
    return firstOrNull("SELECT id FROM call_queues WHERE $1 IS NOT NULL ORDER BY id LIMIT 1", "");
  }

  private void pbxSend(String what, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpResponse<Buffer> response = await(http.client().post("/api/v1/telephony/events").timeout(15_000)
        .putHeader("Content-Type", "application/json")
        .putHeader(PbxSignature.HEADER, PbxSignature.sign(PBX_SECRET, System.currentTimeMillis() / 1000, bytes))
        .sendBuffer(Buffer.buffer(bytes)));
    pbx.answered(what, response.statusCode(), response.getHeader("Content-Type"), response.bodyAsString());
  }

  // ---------------------------------------------------------------- still alive

  @Test
  @Order(4)
  void afterwardsTheCallsAreStillOwnedAndAvailabilityStillReachesScreens() {
    assertTrue(app.module(CallModule.class).ownsDistribution(), "call ownership survived");
    String arrived = new JsonObject().put("eventId", "alive-" + UUID.randomUUID()).put("type", "call.arrived")
        .put("callId", "alive-" + UUID.randomUUID()).put("queue", aQueue()).put("from", "+393471234567").encode();
    pbxSend("a valid call after the attack", arrived);
    assertTrue(pbx.lastStatus < 300, "a valid PBX event is still taken: " + pbx.lastStatus);

    Caller citizen = signIn(Role.CITIZEN);
    String slot = realValue("slotId", citizen);
    String service = firstOrNull("SELECT service_id::text FROM slots WHERE id::text = $1", slot);
    String guestTicket = await(http.client().post("/api/v1/auth/bridge-ticket/guest").send()).bodyAsJsonObject().getString("ticket");
    BridgeClient screen = await(BridgeClient.connect(vertx, app.port(), guestTicket));
    screen.register(CatalogAddresses.service(service)).handledForGuest();
    var hold = await(http.post("/api/v1/bookings/holds", citizen.token(), new JsonObject().put("slotId", slot)));
    assertEquals(201, hold.statusCode(), hold.bodyAsString());
    Waits.waitFor(() -> !screen.received(CatalogAddresses.service(service)).isEmpty(), "the availability push after the attack");
  }

  // ---------------------------------------------------------------- callers

  /** Who calls: a token, the subject it stands for, and the person it acts for (a kiosk's identified person). */
  record Caller(String token, String subject, String person) {
    static final Caller NOBODY = new Caller(null, null, null);
  }

  private final Map<Role, DemoData.DemoLogin> logins = new HashMap<>();

  private Caller signIn(Role role) {
    if (logins.isEmpty()) {
      app.demoLogins().forEach(l -> logins.put(Role.fromWire(l.role()).orElseThrow(), l));
    }
    DemoData.DemoLogin login = logins.get(role);
    if (role == Role.KIOSK) {
      var device = await(http.client().post("/api/v1/auth/kiosk").sendJsonObject(new JsonObject().put("credential", login.secret())));
      assertEquals(200, device.statusCode(), device.bodyAsString());
      String token = device.bodyAsJsonObject().getString("accessToken");
      var identified = await(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(token)
          .sendJsonObject(new JsonObject().put("badge", KIOSK_BADGE).put("pin", DemoData.DEMO_KIOSK_PIN)));
      assertEquals(200, identified.statusCode(), identified.bodyAsString());
      return new Caller(token, device.bodyAsJsonObject().getJsonObject("identity").getString("subject"),
          identified.bodyAsJsonObject().getJsonObject("person").getString("id"));
    }
    JsonObject pair = await(http.login(login.username(), login.secret()));
    String subject = pair.getJsonObject("identity").getString("subject");
    return new Caller(pair.getString("accessToken"), subject, subject);
  }

  private String firstOrNull(String sql, String parameter) {
    for (Row row : await(app.pool().preparedQuery(sql).execute(Tuple.of(parameter)))) {
      return row.getValue(0) == null ? null : String.valueOf(row.getValue(0));
    }
    return null;
  }

  private long count(String sql) {
    return await(app.pool().query(sql).execute()).iterator().next().getLong(0);
  }

  /** The path parameters of a Vert.x route path. */
  static final class ApiPathParams {
    private ApiPathParams() { }

    static List<String> names(String path) {
      List<String> names = new ArrayList<>();
      for (String segment : path.split("/")) {
        if (segment.startsWith(":")) {
          names.add(segment.substring(1));
        }
      }
      return names;
    }

    static boolean isId(String name) {
      return name.equals("id") || name.endsWith("Id");
    }
  }
}
