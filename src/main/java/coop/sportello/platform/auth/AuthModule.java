package coop.sportello.platform.auth;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.database.Sweep;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Identity: sign-in (password, or SPID and CIE through OpenID Connect when configured), tokens
 * (ES256, the keys configured or a development pair in the data directory), session revocation
 * heard on every node, kiosk devices, and the housekeeping of expired sessions.
 */
public final class AuthModule implements Module {

  private static final Logger LOG = LoggerFactory.getLogger(AuthModule.class);

  /**
   * The {@code auth} section of the configuration, and the data directory for a development key pair.
   *
   * @param trustedProxies the proxies whose X-Forwarded-For says where a sign-in comes from ({@link SourceAddress})
   */
  public record Settings(String issuer, String audience, int accessTokenSeconds, String privateKeyPem, String publicKeyPem,
                         Path dataDir, OidcSettings oidc, long housekeepingMillis, List<String> trustedProxies,
                         AuthService.Settings service) {
    public static Settings from(JsonObject auth, Path dataDir) {
      AttemptPolicy logins = new AttemptPolicy(
          auth.getInteger("maxFailedLogins"), Duration.ofMinutes(auth.getInteger("lockMinutes")),
          auth.getInteger("sourceMaxFailures"), Duration.ofMinutes(auth.getInteger("sourceWindowMinutes")),
          auth.getInteger("nameMaxFailures"), Duration.ofMinutes(auth.getInteger("nameWindowMinutes")),
          Duration.ofDays(auth.getInteger("trustedSourceDays")));
      return new Settings(auth.getString("issuer"), auth.getString("audience"), auth.getInteger("accessTokenSeconds"),
          auth.getString("privateKeyPem"), auth.getString("publicKeyPem"), dataDir, OidcSettings.from(auth.getJsonObject("oidc")),
          auth.getLong("housekeepingMillis"),
          auth.getJsonArray("trustedProxies").stream().map(String::valueOf).toList(),
          new AuthService.Settings(auth.getInteger("refreshTokenSeconds"), auth.getInteger("bridgeTicketSeconds"), logins));
    }
  }

  private final Platform platform;
  private final Settings settings;
  private final OidcService oidc;
  private final RevokedSessions revokedSessions;
  private final TokenService tokens;
  private final AuthService service;
  private final AuthRoutes routes;
  private Sweep housekeeping;

  private AuthModule(Platform platform, Settings settings, SigningKeys keys) {
    this.platform = platform;
    this.settings = settings;
    this.revokedSessions = new RevokedSessions(settings.accessTokenSeconds());
    AuthRepository repository = new AuthRepository(platform.pool());
    this.tokens = new TokenService(platform.vertx(), keys, settings.issuer(), settings.audience(),
        settings.accessTokenSeconds(), revokedSessions, repository);
    this.service = new AuthService(platform.vertx(), platform.nodeBus(), repository, new AttemptRepository(platform.pool()),
        new PasswordHasher(platform.vertx()), tokens, settings.service());
    this.oidc = new OidcService(platform.vertx(), settings.oidc(), new OidcRepository(platform.pool()), service);
    this.routes = new AuthRoutes(service, oidc, SourceAddress.trusting(settings.trustedProxies()));
  }

  /** Resolves the signing keys (off the event loop), then builds the module. */
  public static Future<AuthModule> create(Platform platform, Settings settings) {
    return platform.vertx().executeBlocking(() -> SigningKeys.resolve(settings.privateKeyPem(), settings.publicKeyPem(),
            settings.dataDir()), false)
        .map(keys -> new AuthModule(platform, settings, keys));
  }

  /** Sign-in, tokens and bridge tickets (benchmarks mint tickets for synthetic people through it). */
  public AuthService service() {
    return service;
  }

  public TokenService tokens() {
    return tokens;
  }

  @Override
  public ApiModule api() {
    return routes;
  }

  @Override
  public Future<Void> start() {
    housekeeping = Sweep.every(platform.vertx(), settings.housekeepingMillis(), LOG, "Housekeeping failed",
        () -> service.deleteExpired().compose(v -> oidc.deleteExpired()));
    oidc.start();
    return revokedSessions.start(platform.vertx(), platform.pool());
  }

  @Override
  public Future<Void> stop() {
    if (housekeeping != null) {
      housekeeping.stop();
    }
    oidc.stop();
    return revokedSessions.stop(platform.vertx());
  }
}
