package coop.sportello.platform.auth;

import coop.sportello.platform.cluster.NodeBus;

import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Idempotency;
import io.vertx.core.json.JsonArray;

import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Logins, token refresh and revocation, kiosk device credentials and bridge tickets. */
public final class AuthService {

  public record Settings(int refreshTokenSeconds, int bridgeTicketSeconds, AttemptPolicy loginPolicy) { }

  /** Whose counters sign-ins are (V19 attempt_counters.purpose). */
  static final String LOGIN_ATTEMPTS = "login";

  private final Vertx vertx;
  private final NodeBus nodes;
  private final AuthRepository repository;
  private final AttemptRepository attempts;
  private final AttemptThrottle throttle;
  private final PasswordHasher hasher;
  private final TokenService tokens;
  private final Settings settings;

  public AuthService(Vertx vertx, NodeBus nodes, AuthRepository repository, AttemptRepository attempts,
                     PasswordHasher hasher, TokenService tokens, Settings settings) {
    this.vertx = vertx;
    this.nodes = nodes;
    this.repository = repository;
    this.attempts = attempts;
    this.throttle = new AttemptThrottle(attempts, LOGIN_ATTEMPTS, settings.loginPolicy());
    this.hasher = hasher;
    this.tokens = tokens;
    this.settings = settings;
  }

  public TokenService tokens() {
    return tokens;
  }

  /**
   * Signs in with a password. Every name typed, whether an account has it or not, is counted,
   * delayed, locked and answered alike, with the same Argon2 work ({@link AttemptThrottle}); only
   * {@code source} (the address it comes from) is locked out or paused, never the account.
   */
  public Future<JsonObject> login(String username, String password, String source) {
    String name = normalName(username);
    return throttle.claim(name, source).compose(attempt -> {
      if (!attempt.mayCheck()) {
        return Future.failedFuture(refusal(attempt));
      }
      return repository.findAccountByName(name).compose(found -> {
        Optional<AuthRepository.Account> usable = found.filter(account -> !account.disabled());
        return hasher.verify(password, usable.map(AuthRepository.Account::passwordHash).orElse(null))
            .compose(right -> right
                ? startSession(usable.get(), attempt)
                : throttle.failed(attempt).compose(failure -> delayed(failure.delay(),
                    Future.failedFuture(failure.locks() ? locked(failure.lockedUntil()) : wrongCredentials()))));
      });
    });
  }

  /** A name as the throttle counts it and the lookup finds it: what people type, whatever the case and spaces around. */
  static String normalName(String username) {
    return username.strip().toLowerCase(Locale.ROOT);
  }

  private Future<JsonObject> startSession(AuthRepository.Account account, AttemptThrottle.Attempt attempt) {
    return repository.pool().withTransaction(conn -> throttle.succeeded(conn, attempt)
        .compose(v -> repository.createSession(conn, account.id(), null, settings.refreshTokenSeconds()))
        .compose(sessionId -> tokenPair(conn, account.identityTemplate().withSession(sessionId.toString()), sessionId)));
  }

  /**
   * A session for an account whose owner proved who they are elsewhere (SPID or CIE, {@link OidcService}),
   * started inside the caller's transaction exactly as after a right password.
   */
  Future<JsonObject> sessionOf(SqlConnection conn, UUID accountId) {
    return repository.findAccount(conn, accountId).compose(found -> {
      if (found.isEmpty() || found.get().disabled()) {
        return Future.failedFuture(Problem.unauthorized("L'account non è più attivo."));
      }
      return repository.createSession(conn, accountId, null, settings.refreshTokenSeconds())
          .compose(sessionId -> tokenPair(conn, found.get().identityTemplate().withSession(sessionId.toString()), sessionId));
    });
  }

  public Future<JsonObject> refresh(String refreshToken) {
    byte[] hash = Secrets.sha256(refreshToken);
    return repository.pool().withTransaction(conn -> repository.spendRefreshToken(conn, hash).compose(claim ->
        switch (claim.outcome()) {
          case INVALID -> Future.failedFuture(Problem.unauthorized("Il token di rinnovo non è valido o è scaduto."));
          // A spent token shown again was copied: close the session (committed), then refuse.
          case REUSED -> repository.revokeSession(conn, claim.sessionId()).map(v -> new JsonObject()
              .put("reusedSession", claim.sessionId().toString()));
          case ROTATED -> identityOfSession(conn, claim).compose(identity ->
              tokenPair(conn, identity, claim.sessionId()));
        }))
        .compose(result -> {
          String reused = result.getString("reusedSession");
          if (reused == null) {
            return Future.succeededFuture(result);
          }
          RevokedSessions.announce(nodes, reused);
          return Future.failedFuture(Problem.unauthorized(
              "Questo token di rinnovo era già stato usato: per sicurezza la sessione è stata chiusa."));
        });
  }

