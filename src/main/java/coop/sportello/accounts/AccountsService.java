package coop.sportello.accounts;

import coop.sportello.accounts.domain.EmailAddress;
import coop.sportello.accounts.domain.PasswordPolicy;
import coop.sportello.platform.auth.AttemptPolicy;
import coop.sportello.platform.auth.AttemptRepository;
import coop.sportello.platform.auth.AttemptThrottle;
import coop.sportello.privacy.ConsentRepository;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.auth.RevokedSessions;
import coop.sportello.platform.auth.Secrets;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.platform.domain.PhoneNumber;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * E-mail accounts: sign-up, the proof of an address, the forgotten password (and the first one of
 * an invited person), changes of password and address, the profile.
 *
 * <p>Whether an address or a codice fiscale has an account is never told to whoever asks: every
 * public request is counted before anything is looked up ({@link AttemptThrottle}, per address and
 * per source), does the same work, and gets the same answer; only the owner of the address learns
 * what happened, by e-mail. Secrets in links are 256 random bits, stored as SHA-256, single-use.
 */
public final class AccountsService {

  /**
   * @param verifyEmailLifetime how long a link that proves an address works
   * @param resetLifetime       how long a link that sets a password works
   * @param requestPolicy       how many sign-up, reset or verification requests an address and a source may make
   */
  public record Settings(Duration verifyEmailLifetime, Duration resetLifetime, AttemptPolicy requestPolicy,
                         long housekeepingMillis) {

    /** The {@code accounts} section of the configuration (defaults in {@code sportello-defaults.json}). */
    public static Settings from(JsonObject accounts) {
      Duration window = Duration.ofMinutes(accounts.getInteger("requestWindowMinutes"));
      return new Settings(Duration.ofHours(accounts.getInteger("verifyEmailHours")),
          Duration.ofMinutes(accounts.getInteger("resetMinutes")),
          new AttemptPolicy(accounts.getInteger("requestsPerAddressFromSource"), window,
              accounts.getInteger("requestsPerSource"), window, accounts.getInteger("requestsPerAddress"), window, window),
          accounts.getLong("housekeepingMillis"));
    }
  }

  /** Whose counters these requests are (V30 attempt_counters.purpose). */
  static final String SIGN_UP = "sign-up";
  static final String PASSWORD_RESET = "password-reset";
  static final String EMAIL_VERIFICATION = "email-verification";

  /** The one answer to a sign-up, a reset or a new link asked for, whoever has the address. */
  static final JsonObject SENT = new JsonObject().put("status", "sent").put("detail",
      "Se i dati sono giusti, riceverai a breve un'e-mail con un link. Controlla anche la posta indesiderata.");

  private static final Refusal INVALID_LINK = new Refusal(400, "invalid-link",
      "Questo link non è valido: forse è scaduto o è già stato usato. Chiedine uno nuovo.");
  private static final Refusal WRONG_PASSWORD = new Refusal(403, "wrong-password", "La password attuale non è giusta.");

  private final NodeBus nodes;
  private final AccountsRepository repository;
  private final PasswordHasher hasher;
  private final PasswordPolicy passwords;
  private final Settings settings;
  private final AttemptThrottle signUps;
  private final AttemptThrottle resets;
  private final AttemptThrottle verifications;

  AccountsService(NodeBus nodes, AccountsRepository repository, AttemptRepository attempts, PasswordHasher hasher,
                  PasswordPolicy passwords, Settings settings) {
    this.nodes = nodes;
    this.repository = repository;
    this.hasher = hasher;
    this.passwords = passwords;
    this.settings = settings;
    this.signUps = new AttemptThrottle(attempts, SIGN_UP, settings.requestPolicy());
    this.resets = new AttemptThrottle(attempts, PASSWORD_RESET, settings.requestPolicy());
    this.verifications = new AttemptThrottle(attempts, EMAIL_VERIFICATION, settings.requestPolicy());
  }

  // ---- sign-up ------------------------------------------------------------------------------

