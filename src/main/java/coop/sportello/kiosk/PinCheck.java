package coop.sportello.kiosk;

import coop.sportello.platform.auth.LoginPolicy;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A person's kiosk PIN checked against its Argon2id hash (on a worker) with one lock-out, wherever
 * it is typed: at a kiosk to identify, or by an operator whom the person told their PIN to approve
 * spending their welfare credit. Each attempt is claimed in PostgreSQL before the check, so
 * parallel guesses cannot pass the limit; failures are answered after a growing delay and the
 * limit locks the PIN (429 kiosk-pin-locked).
 */
public final class PinCheck {

  private final Vertx vertx;
  private final KioskRepository repository;
  private final PasswordHasher hasher;
  private final LoginPolicy policy;

  public PinCheck(Vertx vertx, KioskRepository repository, PasswordHasher hasher, LoginPolicy policy) {
    this.vertx = vertx;
    this.repository = repository;
    this.hasher = hasher;
    this.policy = policy;
  }

  /**
   * Succeeds when {@code pin} is the PIN of the person's account, and forgets their failures. A
   * person without a PIN (or a disabled account) gets {@code wrong} after the same work as a wrong PIN.
   */
  public Future<Void> verify(UUID accountId, String pin, Problem wrong) {
    return repository.pinHashOf(accountId).compose(hash -> hash.isEmpty() ? decoy(pin, wrong)
        : verify(accountId, hash.get(), pin, wrong).compose(v -> repository.forgetPinFailures(accountId)));
  }

  /** Checks a known hash; the caller forgets the failures when the PIN was right (with what it opens). */
  Future<Void> verify(UUID accountId, String pinHash, String pin, Problem wrong) {
    return repository.claimPinAttempt(accountId).compose(attempt -> {
      if (attempt.isEmpty()) {
        return repository.pinLockedUntil(accountId).compose(until -> Future.failedFuture(locked(until.orElse(null))));
      }
      int n = attempt.get();
      if (policy.attemptRefused(n)) {
        return repository.lockPin(accountId, policy.lockDuration().toSeconds())
            .compose(until -> Future.failedFuture(locked(until)));
      }
      return hasher.verify(pin, pinHash).compose(ok -> {
        if (ok) {
          return Future.succeededFuture();
        }
        Future<Void> lockIfNeeded = policy.failureLocks(n)
            ? repository.lockPin(accountId, policy.lockDuration().toSeconds()).mapEmpty()
            : Future.succeededFuture();
        Problem problem = policy.failureLocks(n) ? locked(OffsetDateTime.now().plus(policy.lockDuration())) : wrong;
        return lockIfNeeded.compose(v -> delayed(policy.delayAfterFailure(n), Future.failedFuture(problem)));
      });
    });
  }

  /** The answer to a PIN for nobody: the same Argon2 work and delay as a first wrong PIN. */
  <T> Future<T> decoy(String pin, Problem wrong) {
    return hasher.verify(pin, null).compose(ignored -> delayed(policy.delayAfterFailure(1), Future.failedFuture(wrong)));
  }

  private <T> Future<T> delayed(Duration delay, Future<T> outcome) {
    return vertx.timer(delay.toMillis()).compose(v -> outcome);
  }

  private static Problem locked(OffsetDateTime until) {
    long seconds = until == null ? 60 : Math.max(1, Duration.between(OffsetDateTime.now(), until).toSeconds());
    return new Problem(429, "kiosk-pin-locked", "PIN bloccato",
        "Troppi PIN sbagliati: per sicurezza l'identificazione è sospesa per " + KioskService.minutes(seconds)
            + " minuti. Puoi scegliere un nuovo PIN nell'area personale di Sportello.")
        .header("Retry-After", String.valueOf(seconds));
  }
}