  private Future<Identity> identityOfSession(SqlClient conn, AuthRepository.RefreshClaim claim) {
    String sessionId = claim.sessionId().toString();
    if (claim.kioskDeviceId() != null) {
      return repository.findKioskDevice(conn, claim.kioskDeviceId()).compose(device ->
          device.filter(d -> !d.revoked()).map(d -> Future.succeededFuture(kioskIdentity(d).withSession(sessionId)))
              .orElseGet(() -> Future.failedFuture(Problem.unauthorized("Questo dispositivo è stato revocato."))));
    }
    return repository.findAccount(conn, claim.accountId()).compose(account ->
        account.filter(a -> !a.disabled())
            .map(a -> Future.succeededFuture(a.identityTemplate().withSession(sessionId)))
            .orElseGet(() -> Future.failedFuture(Problem.unauthorized("L'account non è più attivo."))));
  }

  private Future<JsonObject> tokenPair(SqlConnection conn, Identity identity, UUID sessionId) {
    String refreshToken = Secrets.newSecret();
    return repository.insertRefreshToken(conn, Secrets.sha256(refreshToken), sessionId, settings.refreshTokenSeconds())
        .map(v -> new JsonObject()
            .put("accessToken", tokens.issue(identity))
            .put("tokenType", "Bearer")
            .put("expiresIn", tokens.accessTokenSeconds())
            .put("refreshToken", refreshToken)
            .put("identity", identity.toJson()));
  }

  public Future<Void> logout(Identity identity) {
    if (identity.sessionId() == null) {
      return Future.succeededFuture();
    }
    return revokeSessions(List.of(UUID.fromString(identity.sessionId())));
  }

  private Future<Void> revokeSessions(List<UUID> sessionIds) {
    return repository.pool().withTransaction(conn -> {
      Future<Void> chain = Future.succeededFuture();
      for (UUID id : sessionIds) {
        chain = chain.compose(v -> repository.revokeSession(conn, id).mapEmpty());
      }
      return chain;
    }).onSuccess(v -> sessionIds.forEach(id -> RevokedSessions.announce(nodes, id.toString())));
  }

  // ---- kiosk devices -------------------------------------------------------------------------

  public Future<Outcome> registerKioskDevice(Identity actor, JsonObject request, Idempotency.Key key) {
    String secret = Secrets.newSecret();
    UUID companyId = Optional.ofNullable(request.getString("companyId")).map(UUID::fromString).orElse(null);
    UUID actorId = UUID.fromString(actor.subject());
    return repository.pool().withTransaction(conn -> IdempotencyStore.once(conn, key, () -> repository.insertKioskDevice(conn, request.getString("label"), request.getString("location"), companyId,
            request.getString("municipality"), Secrets.sha256(secret), actorId)
        .compose(id -> repository.auditKioskDevice(conn, actorId, "created", id, kioskAudit(request)).map(id))
        .map(id -> new Outcome(201, new JsonObject()
            .put("id", id.toString())
            .put("label", request.getString("label"))
            .put("location", request.getString("location"))
            .put("credential", id + "." + secret)))))
        // A company or municipality that does not exist is the caller's mistake: 422, not 500.
        .recover(e -> Future.failedFuture(SqlErrors.explain(e, "Un totem con questi dati esiste già.")));
  }

  public Future<Outcome> revokeKioskDevice(Identity actor, UUID deviceId, Idempotency.Key key) {
    AfterCommit after = new AfterCommit();
    return repository.pool().<Outcome>withTransaction(conn -> IdempotencyStore.once(conn, key, () ->
        repository.findKioskDevice(conn, deviceId).compose(device -> {
      if (device.isEmpty()) {
        return Future.failedFuture(Problem.notFound("Nessun dispositivo con questo identificativo."));
      }
      return repository.revokeKioskDevice(conn, deviceId)
          // Audited when it revokes; revoking a revoked device again changes nothing and logs nothing.
          .compose(revoked -> !revoked ? Future.<Void>succeededFuture()
              : repository.auditKioskDevice(conn, UUID.fromString(actor.subject()), "revoked", deviceId,
                  new JsonObject().put("label", device.get().label()).put("revoked", true)))
          .compose(v -> repository.revokeDeviceSessions(conn, deviceId))
          .map(sessions -> {
            // Announced when the transaction commits: a rollback would leave them valid.
            after.add(() -> sessions.forEach(id -> RevokedSessions.announce(nodes, id.toString())));
            return new Outcome(200, new JsonObject().put("id", deviceId.toString()).put("revoked", true));
          });
    }))).onSuccess(done -> after.run());
  }

