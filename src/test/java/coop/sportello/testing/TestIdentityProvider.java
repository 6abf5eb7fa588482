package coop.sportello.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real OpenID Connect provider for the tests (NAV's mock-oauth2-server): discovery, JWKS,
 * authorization endpoint (without a login page: it answers at once), token endpoint checking
 * PKCE. {@link #nextSignIn} says who the next person to sign in is, with the claims a SPID or
 * CIE gateway would put in the ID token.
 */
public final class TestIdentityProvider implements AutoCloseable {

  public static final String ISSUER_ID = "spid-cie";
  public static final String CLIENT_ID = "sportello";

  private final Vertx vertx = Vertx.vertx();
  private final Queue<JsonObject> forged = new ConcurrentLinkedQueue<>();
  private final Queue<String> clientAuthentications = new ConcurrentLinkedQueue<>();
  private final HttpServer tokenRelay;
  private final KeyProvider keys = new KeyProvider();
  private final MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
      new OAuth2TokenProvider(keys), Set.of(), new MockWebServerWrapper(null)));

  public TestIdentityProvider() {
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    tokenRelay = relay();
  }

  public MockOAuth2Server server() {
    return server;
  }

  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /**
   * The {@code auth.oidc} section pointing Sportello (which will listen on {@code appPort}) at this
   * provider: one issuer for both, told apart by {@code kc_idp_hint}, as Keycloak brokering SPID and CIE would be.
   * The token relay records how Sportello authenticated at the token endpoint ({@link #clientAuthentications}).
   */
  public JsonObject sportelloConfig(int appPort) {
    return new JsonObject()
        .put("redirectUri", "http://127.0.0.1:" + appPort + "/api/v1/auth/oidc/callback")
        .put("providers", new JsonArray().add("spid").add("cie"))
        .put("issuer", issuer())
        .put("clientId", CLIENT_ID)
        .put("clientSecret", "")
        .put("tokenEndpoint", "http://127.0.0.1:" + tokenRelay.actualPort() + "/token")
        // SPID as a confidential client (client_secret_basic), CIE as a public one (PKCE alone).
        .put("spid", new JsonObject().put("idpHint", "spid").put("clientSecret", "segreto-di-prova"))
        .put("cie", new JsonObject().put("idpHint", "cie"));
  }

  /** The next sign-in is {@code subject} with these claims in the ID token ({@code fiscalNumber}, names, {@code acr}). */
  public void nextSignIn(String subject, Map<String, Object> claims) {
    server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims, 3600));
  }

  /**
   * An ID token signed with this provider's own key (or, {@code stranger}, with a key of the same
   * name that its JWKS does not hold), for the claims given exactly: to check Sportello's refusals.
   */
  public String idToken(Map<String, Object> claims, boolean stranger) {
    try {
      RSAKey key = stranger ? new RSAKeyGenerator(2048).keyID(ISSUER_ID).generate() : keys.signingKey(ISSUER_ID).toRSAKey();
      JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
      claims.forEach(set::claim);
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ISSUER_ID).type(JOSEObjectType.JWT).build(),
          set.build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The token endpoint's next answer is this ID token, whatever the code: the one thing the real
   * provider will not do, as it signs only well-formed tokens. Sportello is pointed at a relay
   * before the provider's token endpoint ({@link #sportelloConfig}), which passes every other
   * exchange through untouched.
   */
  public void nextTokenResponse(String idToken) {
    forged.add(new JsonObject().put("access_token", "irrilevante").put("token_type", "Bearer").put("expires_in", 60)
        .put("id_token", idToken));
  }

  private HttpServer relay() {
    WebClient client = WebClient.create(vertx);
    return AppTestBase.await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      clientAuthentications.add(request.getHeader("Authorization") != null ? "basic"
          : body.toString().contains("client_id=") ? "public" : "none");
      JsonObject next = forged.poll();
      if (next != null) {
        request.response().putHeader("Content-Type", "application/json").end(next.encode());
        return;
      }
      var forward = client.postAbs(server.tokenEndpointUrl(ISSUER_ID).toString());
      request.headers().forEach((name, value) -> {
        if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
          forward.putHeader(name, value);
        }
      });
      forward.sendBuffer(body).onSuccess(answer -> request.response().setStatusCode(answer.statusCode())
              .putHeader("Content-Type", answer.getHeader("Content-Type")).end(answer.body()))
          .onFailure(e -> request.response().setStatusCode(502).end());
    })).listen(0, "127.0.0.1"));
  }

  /** How each code exchange so far authenticated Sportello: {@code basic} (client secret) or {@code public} (client id, PKCE). */
  public List<String> clientAuthentications() {
    return List.copyOf(clientAuthentications);
  }

  /** A port free now, for an application whose redirect URI must be known before it starts. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    AppTestBase.await(vertx.close());
  }
}
