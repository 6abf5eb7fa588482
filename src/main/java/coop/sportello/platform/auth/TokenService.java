package coop.sportello.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Issues Sportello's ES256 access tokens and turns a presented token into an {@link Identity}:
 * only tokens of ours (issuer, audience, signature, expiry, live session) are accepted. People who
 * sign in with SPID or CIE get one of ours too, after {@link OidcService} verified the provider's
 * ID token: an external token is never a bearer token here.
 *
 * <p>A token of ours must also name a session ({@code sid}) that PostgreSQL knows, live, and of
 * the token's subject: our signature alone is not enough (a key that leaked, or a token minted
 * outside a sign-in, opens nothing). That costs one primary-key lookup the first time a node sees
 * a token; the token, signature and session checked, is then remembered by its exact text until it
 * expires: the same bytes carry the same valid signature, and an ES256 check costs more CPU than
 * the rest of a typical request. Revocation is still checked on every use ({@link RevokedSessions}).
 */
public final class TokenService {

  public static final String ALGORITHM = "ES256";

  private final JWTAuth local;
  private final String issuer;
  private final String audience;
  private final int accessTokenSeconds;
  private final RevokedSessions revokedSessions;
  private final AuthRepository sessions;
  private final Cache<String, Verified> verified = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfter(Expiry.<String, Verified>creating((token, v) ->
          Duration.ofSeconds(Math.max(0, v.expiresAt() - Instant.now().getEpochSecond()))))
      .build();

  private record Verified(Identity identity, long expiresAt) { }

  public TokenService(Vertx vertx, SigningKeys keys, String issuer, String audience, int accessTokenSeconds,
                      RevokedSessions revokedSessions, AuthRepository sessions) {
    this.issuer = issuer;
    this.audience = audience;
    this.accessTokenSeconds = accessTokenSeconds;
    this.revokedSessions = revokedSessions;
    this.sessions = sessions;
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
    Verified known = verified.getIfPresent(token);
    if (known != null && known.expiresAt() > Instant.now().getEpochSecond()) {
      return unlessRevoked(known.identity());
    }
    return local.authenticate(new TokenCredentials(token))
        .compose(user -> {
          Identity identity = Identity.fromJson(user.principal());
          if (identity.subject() == null || identity.roles().isEmpty()) {
            return Future.failedFuture(new InvalidToken("token without subject or roles"));
          }
          if (user.attributes().getValue("exp") == null && user.principal().getValue("exp") == null) {
            // Sportello's tokens always expire; one that never would is not ours to honour.
            return Future.failedFuture(new InvalidToken("token without expiry"));
          }
          return ofLiveSession(identity).compose(live -> {
            verified.put(token, new Verified(live, user.attributes().getLong("exp", 0L)));
            return unlessRevoked(live);
          });
        })
        .recover(failure -> Future.failedFuture(failure instanceof InvalidToken ? failure : new InvalidToken(failure.getMessage())));
  }

  /** The identity, if its session exists, is live and is its subject's; a failed future otherwise. */
  private Future<Identity> ofLiveSession(Identity identity) {
    UUID sessionId;
    try {
      sessionId = UUID.fromString(identity.sessionId() == null ? "" : identity.sessionId());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new InvalidToken("token without a session"));
    }
    return sessions.liveSessionSubject(sessionId).compose(subject -> subject.filter(identity.subject()::equals).isPresent()
        ? Future.succeededFuture(identity)
        : Future.failedFuture(new InvalidToken("no such live session")));
  }

  private Future<Identity> unlessRevoked(Identity identity) {
    if (identity.sessionId() == null || revokedSessions.isRevoked(identity.sessionId())) {
      return Future.failedFuture(new InvalidToken("session revoked"));
    }
    return Future.succeededFuture(identity);
  }

  public static final class InvalidToken extends RuntimeException {
    public InvalidToken(String message) {
      super(message, null, false, false);
    }
  }
}
