package coop.sportello.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies tokens of a region's identity provider against the keys its JWKS document publishes,
 * refreshing them periodically so that the provider can rotate keys.
 */
public final class OidcVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(OidcVerifier.class);

  private final Vertx vertx;
  private final String issuer;
  private final String jwksUri;
  private final String audience;
  private final AtomicReference<JWTAuth> current = new AtomicReference<>();
  private WebClient client;
  private long refreshTimer = -1;

  private OidcVerifier(Vertx vertx, String issuer, String jwksUri, String audience) {
    this.vertx = vertx;
    this.issuer = issuer;
    this.jwksUri = jwksUri;
    this.audience = audience;
  }

  public static OidcVerifier disabled() {
    return new OidcVerifier(null, null, null, null);
  }

  /** Loads the JWKS once (failing start-up if it cannot), then refreshes it every {@code refreshMinutes}. */
  public static Future<OidcVerifier> start(Vertx vertx, JsonObject oidcConfig) {
    String issuer = oidcConfig.getString("issuer");
    String jwksUri = oidcConfig.getString("jwksUri", "");
    if (issuer.isBlank() || jwksUri.isBlank()) {
      return Future.succeededFuture(disabled());
    }
    OidcVerifier verifier = new OidcVerifier(vertx, issuer, jwksUri, oidcConfig.getString("audience", ""));
    verifier.client = WebClient.create(vertx);
    long refreshMs = Math.max(1, oidcConfig.getInteger("refreshMinutes")) * 60_000L;
    return verifier.reload().map(v -> {
      verifier.refreshTimer = vertx.setPeriodic(refreshMs, id -> verifier.reload()
          .onFailure(e -> LOG.warn("Could not refresh the OIDC keys from {}: {}", jwksUri, e.getMessage())));
      return verifier;
    });
  }

  public boolean isConfigured() {
    return issuer != null;
  }

  Future<Void> reload() {
    return client.getAbs(jwksUri).send().compose(response -> {
      if (response.statusCode() != 200) {
        return Future.failedFuture("JWKS answered " + response.statusCode());
      }
      JsonArray keys = response.bodyAsJsonObject().getJsonArray("keys", new JsonArray());
      List<JsonObject> usable = keys.stream()
          .filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
          .filter(k -> !"enc".equals(k.getString("use")))
          .toList();
      if (usable.isEmpty()) {
        return Future.failedFuture("JWKS at " + jwksUri + " has no signing keys");
      }
      JWTOptions expectations = new JWTOptions().setIssuer(issuer);
      if (!audience.isBlank()) {
        expectations.setAudience(List.of(audience));
      }
      current.set(JWTAuth.create(vertx, new JWTAuthOptions().setJwks(usable).setJWTOptions(expectations)));
      return Future.succeededFuture();
    });
  }

  public Future<JsonObject> verify(String token) {
    JWTAuth auth = current.get();
    if (auth == null) {
      return Future.failedFuture(new TokenService.InvalidToken("no OIDC keys loaded"));
    }
    return auth.authenticate(new TokenCredentials(token))
        .map(user -> user.principal())
        .recover(e -> Future.failedFuture(new TokenService.InvalidToken(e.getMessage())));
  }

  public void close() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    if (client != null) {
      client.close();
    }
  }
}
