package coop.sportello.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One OpenID Connect provider as Sportello talks to it: its endpoints (from discovery, or as
 * configured), the keys of its JWKS (refreshed every {@code refreshMinutes}, so the provider may
 * rotate them), the authorization request, the code exchange and the ID token's verification.
 *
 * <p>Nothing here fails start-up: a provider that cannot be reached is tried again when someone
 * next presses its button, and until then that button answers 503.
 */
final class OidcProvider {

  private static final Logger LOG = LoggerFactory.getLogger(OidcProvider.class);

  /** What discovery (or the configuration) says, and a verifier holding the JWKS's signing keys. */
  private record Metadata(String authorizationEndpoint, String tokenEndpoint, JWTAuth verifier) { }

  /** The ID token did not pass a check; {@code reason} is for the log, never shown. */
  static final class Rejected extends RuntimeException {
    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Vertx vertx;
  private final WebClient client;
  private final OidcSettings.Provider settings;
  private final int timeoutMillis;
  private volatile Future<Metadata> metadata;

  OidcProvider(Vertx vertx, WebClient client, OidcSettings.Provider settings, int timeoutMillis) {
    this.vertx = vertx;
    this.client = client;
    this.settings = settings;
    this.timeoutMillis = timeoutMillis;
  }

  OidcSettings.Provider settings() {
    return settings;
  }

  /** The metadata, loading it if it never loaded or the last try failed. */
  private Future<Metadata> metadata() {
    Future<Metadata> current = metadata;
    if (current == null || current.failed()) {
      current = load();
      metadata = current;
    }
    return current;
  }

  /** Reloads the endpoints and keys; the ones in use stay until the new ones are there. */
  Future<Void> refresh() {
    return load().onSuccess(loaded -> metadata = Future.succeededFuture(loaded))
        .onFailure(e -> LOG.warn("Could not refresh the OIDC metadata of {}: {}", settings.id(), e.getMessage()))
        .mapEmpty();
  }

  private Future<Metadata> load() {
    Future<JsonObject> endpoints = settings.discovers() ? discovery() : Future.succeededFuture(new JsonObject()
        .put("authorization_endpoint", settings.authorizationEndpoint())
        .put("token_endpoint", settings.tokenEndpoint())
        .put("jwks_uri", settings.jwksUri()));
    return endpoints.compose(found -> getJson(found.getString("jwks_uri")).map(jwks -> new Metadata(
        found.getString("authorization_endpoint"), found.getString("token_endpoint"), verifier(jwks))));
  }

  /** {@code <issuer>/.well-known/openid-configuration}, whose issuer must be the one configured, exactly (OIDC Discovery 4.3). */
  private Future<JsonObject> discovery() {
    String issuer = settings.issuer();
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return getJson(base + "/.well-known/openid-configuration").compose(doc -> {
      if (!issuer.equals(doc.getString("issuer"))) {
        return Future.failedFuture("discovery names another issuer");
      }
      for (String key : List.of("authorization_endpoint", "token_endpoint", "jwks_uri")) {
        if (doc.getString(key, "").isBlank()) {
          return Future.failedFuture("discovery has no " + key);
        }
      }
      JsonObject endpoints = new JsonObject()
          .put("authorization_endpoint", pick(settings.authorizationEndpoint(), doc.getString("authorization_endpoint")))
          .put("token_endpoint", pick(settings.tokenEndpoint(), doc.getString("token_endpoint")))
          .put("jwks_uri", pick(settings.jwksUri(), doc.getString("jwks_uri")));
      return Future.succeededFuture(endpoints);
    });
  }

  private static String pick(String configured, String discovered) {
    return configured.isBlank() ? discovered : configured;
  }

  private Future<JsonObject> getJson(String url) {
    return client.getAbs(url).timeout(timeoutMillis).putHeader("Accept", "application/json").send()
        .compose(response -> response.statusCode() == 200
            ? Future.succeededFuture(response.bodyAsJsonObject())
            : Future.failedFuture(url + " answered " + response.statusCode()));
  }

  /**
   * A verifier that knows only the provider's signing keys and expects its issuer, exactly, and
   * Sportello's client id among the audiences. Keys without an algorithm get the one their type
   * implies (providers often leave {@code alg} out of a JWKS).
   */
  private JWTAuth verifier(JsonObject jwks) {
    List<JsonObject> keys = jwks.getJsonArray("keys", new JsonArray()).stream()
        .filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
        .filter(k -> !"enc".equals(k.getString("use")))
        .map(OidcProvider::withAlgorithm)
        .filter(k -> k.getString("alg") != null)
        .toList();
    if (keys.isEmpty()) {
      throw new IllegalStateException("the JWKS of " + settings.id() + " has no signing keys");
    }
    return JWTAuth.create(vertx, new JWTAuthOptions().setJwks(keys).setJWTOptions(new JWTOptions()
        .setIssuer(settings.issuer()).setAudience(List.of(settings.clientId())).setLeeway(30)));
  }

