package coop.sportello.kiosk;

import coop.sportello.platform.auth.AttemptThrottle;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.UUID;

/**
 * A person's kiosk PIN told to someone else: an operator whom the person told their PIN to approve
 * spending their welfare credit. It goes through kiosk mode's attempt throttle (the same counters
 * and policy as identification), with the person's account as what is guessed and the requester
 * as where the guesses come from: a requester who guesses wrong locks only himself out of that
 * person, never the person out of their kiosk. Every wrong answer (no PIN, disabled account, wrong
 * PIN) costs the same Argon2 work and delay.
 */
public final class PinCheck {

  private final Vertx vertx;
  private final KioskRepository repository;
  private final PasswordHasher hasher;
  private final AttemptThrottle throttle;

  PinCheck(Vertx vertx, KioskRepository repository, PasswordHasher hasher, AttemptThrottle throttle) {
    this.vertx = vertx;
    this.repository = repository;
    this.hasher = hasher;
    this.throttle = throttle;
  }

  /** What the throttle counts for a PIN told to someone else (forgotten with the person's other locks). */
  static String subject(UUID accountId) {
    return "account:" + accountId;
  }

  /** Succeeds when {@code pin} is the PIN of the person's enabled account; {@code wrong} otherwise. */
  public Future<Void> verify(UUID accountId, String requester, String pin, Problem wrong) {
    return throttle.claim(subject(accountId), "requester:" + requester).compose(attempt -> {
      if (!attempt.mayCheck()) {
        return Future.failedFuture(attempt.verdict() == AttemptThrottle.Verdict.PAUSED
            ? KioskService.paused(attempt.until()) : KioskService.locked(attempt.until()));
      }
      return repository.pinHashOf(accountId).compose(hash -> hasher.verify(pin, hash.orElse(null))).compose(right -> right
          ? repository.pool().withTransaction(conn -> throttle.succeeded(conn, attempt))
          : throttle.failed(attempt).compose(failure -> vertx.timer(failure.delay().toMillis()).compose(v ->
              Future.failedFuture(failure.locks() ? KioskService.locked(failure.lockedUntil()) : wrong))));
    });
  }
}
