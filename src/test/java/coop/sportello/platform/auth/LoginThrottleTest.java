package coop.sportello.platform.auth;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.Timings;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed sign-ins slow and shut out the source that fails, never the account's owner elsewhere,
 * and a name with an account is answered exactly like one without (OWASP ASVS V2.2). The test
 * client stands behind a trusted proxy (127.0.0.1) and says where each request comes from in
 * X-Forwarded-For. Limits here: 3 failures from a source at a name, 10 attempts per source, 6
 * failures at a name from everywhere.
 */
class LoginThrottleTest extends AppTestBase {

  private static final AtomicInteger NEXT_SOURCE = new AtomicInteger(1);

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("auth", new JsonObject()
        .put("trustedProxies", new JsonArray().add("127.0.0.1"))
        .put("sourceMaxFailures", 10)
        .put("nameMaxFailures", 6));
  }

  /** A source no other test uses: 198.51.100.x, then 198.51.101.x... */
  private static String newSource() {
    int n = NEXT_SOURCE.getAndIncrement();
    return "198.51." + (100 + n / 250) + "." + (n % 250 + 1);
  }

  private Future<HttpResponse<Buffer>> tryLogin(String source, String username, String password) {
    return http.client().post("/api/v1/auth/login").putHeader("X-Forwarded-For", source)
        .sendJsonObject(new JsonObject().put("username", username).put("password", password));
  }

  private HttpResponse<Buffer> login(String source, String username, String password) {
    return await(tryLogin(source, username, password));
  }

  private static String type(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("type");
  }

  @Test
  void anAttackerHammeringANameFromOneSourceDoesNotLockTheOwnerOutFromAnother() {
    await(TestAccounts.create(vertx, app.pool(), "vittima.uno", "citizen"));
    String attacker = newSource();
    for (int i = 0; i < 5; i++) {
      login(attacker, "vittima.uno", "indovino-" + i);
    }
    var stillLocked = login(attacker, "vittima.uno", TestAccounts.PASSWORD);
    assertEquals(429, stillLocked.statusCode(), "the attacker's source is locked out, even with the right password");
    assertEquals("/problems/login-locked", type(stillLocked));

    var owner = login(newSource(), "vittima.uno", TestAccounts.PASSWORD);
    assertEquals(200, owner.statusCode(), owner.bodyAsString());
  }

  @Test
  void aNameWithAnAccountIsAnsweredExactlyLikeOneWithout() {
    await(TestAccounts.create(vertx, app.pool(), "esiste.davvero", "citizen"));
    String disabled = await(TestAccounts.create(vertx, app.pool(), "disattivato", "citizen")).toString();
    await(app.pool().query("UPDATE accounts SET disabled_at = now() WHERE id = '" + disabled + "'").execute());

    List<String> known = answers("esiste.davvero", TestAccounts.PASSWORD);
    assertEquals(List.of(401, 401, 429, 429, 429, 429), known.stream().map(a -> Integer.parseInt(a.substring(0, 3))).toList(),
        String.join("\n", known));
    assertEquals(known, answers("non.esiste", TestAccounts.PASSWORD), "an unknown name");
    assertEquals(known, answers("disattivato", TestAccounts.PASSWORD), "a disabled account, even with its password");
  }

  /**
   * Five wrong passwords and then the right one, from a source of their own: each answer's
   * status, problem body (without the path it was asked at) and whether Retry-After came.
   */
  private List<String> answers(String username, String rightPassword) {
    String source = newSource();
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      var answer = login(source, username, i < 5 ? "sbagliata-" + i : rightPassword);
      JsonObject body = answer.bodyAsJsonObject();
      body.remove("instance");
      answers.add(answer.statusCode() + " " + body.encode() + " retry-after:" + (answer.getHeader("Retry-After") != null));
    }
    return answers;
  }

  @Test
  void aNameWithAnAccountTakesAsLongToRefuseAsOneWithout() {
    List<List<Long>> known = Timings.assertAlike(7, round -> {
      String name = "tempi.noti." + round;
      await(TestAccounts.create(vertx, app.pool(), name, "citizen"));
      return threeWrongPasswords(name);
    }, round -> threeWrongPasswords("tempi.ignoti." + round), 250);
    assertTrue(Timings.median(known, 1) >= 400, "failures are slowed as they add up: " + known);
  }

  private Future<List<Long>> threeWrongPasswords(String username) {
    String source = newSource();
    return Timings.oneAfterAnother(3, n -> tryLogin(source, username, "sbagliata-" + n));
  }

  @Test
  void aSourceThatFailsTooOftenIsPausedAndOnlyThatSource() {
    await(TestAccounts.create(vertx, app.pool(), "collega.rete", "citizen"));
    String sprayer = newSource();
    for (int i = 0; i < 10; i++) {
      assertEquals(401, login(sprayer, "nome.a.caso." + i, "password123").statusCode());
    }
    var paused = login(sprayer, "collega.rete", TestAccounts.PASSWORD);
    assertEquals(429, paused.statusCode());
    assertEquals("/problems/login-paused", type(paused));
    assertEquals(200, login(newSource(), "collega.rete", TestAccounts.PASSWORD).statusCode(), "other sources are not affected");
  }

  @Test
  void aNameFailedAtFromManySourcesStillLetsItsOwnerInFromWhereTheyUsedIt() {
    await(TestAccounts.create(vertx, app.pool(), "bersaglio", "citizen"));
    String home = newSource();
    assertEquals(200, login(home, "bersaglio", TestAccounts.PASSWORD).statusCode());

    List<Integer> known = distributedAttack("bersaglio");
    assertEquals(List.of(429, 429), known, "past 6 failures from everywhere, new sources are refused unchecked");
    assertEquals(known, distributedAttack("bersaglio.ignoto"), "the same for a name without an account");
    assertEquals(200, login(home, "bersaglio", TestAccounts.PASSWORD).statusCode(), "the owner's usual source still gets in");
  }

  /** Three sources fail at the name three times each; then how a fresh source's wrong and right passwords are answered. */
  private List<Integer> distributedAttack(String username) {
    for (int s = 0; s < 3; s++) {
      String source = newSource();
      for (int i = 0; i < 3; i++) {
        login(source, username, "botnet-" + s + "-" + i);
      }
    }
    String fresh = newSource();
    return List.of(login(fresh, username, "ancora-una").statusCode(),
        login(newSource(), username, TestAccounts.PASSWORD).statusCode());
  }

  @Test
  void aSupervisorsUnlockForgetsTheFailuresFromEverySource() {
    String id = await(TestAccounts.create(vertx, app.pool(), "da.sbloccare", "citizen")).toString();
    await(TestAccounts.create(vertx, app.pool(), "capo.sblocchi", "supervisor"));
    String attacker = newSource();
    for (int i = 0; i < 3; i++) {
      login(attacker, "da.sbloccare", "no-" + i);
    }
    assertEquals(429, login(attacker, "da.sbloccare", TestAccounts.PASSWORD).statusCode());
    String supervisor = await(http.login("capo.sblocchi", TestAccounts.PASSWORD)).getString("accessToken");
    assertEquals(200, await(http.post("/api/v1/accounts/" + id + "/unlock", supervisor, new JsonObject())).statusCode());
    assertEquals(200, login(attacker, "da.sbloccare", TestAccounts.PASSWORD).statusCode());
  }
}
