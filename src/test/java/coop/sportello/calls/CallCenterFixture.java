package coop.sportello.calls;

import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static coop.sportello.testing.AppTestBase.await;

/**
 * A contact center for tests: a supervisor who configures it, operators with a console socket,
 * a PBX that signs its webhooks, and a recorder of the commands Sportello sends to the PBX.
 */
public final class CallCenterFixture {

  public static final String SECRET = "segreto-del-centralino-di-prova";

  public record Operator(String username, String subject, String token, BridgeClient console) {

    public JsonObject ask(String address, JsonObject body) {
      return await(console.request(address, body));
    }

    public List<JsonObject> feed() {
      return console.received(CallAddresses.operatorFeed(subject));
    }

    public List<JsonObject> offers() {
      return feed().stream().filter(f -> "offer".equals(f.getString("kind"))).toList();
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Http http;
  private final int port;
  private final String supervisorToken;
  public final List<JsonObject> commands = new CopyOnWriteArrayList<>();

  public CallCenterFixture(Vertx vertx, Pool pool, Http http, int port, String prefix) {
    this.vertx = vertx;
    this.pool = pool;
    this.http = http;
    this.port = port;
    await(TestAccounts.create(vertx, pool, prefix + ".supervisore", "supervisor"));
    this.supervisorToken = await(http.accessToken(prefix + ".supervisore"));
    // Local, like the PBX adapters: on a clustered bus this records what the owner on this node sent.
    vertx.eventBus().<JsonObject>localConsumer(CallAddresses.PBX_COMMAND, msg -> commands.add(msg.body()));
  }

  public static JsonObject alwaysOpen() {
    return new JsonObject().put("calls", new JsonObject().put("webhook", new JsonObject().put("secret", SECRET))
        .put("tickMillis", 100));
  }

  public String supervisorToken() {
    return supervisorToken;
  }

  public HttpResponse<Buffer> put(String path, JsonObject body) {
    return await(http.client().put(path).bearerTokenAuthentication(supervisorToken).sendJsonObject(body));
  }

  /** A queue open round the clock with the given strategy; {@code extra} overrides any setting. */
  public void queue(String id, String strategy, JsonObject extra) {
    JsonObject body = new JsonObject().put("name", "Coda " + id).put("strategy", strategy)
        .put("businessHours", new JsonArray().add("MON-SUN 00:00-24:00")).put("wrapUpSeconds", 0).mergeIn(extra);
    HttpResponse<Buffer> r = put("/api/v1/calls/queues/" + id, body);
    if (r.statusCode() != 200) {
      throw new AssertionError("queue not saved: " + r.statusCode() + " " + r.bodyAsString());
    }
  }

  /** An operator account, its profile in the given queues (level 1) and a console socket on its feed. */
  public Operator operator(String username, String... queues) {
    String subject = await(TestAccounts.create(vertx, pool, username, "operator")).toString();
    JsonArray memberships = new JsonArray();
    for (String q : queues) {
      memberships.add(new JsonObject().put("queue", q).put("level", 1));
    }
    HttpResponse<Buffer> r = put("/api/v1/calls/operators/" + subject, new JsonObject().put("name", "Operatore " + username)
        .put("endpoint", "PJSIP/" + username.replace('.', '-')).put("skills", new JsonArray().add("it"))
        .put("queues", memberships));
    if (r.statusCode() != 200) {
      throw new AssertionError("operator not saved: " + r.bodyAsString());
    }
    String token = await(http.accessToken(username));
    return new Operator(username, subject, token, console(subject, token));
  }

  public BridgeClient console(String subject, String token) {
    String ticket = await(http.post("/api/v1/auth/bridge-ticket", token, new JsonObject())).bodyAsJsonObject().getString("ticket");
    BridgeClient client = await(BridgeClient.connect(vertx, port, ticket));
    client.register(CallAddresses.operatorFeed(subject));
    // Frames of one socket are handled in order: once this answers, the feed is registered.
    await(client.request("calls.operator.status", new JsonObject()).recover(e -> io.vertx.core.Future.succeededFuture()));
    return client;
  }

  /** A PBX webhook, signed with the shared secret. */
  public HttpResponse<Buffer> pbx(JsonObject event) {
    return pbx(event, SECRET, System.currentTimeMillis() / 1000);
  }

  public HttpResponse<Buffer> pbx(JsonObject event, String secret, long unixSeconds) {
    return signed(http, event, secret, unixSeconds);
  }

  /** A PBX webhook as a PBX sends it: the body signed with {@code secret} at {@code unixSeconds}. */
  public static HttpResponse<Buffer> signed(Http http, JsonObject event, String secret, long unixSeconds) {
    Buffer body = event.toBuffer();
    return await(http.client().post("/api/v1/telephony/events").putHeader("Content-Type", "application/json")
        .putHeader(PbxSignature.HEADER, PbxSignature.sign(secret, unixSeconds, body.getBytes())).sendBuffer(body));
  }

  public JsonObject arrive(String callId, String queue, String from) {
    HttpResponse<Buffer> r = pbx(new JsonObject().put("eventId", UUID.randomUUID().toString()).put("type", "call.arrived")
        .put("callId", callId).put("queue", queue).put("from", from));
    if (r.statusCode() != 200) {
      throw new AssertionError("arrival refused: " + r.statusCode() + " " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  public JsonObject event(String type, String callId, JsonObject extra) {
    HttpResponse<Buffer> r = pbx(new JsonObject().put("eventId", UUID.randomUUID().toString()).put("type", type)
        .put("callId", callId).mergeIn(extra));
    if (r.statusCode() != 200) {
      throw new AssertionError(type + " refused: " + r.statusCode() + " " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  public List<JsonObject> commands(String kind, String callId) {
    return commands.stream().filter(c -> kind.equals(c.getString("command")) && callId.equals(c.getString("callId"))).toList();
  }

  public JsonObject wall() {
    return await(http.get("/api/v1/calls/wall", supervisorToken)).bodyAsJsonObject();
  }

  public JsonObject queueOnWall(String id) {
    return wall().getJsonArray("queues").stream().map(JsonObject.class::cast)
        .filter(q -> id.equals(q.getString("id"))).findFirst().orElseThrow();
  }

  public static String callId() {
    return "call-" + UUID.randomUUID();
  }
}
