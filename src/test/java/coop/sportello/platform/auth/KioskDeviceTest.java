package coop.sportello.platform.auth;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A kiosk's long-lived device credential: issued once, retried safely, revocable with immediate effect. */
class KioskDeviceTest extends AppTestBase {

  private String supervisor;

  @BeforeAll
  void signIn() {
    await(TestAccounts.create(vertx, app.pool(), "responsabile.punti", "supervisor"));
    supervisor = await(http.accessToken("responsabile.punti"));
  }

  private int kioskLogin(String credential) {
    return await(http.client().post("/api/v1/auth/kiosk")
        .sendJsonObject(new JsonObject().put("credential", credential))).statusCode();
  }

  @Test
  void aRegisteredKioskSignsInAsKioskAndRevocationEndsItAtOnce() {
    JsonObject device = await(http.post("/api/v1/kiosk-devices", supervisor,
        new JsonObject().put("label", "Totem Social Point").put("location", "Piazzola sul Brenta, biblioteca")))
        .bodyAsJsonObject();
    var login = await(http.client().post("/api/v1/auth/kiosk")
        .sendJsonObject(new JsonObject().put("credential", device.getString("credential"))));
    assertEquals(200, login.statusCode());
    String kioskToken = login.bodyAsJsonObject().getString("accessToken");
    JsonObject me = await(http.get("/api/v1/me", kioskToken)).bodyAsJsonObject();
    assertEquals("kiosk", me.getJsonArray("roles").getString(0));
    assertEquals("kiosk:" + device.getString("id"), me.getString("sub"));

    assertEquals(200, await(http.post("/api/v1/kiosk-devices/" + device.getString("id") + "/revoke", supervisor,
        new JsonObject())).statusCode());
    LoginTest.assertEventually(() -> await(http.get("/api/v1/me", kioskToken)).statusCode() == 401);
    assertEquals(401, kioskLogin(device.getString("credential")));
  }

  @Test
  void retryingTheSameRegistrationReturnsTheFirstAnswerAndCreatesOneDevice() {
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("label", "Totem mensa").put("location", "Dalmine, mensa");
    var first = await(http.post("/api/v1/kiosk-devices", supervisor, body, key));
    var retry = await(http.post("/api/v1/kiosk-devices", supervisor, body, key));
    assertEquals(201, first.statusCode());
    assertEquals(201, retry.statusCode());
    assertEquals(first.bodyAsJsonObject(), retry.bodyAsJsonObject());
    long count = await(app.pool().query("SELECT count(*) FROM kiosk_devices WHERE label = 'Totem mensa'").execute())
        .iterator().next().getLong(0);
    assertEquals(1, count);

    var reused = await(http.post("/api/v1/kiosk-devices", supervisor, body.copy().put("label", "Altro"), key));
    assertEquals(422, reused.statusCode());
    assertEquals("/problems/idempotency-key-reused", reused.bodyAsJsonObject().getString("type"));
  }

  @Test
  void concurrentRetriesWithOneKeyCreateOneDeviceAndAllGetTheSameAnswer() {
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("label", "Totem concorrente").put("location", "Crema, municipio");
    java.util.List<io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> calls =
        new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(http.post("/api/v1/kiosk-devices", supervisor, body, key));
    }
    await(io.vertx.core.Future.all(calls));
    JsonObject first = calls.get(0).result().bodyAsJsonObject();
    for (var call : calls) {
      assertEquals(201, call.result().statusCode());
      assertEquals(first, call.result().bodyAsJsonObject());
    }
    assertEquals(1L, await(app.pool().query("SELECT count(*) FROM kiosk_devices WHERE label = 'Totem concorrente'")
        .execute()).iterator().next().getLong(0));
  }

  @Test
  void changesWithoutAnIdempotencyKeyAreRefused() {
    var response = await(http.client().post("/api/v1/kiosk-devices").bearerTokenAuthentication(supervisor)
        .sendJsonObject(new JsonObject().put("label", "Totem").put("location", "Cremona")));
    assertEquals(400, response.statusCode());
    assertEquals("/problems/idempotency-key-required", response.bodyAsJsonObject().getString("type"));
  }

  @Test
  void aWrongSecretForARealDeviceIsRefused() {
    JsonObject device = await(http.post("/api/v1/kiosk-devices", supervisor,
        new JsonObject().put("label", "Totem Modena").put("location", "Modena, portineria"))).bodyAsJsonObject();
    String credential = device.getString("credential");
    String forged = device.getString("id") + "." + Secrets.newSecret();
    assertNotEquals(credential, forged);
    assertEquals(401, kioskLogin(forged));
  }
}
