package coop.sportello.platform.auth;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Password login, lock-out after repeated failures (config here: 3) of the source that failed,
 * refresh rotation and revocation. No trusted proxies here: every request comes from 127.0.0.1,
 * whatever X-Forwarded-For says. LoginThrottleTest has sources apart.
 */
class LoginTest extends AppTestBase {

  private int loginStatus(String username, String password) {
    return await(http.client().post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", username).put("password", password))).statusCode();
  }

  @Test
  void aCorrectPasswordGivesATokenPairAndAnIdentity() {
    await(TestAccounts.create(vertx, app.pool(), "giulia.bianchi", "operator"));
    JsonObject pair = await(http.login("Giulia.Bianchi", TestAccounts.PASSWORD));
    assertNotNull(pair.getString("accessToken"));
    assertNotNull(pair.getString("refreshToken"));
    assertEquals("Bearer", pair.getString("tokenType"));
    assertEquals("operator", pair.getJsonObject("identity").getJsonArray("roles").getString(0));
  }

  @Test
  void wrongPasswordsAreSlowedThenLockTheirSourceOutEvenForTheRightPassword() {
    await(TestAccounts.create(vertx, app.pool(), "luca.verdi", "citizen"));
    long start = System.nanoTime();
    assertEquals(401, loginStatus("luca.verdi", "sbagliata-1"));
    assertEquals(401, loginStatus("luca.verdi", "sbagliata-2"));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(elapsedMs >= 600, "two failures are delayed 200 + 400 ms, took " + elapsedMs);
    var third = await(http.client().post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", "luca.verdi").put("password", "sbagliata-3")));
    assertEquals(429, third.statusCode());
    assertEquals("/problems/login-locked", third.bodyAsJsonObject().getString("type"));
    assertNotNull(third.getHeader("Retry-After"));
    assertEquals(429, loginStatus("luca.verdi", TestAccounts.PASSWORD), "locked even with the right password");
  }

  @Test
  void parallelGuessesCannotExceedTheLimit() {
    await(TestAccounts.create(vertx, app.pool(), "anna.neri", "citizen"));
    List<Future<Integer>> attempts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      attempts.add(http.client().post("/api/v1/auth/login")
          .sendJsonObject(new JsonObject().put("username", "anna.neri").put("password", "tentativo-" + i))
          .map(r -> r.statusCode()));
    }
    List<Integer> statuses = await(Future.all(attempts)).list();
    long checked = statuses.stream().filter(s -> s == 401).count();
    assertTrue(checked <= 2, "at most maxFailedLogins - 1 plain failures, got " + statuses);
    assertEquals(429, loginStatus("anna.neri", TestAccounts.PASSWORD));
    assertEquals(10, statuses.stream().filter(s -> s == 429).count(), "the third checked failure locks: " + statuses);
  }

  @Test
  void aForwardedForHeaderFromAnUntrustedPeerChangesNothing() {
    await(TestAccounts.create(vertx, app.pool(), "elsa.rosa", "citizen"));
    for (int i = 0; i < 3; i++) {
      assertEquals(i < 2 ? 401 : 429, await(http.client().post("/api/v1/auth/login")
          .putHeader("X-Forwarded-For", "203.0.113." + i)
          .sendJsonObject(new JsonObject().put("username", "elsa.rosa").put("password", "no"))).statusCode());
    }
    var claimedElsewhere = await(http.client().post("/api/v1/auth/login").putHeader("X-Forwarded-For", "198.51.100.1")
        .sendJsonObject(new JsonObject().put("username", "elsa.rosa").put("password", TestAccounts.PASSWORD)));
    assertEquals(429, claimedElsewhere.statusCode(), "a header anyone can write does not make a new source");
  }

  @Test
  void aSupervisorUnlocksALockedAccount() {
    String id = await(TestAccounts.create(vertx, app.pool(), "paolo.gialli", "citizen")).toString();
    await(TestAccounts.create(vertx, app.pool(), "capo.turno", "supervisor"));
    for (int i = 0; i < 3; i++) {
      loginStatus("paolo.gialli", "no");
    }
    assertEquals(429, loginStatus("paolo.gialli", TestAccounts.PASSWORD));
    String supervisor = await(http.accessToken("capo.turno"));
    assertEquals(200, await(http.post("/api/v1/accounts/" + id + "/unlock", supervisor, new JsonObject())).statusCode());
    assertEquals(200, loginStatus("paolo.gialli", TestAccounts.PASSWORD));
  }

  @Test
  void unknownUsersGetTheSameAnswerAsWrongPasswords() {
    var response = await(http.client().post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", "nessuno").put("password", "x")));
    assertEquals(401, response.statusCode());
    assertEquals("/problems/invalid-credentials", response.bodyAsJsonObject().getString("type"));
  }

  @Test
  void refreshRotatesTheTokenAndAReusedTokenKillsTheSession() {
    await(TestAccounts.create(vertx, app.pool(), "sara.blu", "employee"));
    JsonObject first = await(http.login("sara.blu", TestAccounts.PASSWORD));
    var refreshed = await(http.client().post("/api/v1/auth/refresh")
        .sendJsonObject(new JsonObject().put("refreshToken", first.getString("refreshToken"))));
    assertEquals(200, refreshed.statusCode());
    JsonObject second = refreshed.bodyAsJsonObject();
    assertNotEquals(first.getString("refreshToken"), second.getString("refreshToken"));
    assertEquals(200, await(http.get("/api/v1/me", second.getString("accessToken"))).statusCode());

    var replay = await(http.client().post("/api/v1/auth/refresh")
        .sendJsonObject(new JsonObject().put("refreshToken", first.getString("refreshToken"))));
    assertEquals(401, replay.statusCode());
    var afterTheft = await(http.client().post("/api/v1/auth/refresh")
        .sendJsonObject(new JsonObject().put("refreshToken", second.getString("refreshToken"))));
    assertEquals(401, afterTheft.statusCode(), "the whole session is revoked once reuse is seen");
    assertEventually(() -> await(http.get("/api/v1/me", second.getString("accessToken"))).statusCode() == 401);
  }

  @Test
  void logoutRevokesTheAccessTokenAtOnce() {
    await(TestAccounts.create(vertx, app.pool(), "marco.viola", "welfare_manager"));
    JsonObject pair = await(http.login("marco.viola", TestAccounts.PASSWORD));
    String token = pair.getString("accessToken");
    assertEquals(204, await(http.post("/api/v1/auth/logout", token, new JsonObject())).statusCode());
    assertEventually(() -> await(http.get("/api/v1/me", token)).statusCode() == 401);
    assertEquals(401, await(http.client().post("/api/v1/auth/refresh")
        .sendJsonObject(new JsonObject().put("refreshToken", pair.getString("refreshToken")))).statusCode());
  }

  @Test
  void malformedLoginBodiesGetValidationProblems() {
    var response = await(http.client().post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", "x").put("extra", true)));
    assertEquals(422, response.statusCode());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    assertTrue(response.bodyAsJsonObject().getJsonArray("errors").size() > 0);
  }

  /** Revocations travel on the event bus: give them a moment. */
  static void assertEventually(java.util.function.BooleanSupplier condition) {
    Waits.eventually("the revocation to take effect").atMost(Duration.ofSeconds(5)).until(condition::getAsBoolean);
  }
}
