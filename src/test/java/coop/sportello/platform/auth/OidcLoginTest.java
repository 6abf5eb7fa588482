package coop.sportello.platform.auth;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A region's identity provider signs a citizen in: Sportello fetches its JWKS, accepts its tokens
 * as citizen identities, and still refuses wrong audiences and staff roles claimed by it.
 */
class OidcLoginTest extends AppTestBase {

  private static final String ISSUER = "https://idp.regione.example";
  private static final String KID = "regione-2026";
  private static SigningKeys idpKeys;
  private static HttpServer jwksServer;
  private static Vertx identityProvider;

  @AfterAll
  void stopIdentityProvider() {
    await(identityProvider.close());
  }

  @Override
  protected JsonObject overrides() {
    try {
      idpKeys = SigningKeys.generate();
      identityProvider = Vertx.vertx();
      JsonObject jwks = new JsonObject().put("keys", new JsonArray().add(jwk(idpKeys.publicKeyPem())));
      jwksServer = await(identityProvider.createHttpServer()
          .requestHandler(req -> req.response().putHeader("Content-Type", "application/json").end(jwks.encode()))
          .listen(0, "127.0.0.1"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new JsonObject().put("auth", new JsonObject().put("oidc", new JsonObject()
        .put("issuer", ISSUER)
        .put("jwksUri", "http://127.0.0.1:" + jwksServer.actualPort() + "/jwks.json")
        .put("audience", "sportello-portale")));
  }

  private static JsonObject jwk(String publicPem) throws Exception {
    String base64 = publicPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    return new JsonObject().put("kty", "EC").put("crv", "P-256").put("use", "sig").put("alg", "ES256").put("kid", KID)
        .put("x", coordinate(key.getW().getAffineX())).put("y", coordinate(key.getW().getAffineY()));
  }

  private static String coordinate(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }

  private static String idpToken(String audience, JsonObject extraClaims) {
    JWTAuth signer = JWTAuth.create(null, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setId(KID).setBuffer(idpKeys.privateKeyPem()))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setId(KID).setBuffer(idpKeys.publicKeyPem())));
    JsonObject claims = new JsonObject().put("name", "Maria Esposito").mergeIn(extraClaims);
    return signer.generateToken(claims, new JWTOptions().setAlgorithm("ES256").setIssuer(ISSUER)
        .setAudience(List.of(audience)).setSubject("RSSMRA80A41F205X").setExpiresInSeconds(300));
  }

  @Test
  void aCitizenSignedInByTheRegionIsACitizenHere() {
    var me = await(http.get("/api/v1/me", idpToken("sportello-portale", new JsonObject())));
    assertEquals(200, me.statusCode(), me.bodyAsString());
    assertEquals("oidc:RSSMRA80A41F205X", me.bodyAsJsonObject().getString("sub"));
    assertEquals(List.of("citizen"), me.bodyAsJsonObject().getJsonArray("roles").getList());
  }

  @Test
  void staffRolesClaimedByTheExternalProviderAreIgnored() {
    String token = idpToken("sportello-portale", new JsonObject().put("roles", new JsonArray().add("supervisor")));
    assertEquals(403, await(http.get("/api/v1/kiosk-devices", token)).statusCode());
  }

  @Test
  void externalTokensForAnotherAudienceAreRejected() {
    assertEquals(401, await(http.get("/api/v1/me", idpToken("altro-servizio", new JsonObject()))).statusCode());
  }

  @Test
  void tokensSignedByAnotherKeyClaimingTheIssuerAreRejected() throws Exception {
    SigningKeys real = idpKeys;
    idpKeys = SigningKeys.generate();
    try {
      assertEquals(401, await(http.get("/api/v1/me", idpToken("sportello-portale", new JsonObject()))).statusCode());
    } finally {
      idpKeys = real;
    }
  }
}
