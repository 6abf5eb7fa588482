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
import java.util.Optional;
import java.util.UUID;

/** Logins, token refresh and revocation, kiosk device credentials and bridge tickets. */
public final class AuthService {

  public record Settings(int refreshTokenSeconds, int bridgeTicketSeconds, LoginPolicy loginPolicy) { }

  private final Vertx vertx;
  private final NodeBus nodes;
  private final AuthRepository repository;
  private final PasswordHasher hasher;
  private final TokenService tokens;
  private final Settings settings;

  public AuthService(Vertx vertx, NodeBus nodes, AuthRepository repository, PasswordHasher hasher, TokenService tokens,
                     Settings settings) {
    this.vertx = vertx;
    this.nodes = nodes;
    this.repository = repository;
    this.hasher = hasher;
    this.tokens = tokens;
    this.settings = settings;
  }

  public TokenService tokens() {
    return tokens;
  }

  public Future<JsonObject> login(String username, String password) {
    LoginPolicy policy = settings.loginPolicy();
    return repository.findAccountByUsername(username).compose(found -> {
      if (found.isEmpty()) {
        return hasher.verify(password, null)
            .compose(ignored -> delayed(policy.delayAfterFailure(1), Future.failedFuture(wrongCredentials())));
      }
      AuthRepository.Account account = found.get();
      return repository.claimLoginAttempt(account.id()).compose(attempt -> {
        if (attempt.isEmpty()) {
          return Future.failedFuture(account.disabled() ? wrongCredentials() : locked(account.lockedUntil()));
        }
        int attemptNumber = attempt.get();
        if (policy.attemptRefused(attemptNumber)) {
          return repository.lock(account.id(), lockSeconds()).compose(until -> Future.failedFuture(locked(until)));
        }
        return hasher.verify(password, account.passwordHash()).compose(ok -> {
          if (ok) {
            return startSession(account);
          }
          Future<Void> lockIfNeeded = policy.failureLocks(attemptNumber)
              ? repository.lock(account.id(), lockSeconds()).mapEmpty()
              : Future.succeededFuture();
          Problem problem = policy.failureLocks(attemptNumber)
              ? locked(OffsetDateTime.now().plusSeconds(lockSeconds()))
              : wrongCredentials();
          return lockIfNeeded.compose(v -> delayed(policy.delayAfterFailure(attemptNumber), Future.failedFuture(problem)));
        });
      });
    });
  }

  private Future<JsonObject> startSession(AuthRepository.Account account) {
    return repository.pool().withTransaction(conn -> repository.resetFailures(conn, account.id())
        .compose(v -> repository.createSession(conn, account.id(), null, settings.refreshTokenSeconds()))
        .compose(sessionId -> tokenPair(conn, account.identityTemplate().withSession(sessionId.toString()), sessionId)));
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
    return repository.pool().withTransaction(conn -> IdempotencyStore.once(conn, key, () -> repository.insertKioskDevice(conn, request.getString("label"), request.getString("location"), companyId,
            request.getString("municipality"), Secrets.sha256(secret), UUID.fromString(actor.subject()))
        .map(id -> new Outcome(201, new JsonObject()
            .put("id", id.toString())
            .put("label", request.getString("label"))
            .put("location", request.getString("location"))
            .put("credential", id + "." + secret)))))
        // A company or municipality that does not exist is the caller's mistake: 422, not 500.
        .recover(e -> Future.failedFuture(SqlErrors.explain(e, "Un totem con questi dati esiste già.")));
  }

  public Future<Outcome> revokeKioskDevice(UUID deviceId, Idempotency.Key key) {
    AfterCommit after = new AfterCommit();
    return repository.pool().<Outcome>withTransaction(conn -> IdempotencyStore.once(conn, key, () ->
        repository.findKioskDevice(conn, deviceId).compose(device -> {
      if (device.isEmpty()) {
        return Future.failedFuture(Problem.notFound("Nessun dispositivo con questo identificativo."));
      }
      return repository.revokeKioskDevice(conn, deviceId)
          .compose(v -> repository.revokeDeviceSessions(conn, deviceId))
          .map(sessions -> {
            // Announced when the transaction commits: a rollback would leave them valid.
            after.add(() -> sessions.forEach(id -> RevokedSessions.announce(nodes, id.toString())));
            return new Outcome(200, new JsonObject().put("id", deviceId.toString()).put("revoked", true));
          });
    }))).onSuccess(done -> after.run());
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

  /** Expired sessions, refresh tokens and bridge tickets are deleted (housekeeping). */
  public Future<Void> deleteExpired() {
    return repository.deleteExpired().mapEmpty();
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

  public Future<Outcome> unlockAccount(UUID accountId, Idempotency.Key key) {
    return repository.pool().withTransaction(conn -> IdempotencyStore.once(conn, key, () ->
        repository.unlock(conn, accountId).compose(found -> found
            ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", accountId.toString()).put("locked", false)))
            : Future.failedFuture(Problem.notFound("Nessun account con questo identificativo.")))));
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

  private int lockSeconds() {
    return (int) settings.loginPolicy().lockDuration().toSeconds();
  }

  private <T> Future<T> delayed(Duration delay, Future<T> outcome) {
    return vertx.timer(delay.toMillis()).compose(v -> outcome);
  }

  private static Problem wrongCredentials() {
    return new Problem(401, "invalid-credentials", "Accesso non riuscito", "Nome utente o password non corretti.");
  }

  private static Problem locked(OffsetDateTime until) {
    long seconds = until == null ? 60 : Math.max(1, Duration.between(OffsetDateTime.now(), until).toSeconds());
    return new Problem(429, "login-locked", "Account temporaneamente bloccato",
        "Troppi tentativi non riusciti. Riprova tra " + Math.max(1, (seconds + 59) / 60) + " minuti.")
        .header("Retry-After", String.valueOf(seconds));
  }
}
