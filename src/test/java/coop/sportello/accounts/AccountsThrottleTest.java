package coop.sportello.accounts;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.Timings;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sign-up, reset and verification requests are counted per address and per source before anyone
 * looks up the address, so an address with an account is answered exactly like one without: the
 * same statuses, bodies and Retry-After, in the same time. The test client stands behind a trusted
 * proxy and says where each request comes from. Limits here: 3 requests for an address from a
 * source, 10 from a source, 6 for an address from everywhere, per hour.
 */
class AccountsThrottleTest extends AppTestBase {

  private static final AtomicInteger NEXT_SOURCE = new AtomicInteger(1);
  private static final AtomicInteger NEXT_NAME = new AtomicInteger(1);

  @Override
  protected JsonObject overrides() {
    return new JsonObject()
        .put("auth", new JsonObject().put("trustedProxies", new JsonArray().add("127.0.0.1")))
        .put("accounts", new JsonObject().put("requestsPerAddressFromSource", 3).put("requestsPerSource", 10)
            .put("requestsPerAddress", 6));
  }

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
  }

  private static String newSource() {
    int n = NEXT_SOURCE.getAndIncrement();
    return "203.0." + (113 + n / 250) + "." + (n % 250 + 1);
  }

  /** An enabled account with a verified address; the address. */
  private String knownAddress() {
    String name = "noto" + NEXT_NAME.getAndIncrement();
    UUID id = await(TestAccounts.create(vertx, app.pool(), name, "citizen"));
    String email = name + "@esempio.it";
    await(app.pool().preparedQuery("UPDATE accounts SET email = $2, email_verified_at = now() WHERE id = $1")
        .execute(Tuple.of(id, email)));
    return email;
  }

  private static String unknownAddress() {
    return "ignoto" + NEXT_NAME.getAndIncrement() + "@esempio.it";
  }

  private Future<HttpResponse<Buffer>> request(String path, String source, JsonObject body) {
    return http.client().post(path).putHeader("X-Forwarded-For", source).sendJsonObject(body);
  }

  private Future<HttpResponse<Buffer>> signUp(String source, String email) {
    return request("/api/v1/accounts/sign-up", source, AccountsTest.signUpBody("Nome Cognome", email, null));
  }

  private Future<HttpResponse<Buffer>> reset(String source, String email) {
    return request("/api/v1/accounts/password-reset", source, new JsonObject().put("email", email));
  }

  private Future<HttpResponse<Buffer>> resend(String source, String email) {
    return request("/api/v1/accounts/verify-email/resend", source, new JsonObject().put("email", email));
  }

  /** Five requests for one address from a source of their own: status, body (without its path) and Retry-After of each. */
  private List<String> answers(Function<String, Future<HttpResponse<Buffer>>> ask) {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> answer = await(ask.apply(null));
      JsonObject body = answer.bodyAsJsonObject();
      body.remove("instance");
      answers.add(answer.statusCode() + " " + body.encode() + " retry-after:" + (answer.getHeader("Retry-After") != null));
    }
    return answers;
  }

  private void alike(String what, java.util.function.BiFunction<String, String, Future<HttpResponse<Buffer>>> ask) {
    String knownSource = newSource();
    String known = knownAddress();
    List<String> forKnown = answers(ignored -> ask.apply(knownSource, known));
    assertEquals(List.of(202, 202, 202, 429, 429), forKnown.stream().map(a -> Integer.parseInt(a.substring(0, 3))).toList(),
        what + ": " + String.join("\n", forKnown));
    String unknownSource = newSource();
    String unknown = unknownAddress();
    assertEquals(forKnown, answers(ignored -> ask.apply(unknownSource, unknown)), what + ": an address without an account");
  }

  @Test
  void aSignUpForAnAddressWithAnAccountIsAnsweredExactlyLikeOneWithout() {
    alike("sign-up", this::signUp);
  }

  @Test
  void aResetForAnAddressWithAnAccountIsAnsweredExactlyLikeOneWithout() {
    alike("reset", this::reset);
  }

  @Test
  void aNewVerificationLinkForAnAddressWithAnAccountIsAnsweredExactlyLikeOneWithout() {
    alike("verification", this::resend);
  }

  @Test
  void aSignUpForAnAddressWithAnAccountTakesAsLongAsOneWithout() {
    // The password is hashed (Argon2id, tens of milliseconds, more on a loaded machine) either way.
    Timings.assertAlike(9, round -> twice(this::signUp, knownAddress()), round -> twice(this::signUp, unknownAddress()), 200);
  }

  @Test
  void aResetForAnAddressWithAnAccountTakesAsLongAsOneWithout() {
    // One statement either way: it writes the link and the message, or nothing.
    Timings.assertAlike(9, round -> twice(this::reset, knownAddress()), round -> twice(this::reset, unknownAddress()), 50);
  }

  private Future<List<Long>> twice(java.util.function.BiFunction<String, String, Future<HttpResponse<Buffer>>> ask, String email) {
    String source = newSource();
    return Timings.oneAfterAnother(2, n -> ask.apply(source, email).map(answer -> {
      assertEquals(202, answer.statusCode(), answer.bodyAsString());
      return answer;
    }));
  }

  @Test
  void aSourceAskingForManyAddressesIsPausedAndOnlyThatSource() {
    String sprayer = newSource();
    for (int i = 0; i < 10; i++) {
      assertEquals(202, await(reset(sprayer, unknownAddress())).statusCode());
    }
    HttpResponse<Buffer> paused = await(reset(sprayer, knownAddress()));
    assertEquals(429, paused.statusCode());
    assertEquals("/problems/requests-paused", paused.bodyAsJsonObject().getString("type"));
    assertEquals(202, await(reset(newSource(), knownAddress())).statusCode(), "other sources are not affected");
  }

  @Test
  void anAddressAskedForFromManySourcesIsPausedAlike() {
    String known = knownAddress();
    String unknown = unknownAddress();
    for (int s = 0; s < 2; s++) {
      String source = newSource();
      for (int i = 0; i < 3; i++) {
        await(reset(source, known));
        await(reset(source, unknown));
      }
    }
    assertEquals(429, await(reset(newSource(), known)).statusCode(), "past 6 requests for an address from everywhere");
    assertEquals(429, await(reset(newSource(), unknown)).statusCode(), "the same for an address without an account");
  }

  @Test
  void guessingLinksFromOneSourceIsPaused() {
    String guesser = newSource();
    for (int i = 0; i < 10; i++) {
      HttpResponse<Buffer> wrong = await(request("/api/v1/accounts/verify-email", guesser,
          new JsonObject().put("token", "indovinato-" + i + "-abcdefghijklmnopqrstuvwxyz")));
      assertEquals(400, wrong.statusCode());
    }
    assertEquals(429, await(request("/api/v1/accounts/verify-email", guesser,
        new JsonObject().put("token", "ancora-uno-abcdefghijklmnopqrstuvwxyz"))).statusCode());
  }
}
