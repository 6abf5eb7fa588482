package coop.sportello.web;

import coop.sportello.calls.CallCenterFixture;
import coop.sportello.testing.Http;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The console tests' phone line: a call queue open all week with one operator in it, set up by a
 * supervisor through the API, and PBX events sent through the signed webhook (as CallCenterFixture
 * sends them).
 */
final class ContactCenter {

  private final Http http;
  private final String secret;

  ContactCenter(Http http, String secret) {
    this.http = http;
    this.secret = secret;
  }

  /** Queue {@code queue} ("longest idle", two minutes of wrap-up) with {@code operator} in it. */
  void queueWithOperator(String supervisorToken, String queue, String queueName, UUID operator, String operatorName) {
    put(supervisorToken, "/api/v1/calls/queues/" + queue, new JsonObject().put("name", queueName)
        .put("strategy", "longest_idle").put("businessHours", new JsonArray().add("MON-SUN 00:00-24:00"))
        .put("wrapUpSeconds", 120).put("ringSeconds", 60));
    put(supervisorToken, "/api/v1/calls/operators/" + operator, new JsonObject().put("name", operatorName)
        .put("endpoint", "PJSIP/" + queue).put("skills", new JsonArray().add("it"))
        .put("queues", new JsonArray().add(new JsonObject().put("queue", queue).put("level", 1))));
  }

  /** A call from {@code from} arrives in {@code queue}; answers its PBX id. */
  String arrives(String queue, String from) {
    String call = "call-" + UUID.randomUUID();
    pbx(new JsonObject().put("type", "call.arrived").put("callId", call).put("queue", queue).put("from", from));
    return call;
  }

  /** The caller hangs up. */
  void ends(String call) {
    pbx(new JsonObject().put("type", "call.ended").put("callId", call));
  }

  private void pbx(JsonObject event) {
    HttpResponse<Buffer> r = CallCenterFixture.signed(http, event.copy().put("eventId", UUID.randomUUID().toString()),
        secret, System.currentTimeMillis() / 1000);
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }

  private void put(String token, String path, JsonObject body) {
    HttpResponse<Buffer> r = await(http.client().put(path).bearerTokenAuthentication(token).sendJsonObject(body));
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }
}
