package coop.sportello.calls;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a stranger, a citizen or another operator tries against the call queue, and what they get. */
class CallQueueAttackTest extends AppTestBase {

  private CallCenterFixture center;

  @Override
  protected JsonObject overrides() {
    return CallCenterFixture.alwaysOpen();
  }

  @BeforeAll
  void fixture() {
    center = new CallCenterFixture(vertx, app.pool(), http, app.port(), "attacco");
    center.queue("attacco", "longest_idle", new JsonObject());
  }

  private static JsonObject arrival(String callId) {
    return new JsonObject().put("eventId", UUID.randomUUID().toString()).put("type", "call.arrived").put("callId", callId)
        .put("queue", "attacco").put("from", "+393470000301");
  }

  @Test
  void webhooksWithoutAValidFreshSignatureChangeNothing() {
    String call = CallCenterFixture.callId();
    long now = System.currentTimeMillis() / 1000;
    HttpResponse<Buffer> unsigned = await(http.client().post("/api/v1/telephony/events")
        .putHeader("Content-Type", "application/json").sendJsonObject(arrival(call)));
    HttpResponse<Buffer> wrongSecret = center.pbx(arrival(call), "un-altro-segreto", now);
    HttpResponse<Buffer> stale = center.pbx(arrival(call), CallCenterFixture.SECRET, now - 600);
    for (HttpResponse<Buffer> r : List.of(unsigned, wrongSecret, stale)) {
      assertEquals(401, r.statusCode());
      assertEquals("application/problem+json", r.getHeader("Content-Type"));
    }
    // A body changed after signing does not pass either.
    Buffer signedBody = arrival(call).toBuffer();
    String signature = PbxSignature.sign(CallCenterFixture.SECRET, now, signedBody.getBytes());
    HttpResponse<Buffer> tampered = await(http.client().post("/api/v1/telephony/events")
        .putHeader("Content-Type", "application/json").putHeader(PbxSignature.HEADER, signature)
        .sendBuffer(arrival(call).put("priority", 9).toBuffer()));
    assertEquals(401, tampered.statusCode());
    assertEquals(0, center.queueOnWall("attacco").getInteger("waiting"));
  }

