package coop.sportello.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.EnumSet;
import java.util.List;

/**
 * Issues Sportello's ES256 access tokens and turns any presented token into an {@link Identity}:
 * first as one of ours (issuer, audience, signature, expiry), then, when configured, as a
 * citizen token of an external OIDC issuer.
 */
public final class TokenService {

  public static final String ALGORITHM = "ES256";

  private final JWTAuth local;
  private final String issuer;
  private final String audience;
  private final int accessTokenSeconds;
  private final OidcVerifier oidc;
  private final RevokedSessions revokedSessions;

  public TokenService(Vertx vertx, SigningKeys keys, String issuer, String audience, int accessTokenSeconds,
                      OidcVerifier oidc, RevokedSessions revokedSessions) {
    this.issuer = issuer;
    this.audience = audience;
    this.accessTokenSeconds = accessTokenSeconds;
    this.oidc = oidc;
    this.revokedSessions = revokedSessions;
    this.local = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.privateKeyPem()))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.publicKeyPem()))
        .setJWTOptions(new JWTOptions().setIssuer(issuer).setAudience(List.of(audience))));
  }

  public boolean isSessionRevoked(String sessionId) {
    return revokedSessions.isRevoked(sessionId);
  }

  public int accessTokenSeconds() {
    return accessTokenSeconds;
  }

  public String issue(Identity identity) {
    JsonObject claims = identity.toJson();
    claims.remove("sub");
    return local.generateToken(claims, new JWTOptions()
        .setAlgorithm(ALGORITHM)
        .setSubject(identity.subject())
        .setIssuer(issuer)
        .setAudience(List.of(audience))
        .setExpiresInSeconds(accessTokenSeconds));
  }

  /** The verified identity, or a failed future for any token that is not valid right now. */
  public Future<Identity> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new InvalidToken("missing token"));
    }
    return local.authenticate(new TokenCredentials(token))
        .map(user -> Identity.fromJson(user.principal()))
        .compose(identity -> {
          if (identity.subject() == null || identity.roles().isEmpty()) {
            return Future.failedFuture(new InvalidToken("token without subject or roles"));
          }
          if (identity.sessionId() == null || revokedSessions.isRevoked(identity.sessionId())) {
            return Future.failedFuture(new InvalidToken("session revoked"));
          }
          return Future.succeededFuture(identity);
        })
        .recover(localFailure -> oidc.isConfigured()
            ? oidc.verify(token).map(TokenService::citizenFromOidc)
            : Future.failedFuture(new InvalidToken(localFailure.getMessage())));
  }

  /** An external identity provider vouches for who the person is, never for staff roles. */
  private static Identity citizenFromOidc(JsonObject claims) {
    String name = claims.getString("name",
        (claims.getString("given_name", "") + " " + claims.getString("family_name", "")).trim());
    return new Identity("oidc:" + claims.getString("sub"), EnumSet.of(Role.CITIZEN), null, name, null, null, null);
  }

  public static final class InvalidToken extends RuntimeException {
    public InvalidToken(String message) {
      super(message, null, false, false);
    }
  }
}
