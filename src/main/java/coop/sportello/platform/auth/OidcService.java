package coop.sportello.platform.auth;

import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signing in with SPID or CIE: OpenID Connect's authorization-code flow with PKCE (S256) against
 * the configured providers, then a Sportello session exactly like a password sign-in.
 *
 * <ol>
 *   <li>{@link #start}: a state, a nonce and a PKCE verifier are kept in PostgreSQL (any node may
 *   receive the callback) and the browser is sent to the provider.</li>
 *   <li>{@link #callback}: the state is taken once; the code is exchanged with the verifier; the ID
 *   token is verified (JWKS signature, {@code iss}, {@code aud}, {@code exp}, {@code nonce}); its
 *   codice fiscale finds the person's account, or a citizen account is made; the provider's
 *   subject is linked to it. The browser goes back to the page it came from with a single-use
 *   handoff code in the fragment (never sent to a server, never in an access log).</li>
 *   <li>{@link #redeem}: the page trades the handoff code for its token pair.</li>
 * </ol>
 * Whatever goes wrong on the way back is a redirect to that page with an error code in the fragment.
 */
public final class OidcService {

  private static final Logger LOG = LoggerFactory.getLogger(OidcService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Where the browser may be sent back to: a page of this site, by its path ("/", "/prenotazioni.html"). */
  private static final Pattern RETURN_PATH = Pattern.compile("^/([A-Za-z0-9_-]{1,60}\\.html)?$");
  private static final String HOME = "/";

  /** Why a sign-in came back without a session: the code the page reads from its fragment. */
  enum Failure {
    /** The state is unknown, expired or already used (a reload, an old tab, a forged link). */
    STATE("state"),
    /** The person stopped at the provider (OIDC {@code access_denied}). */
    CANCELLED("cancelled"),
    /** The provider answered with an error, or its tokens did not pass verification. */
    PROVIDER("provider"),
    /** The verified identity has no valid codice fiscale. */
    CODICE_FISCALE("codice-fiscale"),
    /** The person's account is disabled. */
    DISABLED("disabled");

    final String code;

    Failure(String code) {
      this.code = code;
    }
  }

  private final Vertx vertx;
  private final OidcSettings settings;
  private final OidcRepository repository;
  private final AuthService auth;
  private final WebClient client;
  private final Map<String, OidcProvider> providers = new LinkedHashMap<>();
  private long refreshTimer = -1;

  OidcService(Vertx vertx, OidcSettings settings, OidcRepository repository, AuthService auth) {
    this.vertx = vertx;
    this.settings = settings;
    this.repository = repository;
    this.auth = auth;
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
        .setUserAgent("Sportello").setConnectTimeout(settings.httpTimeoutMillis()));
    settings.providers().forEach(p -> providers.put(p.id(), new OidcProvider(vertx, client, p, settings.httpTimeoutMillis())));
  }

  /** Loads each provider's metadata now (a failure is retried later, never fatal) and every {@code refreshMinutes}. */
  void start() {
    providers.values().forEach(OidcProvider::refresh);
    if (!providers.isEmpty()) {
      refreshTimer = vertx.setPeriodic(Math.max(1, settings.refreshMinutes()) * 60_000L, id ->
          providers.values().forEach(OidcProvider::refresh));
    }
  }

  void stop() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    client.close();
  }

  /** The ways in offered on the sign-in: {@code {providers: [{id, label}]}}. */
  public JsonObject providers() {
    JsonArray list = new JsonArray();
    providers.values().forEach(p -> list.add(new JsonObject().put("id", p.settings().id()).put("label", p.settings().label())));
    return new JsonObject().put("providers", list);
  }

  /** The provider's authorization URL for a new sign-in that will come back to {@code returnTo}. */
  public Future<String> start(String providerId, String returnTo) {
    OidcProvider provider = providers.get(providerId);
    if (provider == null) {
      return Future.failedFuture(Problem.notFound("Questo modo di accesso non è disponibile."));
    }
    String state = Secrets.newSecret();
    String nonce = Secrets.newSecret();
    String verifier = Pkce.newVerifier();
    return provider.authorizationUrl(settings.redirectUri(), state, nonce, verifier)
        .recover(e -> {
          LOG.warn("The {} provider cannot be reached: {}", providerId, e.getMessage());
          return Future.failedFuture(new Problem(503, "identity-provider-unavailable", "Accesso non disponibile",
              "Il servizio di accesso con " + provider.settings().label() + " non risponde. Riprova tra qualche minuto."));
        })
        .compose(url -> repository.saveAuthorization(Secrets.sha256(state), providerId, nonce, verifier,
            safeReturn(returnTo), settings.stateSeconds()).map(url));
  }

  /** A path of this site to go back to, or the home page: never another site (no open redirect). */
  static String safeReturn(String returnTo) {
    return returnTo != null && RETURN_PATH.matcher(returnTo).matches() ? returnTo : HOME;
  }

  /** Where to send the browser back to after the provider answered {@code params} (code and state, or error and state). */
  public Future<String> callback(MultiMap params) {
    String state = params.get("state");
    if (state == null || state.isBlank() || state.length() > 200) {
      return Future.succeededFuture(failed(HOME, Failure.STATE));
    }
    return repository.takeAuthorization(Secrets.sha256(state)).compose(found -> {
      Optional<OidcRepository.Authorization> live = found.filter(OidcRepository.Authorization::live);
      OidcProvider provider = live.map(a -> providers.get(a.provider())).orElse(null);
      if (provider == null) {
        return Future.succeededFuture(failed(found.map(OidcRepository.Authorization::returnTo).orElse(HOME), Failure.STATE));
      }
      OidcRepository.Authorization started = live.get();
      String error = params.get("error");
      String code = params.get("code");
      if (error != null || code == null || code.isBlank()) {
        // The error is an OAuth code (access_denied, ...); anything else the query held is not logged.
        LOG.info("{} sign-in came back without a code: {}", provider.settings().id(),
            error == null ? "no code" : error.matches("^[a-z_]{1,40}$") ? error : "another error");
        return Future.succeededFuture(failed(started.returnTo(), "access_denied".equals(error) ? Failure.CANCELLED : Failure.PROVIDER));
      }
      return signIn(provider, started, code);
    });
  }

  private Future<String> signIn(OidcProvider provider, OidcRepository.Authorization started, String code) {
    OidcSettings.Provider which = provider.settings();
    return provider.signIn(code, settings.redirectUri(), started.codeVerifier(), started.nonce())
        .compose(claims -> {
          Optional<OidcPerson> person = OidcPerson.of(claims, which);
          if (person.isEmpty()) {
            LOG.info("{} sign-in refused: the ID token has no valid codice fiscale in {}", which.id(), which.fiscalNumberClaim());
            return Future.succeededFuture(failed(started.returnTo(), Failure.CODICE_FISCALE));
          }
          return accountOf(person.get()).compose(holder -> {
            if (holder.disabled()) {
              return Future.succeededFuture(failed(started.returnTo(), Failure.DISABLED));
            }
            String handoff = Secrets.newSecret();
            return repository.pool().withTransaction(conn -> repository.link(conn, which.issuer(), which.id(), person.get(),
                    holder.accountId())
                .compose(v -> repository.saveHandoff(conn, Secrets.sha256(handoff), holder.accountId(), settings.handoffSeconds())))
                .map(v -> started.returnTo() + "#handoff=" + handoff);
          });
        })
        .recover(e -> {
          if (e instanceof PgException) {
            return Future.failedFuture(e);
          }
          // The provider refused, or could not be reached for the exchange: the person may try again.
          LOG.warn("{} sign-in refused: {}", which.id(), e.getMessage());
          return Future.succeededFuture(failed(started.returnTo(), Failure.PROVIDER));
        });
  }

  /**
   * The account of this codice fiscale: whoever came before by SPID, CIE or their company's import
   * is the same person; a code only typed by someone (sign-up) is not proof and is released first. None yet: a citizen account, without a password. Two first sign-ins
   * at once meet at the unique codice fiscale and end in the same account.
   */
  private Future<OidcRepository.Holder> accountOf(OidcPerson person) {
    return AuthRepository.releaseDeclaredCodiceFiscale(repository.pool(), person.codiceFiscale())
        .compose(v -> repository.findByCodiceFiscale(repository.pool(), person.codiceFiscale())).compose(found -> found
        .map(Future::succeededFuture)
        .orElseGet(() -> create(person, true)));
  }

  private Future<OidcRepository.Holder> create(OidcPerson person, boolean mayRetry) {
    return repository.createCitizen(repository.pool(), person.username(randomTail()), person)
        .compose(made -> made.map(id -> Future.succeededFuture(new OidcRepository.Holder(id, false)))
            .orElseGet(() -> repository.findByCodiceFiscale(repository.pool(), person.codiceFiscale())
                .map(Optional::orElseThrow)))
        // Another account took the address (or, once in a lifetime, the random username) meanwhile.
        .recover(e -> mayRetry && (SqlErrors.isUniqueViolation(e, "accounts_email_key")
            || SqlErrors.isUniqueViolation(e, "accounts_username_key"))
            ? create(person.withoutEmail(), false)
            : Future.failedFuture(e));
  }

  private static String randomTail() {
    String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    StringBuilder tail = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      tail.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return tail.toString();
  }

  private static String failed(String returnTo, Failure failure) {
    return returnTo + "#signin-error=" + failure.code;
  }

  /** Trades a handoff code (once, within seconds) for the session's token pair. */
  public Future<JsonObject> redeem(String handoff) {
    return repository.pool().withTransaction(conn -> repository.takeHandoff(conn, Secrets.sha256(handoff))
        .compose(account -> account
            .map(id -> auth.sessionOf(conn, id))
            .orElseGet(() -> Future.failedFuture(new Problem(401, "invalid-handoff", "Accesso non riuscito",
                "Il codice di accesso non è valido o è già stato usato. Entra di nuovo con SPID o CIE.")))));
  }

  Future<Void> deleteExpired() {
    return repository.deleteExpired();
  }
}