  /** What the staff change log keeps of a device registered: where it stands and whom it serves. */
  private static JsonObject kioskAudit(JsonObject request) {
    return new JsonObject().put("label", request.getString("label")).put("location", request.getString("location"))
        .put("companyId", request.getString("companyId")).put("municipality", request.getString("municipality"));
  }

  /** The kiosk devices registered, newest first. */
  public Future<JsonObject> kioskDevices() {
    return repository.listKioskDevices().map(rows -> {
      JsonArray devices = new JsonArray();
      rows.forEach(r -> devices.add(new JsonObject()
          .put("id", r.getUUID("id").toString())
          .put("label", r.getString("label"))
          .put("location", r.getString("location"))
          .put("companyId", r.getUUID("company_id") == null ? null : r.getUUID("company_id").toString())
          .put("municipality", r.getString("municipality"))
          .put("createdAt", r.getOffsetDateTime("created_at").toString())
          .put("revoked", r.getOffsetDateTime("revoked_at") != null)));
      return new JsonObject().put("items", devices);
    });
  }

  /** Expired sessions, refresh tokens, bridge tickets and attempt counters are deleted (housekeeping). */
  public Future<Void> deleteExpired() {
    return repository.deleteExpired().compose(v -> attempts.deleteForgotten());
  }

  public Future<JsonObject> kioskLogin(String credential) {
    int dot = credential.indexOf('.');
    UUID deviceId;
    try {
      deviceId = UUID.fromString(dot > 0 ? credential.substring(0, dot) : "");
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Problem.unauthorized("Credenziale del dispositivo non valida."));
    }
    byte[] presented = Secrets.sha256(credential.substring(dot + 1));
    return repository.pool().withTransaction(conn -> repository.findKioskDevice(conn, deviceId).compose(device -> {
      if (device.isEmpty() || device.get().revoked()
          || !MessageDigest.isEqual(device.get().secretHash(), presented)) {
        return Future.failedFuture(Problem.unauthorized("Credenziale del dispositivo non valida o revocata."));
      }
      return repository.createSession(conn, null, deviceId, settings.refreshTokenSeconds())
          .compose(sessionId -> tokenPair(conn, kioskIdentity(device.get()).withSession(sessionId.toString()), sessionId));
    }));
  }

  private static Identity kioskIdentity(AuthRepository.KioskDevice device) {
    return new Identity("kiosk:" + device.id(), EnumSet.of(Role.KIOSK), null, device.label(),
        null, device.companyId(), device.municipality());
  }

  /** Forgets the failed sign-ins at the account's name, from every source. */
  public Future<Outcome> unlockAccount(UUID accountId, Idempotency.Key key) {
    return repository.pool().withTransaction(conn -> IdempotencyStore.once(conn, key, () ->
        repository.findAccount(conn, accountId).compose(found -> found
            .map(account -> throttle.forget(conn, List.of(normalName(account.username())))
                .map(v -> new Outcome(200, new JsonObject().put("id", accountId.toString()).put("locked", false))))
            .orElseGet(() -> Future.failedFuture(Problem.notFound("Nessun account con questo identificativo."))))));
  }

  // ---- bridge tickets ------------------------------------------------------------------------

  public Future<JsonObject> issueBridgeTicket(Identity identity) {
    String ticket = Secrets.newSecret();
    return repository.insertBridgeTicket(Secrets.sha256(ticket), identity.toJson(), settings.bridgeTicketSeconds())
        .map(v -> new JsonObject().put("ticket", ticket).put("expiresIn", settings.bridgeTicketSeconds()));
  }

  public Future<Optional<Identity>> redeemBridgeTicket(String ticket) {
    return repository.redeemBridgeTicket(Secrets.sha256(ticket)).map(found -> found.map(Identity::fromJson)
        .filter(identity -> identity.sessionId() == null
            || !tokens.isSessionRevoked(identity.sessionId())));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private <T> Future<T> delayed(Duration delay, Future<T> outcome) {
    return vertx.timer(delay.toMillis()).compose(v -> outcome);
  }

  private static Problem wrongCredentials() {
    return new Problem(401, "invalid-credentials", "Accesso non riuscito", "Nome utente o password non corretti.");
  }

  private static Problem refusal(AttemptThrottle.Attempt attempt) {
    return attempt.verdict() == AttemptThrottle.Verdict.PAUSED ? paused(attempt.until()) : locked(attempt.until());
  }

  private static Problem locked(OffsetDateTime until) {
    return AttemptThrottle.tryAgainLater("login-locked", "Accesso temporaneamente bloccato",
        "Troppi tentativi non riusciti con questo nome utente. Riprova tra %d minuti.", until);
  }

  private static Problem paused(OffsetDateTime until) {
    return AttemptThrottle.tryAgainLater("login-paused", "Accessi sospesi",
        "Troppi tentativi non riusciti da questa rete. Riprova tra %d minuti.", until);
  }
}