  /**
   * A new citizen's account, unverified (it cannot sign in until its address is proved), and the
   * link that proves it; or, when the address or the codice fiscale already has an account, a
   * note to that account's owner instead. Either way the same work (the password is hashed) and
   * {@link #SENT}.
   */
  public Future<JsonObject> signUp(JsonObject request, String source) {
    String email = EmailAddress.parse(request.getString("email")).orElseThrow(() -> Problem.of(EmailAddress.refusal()));
    String name = request.getString("name").strip();
    String codiceFiscale = codiceFiscale(request.getString("codiceFiscale")).orElse(null);
    String password = request.getString("password");
    passwords.check(password, email, name).ifPresent(refusal -> {
      throw Problem.of(refusal);
    });
    String municipality = request.getString("municipality");
    return validMunicipality(municipality)
        .compose(v -> signUps.claim(email, source))
        .compose(attempt -> attempt.mayCheck() ? hasher.hash(password) : Future.failedFuture(paused(attempt)))
        .compose(hash -> repository.pool().withTransaction(tx ->
            repository.insertCitizen(tx, name, email, hash, codiceFiscale, municipality, request.getString("language", "it"))
                .compose(created -> created.isPresent()
                    // The notice accepted on the form is recorded with its version, like every consent.
                    ? ConsentRepository.acknowledgeCurrentNotice(tx, created.get(), "sign-up")
                        .compose(v -> sendLink(tx, created.get(), AccountsRepository.VERIFY_EMAIL, email,
                            settings.verifyEmailLifetime(), "account.verify-email", new JsonObject()))
                    : repository.findHolder(tx, email, codiceFiscale).compose(holder -> holder
                        .filter(h -> h.email() != null)
                        .map(h -> repository.announce(tx, "account.already-registered", h.id(), new JsonObject()))
                        .orElseGet(Future::succeededFuture)))))
        .map(v -> SENT.copy());
  }

  /** A typed codice fiscale, normalized; empty when none was typed; a 422 when it is not one. */
  private static Optional<String> codiceFiscale(String typed) {
    if (typed == null || typed.isBlank()) {
      return Optional.empty();
    }
    String code = CodiceFiscale.normalize(typed);
    return Optional.of(CodiceFiscale.parse(code).orElseThrow(() -> Problem.of(CodiceFiscale.refusal(CodiceFiscale.check(
        code.startsWith("TINIT-") ? code.substring(6) : code).orElseThrow()))));
  }

  private Future<Void> validMunicipality(String municipality) {
    return municipality == null ? Future.succeededFuture() : repository.municipalityExists(municipality).compose(known -> known
        ? Future.succeededFuture()
        : Future.failedFuture(Problem.of(Refusal.invalid("unknown-municipality", "Scegli il comune dall'elenco."))));
  }

  /** A new single-use link in {@code payload.token}, announced on {@code topic} in the same transaction. */
  private Future<Void> sendLink(SqlConnection tx, UUID accountId, String purpose, String email, Duration lifetime,
                                String topic, JsonObject payload) {
    String token = Secrets.newSecret();
    return repository.insertToken(tx, Secrets.sha256(token), accountId, purpose, email, lifetime)
        .compose(v -> repository.announce(tx, topic, accountId, payload.copy().put("token", token)));
  }

  // ---- proving an address -------------------------------------------------------------------

  /**
   * Spends a verification link: the address it was sent to becomes the account's, verified (for a
   * change of address, the old address is told). 400 for any link that does not work, alike.
   */
  public Future<JsonObject> verifyEmail(String token, String source) {
    byte[] hash = Secrets.sha256(token);
    return verifications.claim(HexFormat.of().formatHex(hash), source)
        .compose(attempt -> attempt.mayCheck() ? Future.succeededFuture() : Future.failedFuture(paused(attempt)))
        .compose(v -> repository.pool().withTransaction(tx -> repository.spendToken(tx, hash, AccountsRepository.VERIFY_EMAIL)
            .compose(spent -> spent.map(s -> prove(tx, s)).orElseGet(() -> Future.failedFuture(Problem.of(INVALID_LINK))))))
        .recover(e -> Future.failedFuture(SqlErrors.isUniqueViolation(e, "accounts_email_key")
            ? Problem.conflict("email-taken", "Questo indirizzo ora è usato da un altro account: scegline un altro dal tuo profilo.")
            : e));
  }

  private Future<JsonObject> prove(SqlConnection tx, AccountsRepository.Spent spent) {
    return repository.find(tx, spent.accountId()).compose(found -> {
      AccountsRepository.Account account = found.orElseThrow(() -> Problem.of(INVALID_LINK));
      boolean changed = account.email() != null && !account.email().equalsIgnoreCase(spent.email());
      return repository.setVerifiedEmail(tx, account.id(), spent.email())
          .compose(v -> repository.spendOtherTokens(tx, account.id(), AccountsRepository.VERIFY_EMAIL))
          .compose(v -> changed
              ? repository.announce(tx, "account.email-changed", account.id(), new JsonObject().put("to", account.email()))
              : Future.<Void>succeededFuture())
          .map(v -> new JsonObject().put("verified", true).put("email", spent.email()));
    });
  }