  @Test
  void textADatabaseCannotStoreIsRefusedAtTheEdgeAndCostsTheOwnerNothing() {
    // A NUL in a PBX event used to fail the distributor's group commit: it gave up ownership and
    // answered 503 to this and every retry.
    for (int retry = 0; retry < 3; retry++) {
      HttpResponse<Buffer> bad = center.pbx(arrival("a\u0000b"));
      assertEquals(400, bad.statusCode(), bad.bodyAsString());
      assertEquals("/problems/unstorable-text", bad.bodyAsJsonObject().getString("type"));
      assertEquals("/callId", bad.bodyAsJsonObject().getString("pointer"));
    }
    assertTrue(app.module(CallModule.class).ownsDistribution(), "the owner is still the owner");
    String call = CallCenterFixture.callId();
    assertEquals(200, center.pbx(arrival(call)).statusCode(), "and the next call is queued as usual");
    center.event("call.ended", call, new JsonObject());

    // The same at every door: a body, a query parameter, a lone surrogate.
    var login = await(http.client().post("/api/v1/auth/login").sendJsonObject(
        new JsonObject().put("username", "mario\u0000").put("password", "x")));
    assertEquals(400, login.statusCode(), login.bodyAsString());
    assertEquals("/problems/unstorable-text", login.bodyAsJsonObject().getString("type"));
    var search = await(http.get("/api/v1/services?q=asilo%00nido", null));
    assertEquals(400, search.statusCode(), search.bodyAsString());
    assertEquals("q", search.bodyAsJsonObject().getString("pointer"));
    var surrogate = await(http.client().post("/api/v1/auth/login").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"username\":\"\\ud800\",\"password\":\"x\"}")));
    assertEquals(400, surrogate.statusCode(), surrogate.bodyAsString());
  }

  @Test
  void badEventsAreExplainedAndStoreNothing() {
    HttpResponse<Buffer> noQueue = center.pbx(new JsonObject().put("eventId", "e1").put("type", "call.arrived").put("callId", "c1"));
    assertEquals(422, noQueue.statusCode());
    HttpResponse<Buffer> unknownQueue = center.pbx(arrival("c2").put("queue", "inesistente"));
    assertEquals(404, unknownQueue.statusCode());
    HttpResponse<Buffer> notJson = await(http.client().post("/api/v1/telephony/events").putHeader("Content-Type", "application/json")
        .putHeader(PbxSignature.HEADER, PbxSignature.sign(CallCenterFixture.SECRET, System.currentTimeMillis() / 1000,
            "{non json".getBytes())).sendBuffer(Buffer.buffer("{non json")));
    assertEquals(400, notJson.statusCode());
    HttpResponse<Buffer> answerUnknown = center.pbx(new JsonObject().put("eventId", "e3").put("type", "call.answered")
        .put("callId", "mai-arrivata").put("operator", "qualcuno"));
    assertEquals(404, answerUnknown.statusCode());
    assertEquals("application/problem+json", answerUnknown.getHeader("Content-Type"));
    long stored = await(app.pool().query("SELECT count(*) FROM calls WHERE id IN ('c1','c2','mai-arrivata')").execute())
        .iterator().next().getLong(0);
    assertEquals(0, stored);
  }

  @Test
  void anOperatorCannotTakeAnotherOperatorsCallNorReadTheirFeed() {
    CallCenterFixture.Operator mine = center.operator("attacco.anna", "attacco");
    CallCenterFixture.Operator other = center.operator("attacco.bruno", "attacco");
    mine.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "attacco", "+393470000302");
    waitFor(() -> !mine.offers().isEmpty(), "the offer to the operator logged in");

    // Bruno subscribes to Anna's feed: the bridge refuses, and no offer reaches him.
    long before = other.console().rejections();
    other.console().register(CallAddresses.operatorFeed(mine.subject()));
    waitFor(() -> other.console().rejections() == before + 1, "the bridge to refuse the subscription");
    assertTrue(other.console().received(CallAddresses.operatorFeed(mine.subject())).isEmpty());

    // Bruno answers Anna's call from his console: refused, the call still rings for Anna.
    BridgeClient.Failure refused = failure(() -> other.ask(CallAddresses.OPERATOR_ANSWER, new JsonObject().put("callId", call)));
    assertEquals(409, refused.status());
    // Claiming to be Anna in the body or the headers changes nothing: the operator is the token's.
    JsonObject spoofedHeaders = new JsonObject().put("x-sportello-identity", new JsonObject().put("sub", mine.subject())
        .put("roles", new io.vertx.core.json.JsonArray().add("operator")).encode());
    String reply = UUID.randomUUID().toString();
    other.console().send(CallAddresses.OPERATOR_ANSWER, new JsonObject().put("callId", call).put("operator", mine.subject()),
        spoofedHeaders, reply);
    waitFor(() -> other.console().frames().stream().anyMatch(f -> reply.equals(f.getString("address"))
        || "err".equals(f.getString("type")) && f.toString().contains("422")), "an answer to the spoofed frame");
    JsonObject status = mine.ask("calls.operator.status", new JsonObject());
    assertEquals("reserved", status.getJsonObject("operator").getString("state"));
    mine.ask(CallAddresses.OPERATOR_ANSWER, new JsonObject().put("callId", call));
    center.event("call.ended", call, new JsonObject());
  }

  @Test
  void nobodyReachesTheControlAddressOrThePbxCommandsThroughTheBridge() {
    CallCenterFixture.Operator op = center.operator("attacco.carla", "attacco");
    long before = op.console().rejections();
    op.console().send(CallAddresses.CONTROL, arrival(CallCenterFixture.callId()), null, UUID.randomUUID().toString());
    op.console().register(CallAddresses.PBX_COMMAND);
    waitFor(() -> op.console().rejections() == before + 2, "both frames refused");
  }

  @Test
  void citizensAreKeptOutOfTheConsoleAndTheWall() {
    await(TestAccounts.create(vertx, app.pool(), "attacco.cittadino", "citizen"));
    String token = await(http.accessToken("attacco.cittadino"));
    assertEquals(403, await(http.get("/api/v1/calls/wall", token)).statusCode());
    assertEquals(403, await(http.post("/api/v1/calls/operator/login", token, new JsonObject())).statusCode());
    String subject = await(http.get("/api/v1/me", token)).bodyAsJsonObject().getString("sub");
    String ticket = await(http.post("/api/v1/auth/bridge-ticket", token, new JsonObject())).bodyAsJsonObject().getString("ticket");
    BridgeClient console = await(BridgeClient.connect(vertx, app.port(), ticket));
    console.register(CallAddresses.operatorFeed(subject));
    console.register(CallAddresses.WALL);
    console.send(CallAddresses.OPERATOR_LOGIN, new JsonObject(), null, UUID.randomUUID().toString());
    waitFor(() -> console.rejections() == 3, "the feed, the wall and the login refused");
  }

  private static BridgeClient.Failure failure(Runnable action) {
    try {
      action.run();
    } catch (AssertionError e) {
      Throwable cause = e.getCause();
      while (cause != null && !(cause instanceof BridgeClient.Failure)) {
        cause = cause.getCause();
      }
      if (cause != null) {
        return (BridgeClient.Failure) cause;
      }
      throw e;
    }
    throw new AssertionError("expected a refusal");
  }
}