  private static JsonObject withAlgorithm(JsonObject key) {
    if (key.getString("alg") != null) {
      return key;
    }
    String alg = switch (key.getString("kty", "")) {
      case "RSA" -> "RS256";
      case "EC" -> switch (key.getString("crv", "")) {
        case "P-256" -> "ES256";
        case "P-384" -> "ES384";
        case "P-521" -> "ES512";
        default -> null;
      };
      default -> null;
    };
    return alg == null ? key : key.copy().put("alg", alg);
  }

  /** Where the browser goes to sign in: code flow, PKCE S256, the exact redirect URI. */
  Future<String> authorizationUrl(String redirectUri, String state, String nonce, String verifier) {
    return metadata().map(m -> {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("response_type", "code");
      query.put("client_id", settings.clientId());
      query.put("redirect_uri", redirectUri);
      query.put("scope", settings.scopes());
      query.put("state", state);
      query.put("nonce", nonce);
      query.put("code_challenge", Pkce.challenge(verifier));
      query.put("code_challenge_method", Pkce.METHOD);
      query.putAll(settings.authorizationParams());
      String endpoint = m.authorizationEndpoint();
      return endpoint + (endpoint.contains("?") ? "&" : "?") + query.entrySet().stream()
          .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
          .collect(Collectors.joining("&"));
    });
  }

  /**
   * Exchanges the code (with the PKCE verifier) for tokens and returns the ID token's claims once
   * verified: signature by a key of the JWKS, {@code iss}, {@code aud}, {@code exp}, {@code nonce}.
   */
  Future<JsonObject> signIn(String code, String redirectUri, String verifier, String nonce) {
    return metadata().compose(m -> {
      MultiMap form = MultiMap.caseInsensitiveMultiMap()
          .add("grant_type", "authorization_code")
          .add("code", code)
          .add("redirect_uri", redirectUri)
          .add("code_verifier", verifier);
      var request = client.postAbs(m.tokenEndpoint()).timeout(timeoutMillis).putHeader("Accept", "application/json");
      if (settings.clientSecret().isBlank()) {
        form.add("client_id", settings.clientId()); // a public client: PKCE is its proof
      } else {
        request.basicAuthentication(encode(settings.clientId()), encode(settings.clientSecret())); // RFC 6749 2.3.1
      }
      return request.sendForm(form).compose(response -> idToken(response))
          .compose(idToken -> verify(m.verifier(), idToken, nonce));
    });
  }

  private static Future<String> idToken(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(new Rejected("token endpoint answered " + response.statusCode()));
    }
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return Future.failedFuture(new Rejected("token endpoint answered no JSON"));
    }
    String idToken = body == null ? null : body.getString("id_token");
    return idToken == null ? Future.failedFuture(new Rejected("no id_token")) : Future.succeededFuture(idToken);
  }

  private Future<JsonObject> verify(JWTAuth verifier, String idToken, String nonce) {
    return verifier.authenticate(new TokenCredentials(idToken))
        .recover(e -> Future.failedFuture(new Rejected("ID token refused: " + e.getMessage())))
        .compose(user -> {
          JsonObject claims = user.principal();
          // Vert.x checked exp if there was one (and moved it to the attributes): there must be one.
          if (claims.getValue("exp") == null && user.attributes().getValue("exp") == null) {
            return Future.failedFuture(new Rejected("ID token without expiry"));
          }
          if (!nonce.equals(claims.getString("nonce"))) {
            return Future.failedFuture(new Rejected("ID token with another nonce"));
          }
          // Several audiences: the token must say it was issued to us (OIDC Core 3.1.3.7, azp).
          Object aud = claims.getValue("aud");
          if (aud instanceof JsonArray many && many.size() > 1 && !settings.clientId().equals(claims.getString("azp"))) {
            return Future.failedFuture(new Rejected("ID token for several audiences, not authorized for us"));
          }
          if (claims.getString("sub", "").isBlank()) {
            return Future.failedFuture(new Rejected("ID token without subject"));
          }
          return Future.succeededFuture(claims);
        });
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