  /** Another verification link to an unverified address (the first one expired or got lost). */
  public Future<JsonObject> resendVerification(String typedEmail, String source) {
    String email = EmailAddress.parse(typedEmail).orElseThrow(() -> Problem.of(EmailAddress.refusal()));
    return linkToAddress(verifications, email, source, true, AccountsRepository.VERIFY_EMAIL, settings.verifyEmailLifetime(),
        "account.verify-email");
  }

  // ---- forgotten password -------------------------------------------------------------------

  /** A link that sets a password, to the enabled account with this address if there is one; {@link #SENT} always. */
  public Future<JsonObject> requestPasswordReset(String typedEmail, String source) {
    String email = EmailAddress.parse(typedEmail).orElseThrow(() -> Problem.of(EmailAddress.refusal()));
    return linkToAddress(resets, email, source, false, AccountsRepository.PASSWORD_RESET, settings.resetLifetime(),
        "account.password-reset");
  }

  private Future<JsonObject> linkToAddress(AttemptThrottle throttle, String email, String source, boolean onlyUnverified,
                                           String purpose, Duration lifetime, String topic) {
    String token = Secrets.newSecret();
    return throttle.claim(email, source)
        .compose(attempt -> attempt.mayCheck() ? Future.succeededFuture() : Future.failedFuture(paused(attempt)))
        .compose(v -> repository.issueToAddress(email, onlyUnverified, Secrets.sha256(token), purpose, lifetime, topic,
            new JsonObject().put("token", token)))
        .map(sent -> SENT.copy());
  }

  /**
   * Spends a reset link: the new password is set, every session of the account ends (whoever had
   * it is out), and the address is verified (the link reached it).
   */
  public Future<JsonObject> completePasswordReset(String token, String password, String source) {
    byte[] hash = Secrets.sha256(token);
    AfterCommit after = new AfterCommit();
    return resets.claim(HexFormat.of().formatHex(hash), source)
        .compose(attempt -> attempt.mayCheck() ? repository.peekToken(hash, AccountsRepository.PASSWORD_RESET)
            : Future.failedFuture(paused(attempt)))
        .compose(found -> {
          AccountsRepository.Account account = found.orElseThrow(() -> Problem.of(INVALID_LINK));
          passwords.check(password, account.email(), account.name()).ifPresent(refusal -> {
            throw Problem.of(refusal);
          });
          return hasher.hash(password);
        })
        .compose(passwordHash -> repository.pool().withTransaction(tx ->
            repository.spendToken(tx, hash, AccountsRepository.PASSWORD_RESET).compose(spent -> {
              UUID accountId = spent.orElseThrow(() -> Problem.of(INVALID_LINK)).accountId();
              return repository.setPasswordHash(tx, accountId, passwordHash)
                  .compose(v -> repository.markEmailVerified(tx, accountId))
                  .compose(v -> repository.spendOtherTokens(tx, accountId, AccountsRepository.PASSWORD_RESET))
                  .compose(v -> repository.revokeSessions(tx, accountId, null))
                  .map(revoked -> {
                    after.add(() -> announceRevoked(revoked));
                    return new JsonObject().put("passwordSet", true);
                  });
            })))
        .onSuccess(done -> after.run());
  }

  // ---- signed in: password, address, profile ------------------------------------------------

  /**
   * A new password (the current one asked for when the account has one): every other session of
   * the account ends, this one goes on.
   */
  public Future<Outcome> changePassword(Identity who, String current, String password, Idempotency.Key key) {
    UUID accountId = UUID.fromString(who.subject());
    UUID thisSession = who.sessionId() == null ? null : UUID.fromString(who.sessionId());
    AfterCommit after = new AfterCommit();
    // All inside the key's transaction: a retry gets the first answer, not "wrong current password".
    return repository.pool().<Outcome>withTransaction(tx -> IdempotencyStore.once(tx, key, () ->
        ownAccount(tx, accountId)
            .compose(account -> currentPasswordRight(account, current).map(account))
            .compose(account -> {
              passwords.check(password, account.email(), account.name()).ifPresent(refusal -> {
                throw Problem.of(refusal);
              });
              return hasher.hash(password);
            })
            .compose(passwordHash -> repository.setPasswordHash(tx, accountId, passwordHash))
            .compose(v -> repository.revokeSessions(tx, accountId, thisSession))
            .map(revoked -> {
              after.add(() -> announceRevoked(revoked));
              return new Outcome(200, new JsonObject().put("passwordSet", true));
            })))
        .onSuccess(done -> after.run());
  }

