package coop.sportello.platform.auth;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.TestApp;
import coop.sportello.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way of presenting a token that is not ours, not for us, or not valid any more, fails with 401. */
class TokenAttackTest extends AppTestBase {

  private String accountId;
  private String sessionId;

  @BeforeAll
  void createAccount() {
    accountId = await(TestAccounts.create(vertx, app.pool(), "mario.rossi", "citizen")).toString();
    JsonObject login = await(http.login("mario.rossi", TestAccounts.PASSWORD));
    sessionId = login.getJsonObject("identity").getString("sid");
  }

  private JsonObject validClaims() {
    return new JsonObject().put("roles", new JsonArray().add("supervisor")).put("name", "Intruso").put("sid", sessionId);
  }

  private static String sign(SigningKeys keys, JsonObject claims, JWTOptions options) {
    JWTAuth auth = JWTAuth.create(null, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(keys.privateKeyPem()))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(keys.publicKeyPem())));
    return auth.generateToken(claims, options.setAlgorithm("ES256"));
  }

  private JWTOptions ours() {
    return new JWTOptions().setIssuer("sportello").setAudience(List.of("sportello")).setSubject(accountId)
        .setExpiresInSeconds(300);
  }

  private int statusOfMe(String token) {
    return await(http.get("/api/v1/me", token)).statusCode();
  }

  @Test
  void aCorrectlySignedTokenIsAccepted() {
    assertEquals(200, statusOfMe(sign(TestApp.KEYS, validClaims(), ours())));
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRejected() throws Exception {
    assertEquals(401, statusOfMe(sign(SigningKeys.generate(), validClaims(), ours())));
  }

  @Test
  void anExpiredTokenIsRejected() {
    long past = System.currentTimeMillis() / 1000 - 120;
    JsonObject claims = validClaims().put("exp", past).put("iat", past - 600);
    String token = sign(TestApp.KEYS, claims,
        new JWTOptions().setIssuer("sportello").setAudience(List.of("sportello")).setSubject(accountId));
    assertEquals(401, statusOfMe(token));
  }

  @Test
  void anAcceptedTokenIsRefusedOnceItExpires() {
    long soon = System.currentTimeMillis() / 1000 + 2;
    String token = sign(TestApp.KEYS, validClaims().put("exp", soon),
        new JWTOptions().setIssuer("sportello").setAudience(List.of("sportello")).setSubject(accountId));
    assertEquals(200, statusOfMe(token));
    assertEquals(200, statusOfMe(token), "the second use comes from the cache of verified tokens");
    // Nothing to observe but the clock: wait until it is a second past the token's expiry.
    Waits.eventually("a second past the token's expiry").until(() -> System.currentTimeMillis() >= (soon + 1) * 1000);
    assertEquals(401, statusOfMe(token), "the cache never outlives the token's own expiry");
  }

  @Test
  void aTokenThatNeverExpiresIsRejectedEvenWithTheServersSignature() {
    assertEquals(401, statusOfMe(sign(TestApp.KEYS, validClaims(), ours().setExpiresInSeconds(0))));
  }

  @Test
  void aTokenWithTheServersSignatureButNoSuchSessionIsRejected() {
    assertEquals(401, statusOfMe(sign(TestApp.KEYS, validClaims().put("sid", UUID.randomUUID().toString()), ours())));
    assertEquals(401, statusOfMe(sign(TestApp.KEYS, validClaims().put("sid", "not-a-session"), ours())));
    JsonObject withoutSession = validClaims();
    withoutSession.remove("sid");
    assertEquals(401, statusOfMe(sign(TestApp.KEYS, withoutSession, ours())));
  }

  @Test
  void aTokenWithTheServersSignatureAndSomeoneElsesSessionIsRejected() {
    String otherId = await(TestAccounts.create(vertx, app.pool(), "luigi.verdi", "citizen")).toString();
    assertEquals(401, statusOfMe(sign(TestApp.KEYS, validClaims(), ours().setSubject(otherId))),
        "mario's live session does not vouch for luigi");
  }

  @Test
  void aTokenWithTheServersSignatureAndAnEndedSessionIsRejected() {
    await(TestAccounts.create(vertx, app.pool(), "anna.finita", "citizen"));
    JsonObject login = await(http.login("anna.finita", TestAccounts.PASSWORD));
    String ended = login.getJsonObject("identity").getString("sid");
    String subject = login.getJsonObject("identity").getString("sub");
    await(app.pool().query("UPDATE auth_sessions SET expires_at = now() - interval '1 minute' WHERE id = '" + ended + "'")
        .execute());
    assertEquals(401, statusOfMe(sign(TestApp.KEYS, validClaims().put("sid", ended), ours().setSubject(subject))));
  }

  @Test
  void aTokenWithTheServersSignatureButNoSuchSessionGetsNoBridgeTicket() {
    String forged = sign(TestApp.KEYS, validClaims().put("sid", UUID.randomUUID().toString()), ours());
    var ticket = await(http.post("/api/v1/auth/bridge-ticket", forged, new JsonObject()));
    assertEquals(401, ticket.statusCode());
    var real = await(http.post("/api/v1/auth/bridge-ticket", sign(TestApp.KEYS, validClaims(), ours()), new JsonObject()));
    assertEquals(200, real.statusCode(), "the same claims with the live session do get one");
  }

  @Test
  void aTokenForAnotherAudienceIsRejected() {
    JWTOptions options = ours().setAudience(List.of("another-service"));
    assertEquals(401, statusOfMe(sign(TestApp.KEYS, validClaims(), options)));
  }

  @Test
  void aTokenFromAnotherIssuerIsRejected() {
    assertEquals(401, statusOfMe(sign(TestApp.KEYS, validClaims(), ours().setIssuer("someone-else"))));
  }

  @Test
  void anUnsignedTokenIsRejected() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    JsonObject claims = validClaims().put("sub", accountId).put("iss", "sportello").put("aud", "sportello")
        .put("exp", System.currentTimeMillis() / 1000 + 300);
    String payload = b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    assertEquals(401, statusOfMe(header + "." + payload + "."));
  }

  @Test
  void aTokenWithARaisedRoleInItsPayloadIsRejected() {
    String token = await(http.accessToken("mario.rossi"));
    String[] parts = token.split("\\.");
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    payload.put("roles", new JsonArray().add("supervisor"));
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertEquals(401, statusOfMe(tampered));
  }

  @Test
  void garbageAndMissingTokensAreRejectedAsProblems() {
    var garbage = await(http.get("/api/v1/me", "not-a-jwt"));
    assertEquals(401, garbage.statusCode());
    assertEquals("application/problem+json", garbage.getHeader("Content-Type"));
    var missing = await(http.get("/api/v1/me", null));
    assertEquals(401, missing.statusCode());
    assertTrue(missing.bodyAsJsonObject().getString("type").endsWith("/unauthorized"));
  }
}