  /**
   * A new address, which becomes the account's only once the link sent to it is used. When it
   * already has another account, its owner is told instead; the answer is the same.
   */
  public Future<Outcome> changeEmail(Identity who, String typedEmail, String current, Idempotency.Key key) {
    UUID accountId = UUID.fromString(who.subject());
    String email = EmailAddress.parse(typedEmail).orElseThrow(() -> Problem.of(EmailAddress.refusal()));
    JsonObject answer = new JsonObject().put("pendingEmail", email).put("detail",
        "Ti abbiamo scritto a " + email + ": apri il link nell'e-mail per confermare il nuovo indirizzo.");
    return repository.pool().withTransaction(tx -> IdempotencyStore.once(tx, key, () ->
        ownAccount(tx, accountId)
            .compose(account -> currentPasswordRight(account, current))
            .compose(v -> repository.findEnabledByEmail(tx, email))
            .compose(holder -> {
              if (holder.isPresent() && !holder.get().id().equals(accountId)) {
                return repository.announce(tx, "account.already-registered", holder.get().id(), new JsonObject());
              }
              return sendLink(tx, accountId, AccountsRepository.VERIFY_EMAIL, email, settings.verifyEmailLifetime(),
                  "account.verify-email", new JsonObject().put("to", email));
            })
            .map(v -> new Outcome(202, answer))));
  }

  public Future<JsonObject> profile(Identity who) {
    return ownAccount(repository.pool(), UUID.fromString(who.subject())).map(AccountsService::profileJson);
  }

  /**
   * Name, declared municipality, phone (E.164), language. A municipality given by the identity
   * provider (SPID, CIE) stays as it came.
   */
  public Future<Outcome> updateProfile(Identity who, JsonObject request, Idempotency.Key key) {
    UUID accountId = UUID.fromString(who.subject());
    String phoneTyped = request.getString("phone");
    String phone = phoneTyped == null || phoneTyped.isBlank() ? null : PhoneNumber.e164(phoneTyped).orElseThrow(() ->
        Problem.of(Refusal.invalid("invalid-phone", "Scrivi un numero di telefono valido, per esempio 347 123 4567 o +39 347 123 4567.")));
    String municipality = request.getString("municipality");
    return ownAccount(repository.pool(), accountId)
        .compose(account -> {
          if ("identity_provider".equals(account.municipalitySource()) && municipality != null
              && !municipality.equals(account.municipality())) {
            return Future.failedFuture(Problem.of(Refusal.invalid("municipality-from-identity-provider",
                "Il comune di residenza viene da SPID o CIE e non si può cambiare qui.")));
          }
          return validMunicipality(municipality);
        })
        .compose(v -> repository.pool().withTransaction(tx -> IdempotencyStore.once(tx, key, () ->
            repository.updateProfile(tx, accountId, request.getString("name").strip(), municipality, phone,
                    request.getString("language"))
                .compose(x -> repository.find(tx, accountId))
                .map(found -> new Outcome(200, profileJson(found.orElseThrow()))))));
  }

  /** Housekeeping: links long expired. */
  Future<Void> deleteExpired() {
    return repository.deleteExpiredTokens();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private Future<AccountsRepository.Account> ownAccount(SqlClient client, UUID accountId) {
    return repository.find(client, accountId).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(Problem.unauthorized("L'account non è più attivo."))));
  }

  /** The current password, when the account has one: asked again before anything that could lock its owner out. */
  private Future<Void> currentPasswordRight(AccountsRepository.Account account, String current) {
    if (account.passwordHash() == null) {
      return Future.succeededFuture();
    }
    return hasher.verify(current == null ? "" : current, account.passwordHash())
        .compose(right -> right ? Future.<Void>succeededFuture() : Future.failedFuture(Problem.of(WRONG_PASSWORD)));
  }

  private void announceRevoked(List<UUID> sessions) {
    sessions.forEach(id -> RevokedSessions.announce(nodes, id.toString()));
  }

  private static JsonObject profileJson(AccountsRepository.Account a) {
    return new JsonObject()
        .put("id", a.id().toString())
        .put("name", a.name())
        .put("email", a.email())
        .put("emailVerified", a.emailVerified())
        .put("hasPassword", a.passwordHash() != null)
        .put("codiceFiscale", a.codiceFiscale())
        .put("municipality", a.municipality())
        .put("municipalitySource", a.municipalitySource())
        .put("phone", a.phone())
        .put("language", a.language());
  }

  private static Problem paused(AttemptThrottle.Attempt attempt) {
    OffsetDateTime until = attempt.until();
    return AttemptThrottle.tryAgainLater("requests-paused", "Troppe richieste",
        "Hai fatto troppe richieste in poco tempo. Riprova tra %d minuti.", until);
  }
}
