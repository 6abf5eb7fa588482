package coop.sportello.platform.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Argon2id through Password4j. Hashing costs tens of milliseconds of CPU on purpose,
 * so it always runs on a worker thread, never on an event loop.
 */
public final class PasswordHasher {

  // OWASP's second Argon2id profile: 19 MiB, 2 iterations, 1 lane.
  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
  // Checked against when the username is unknown, so timing does not reveal which accounts exist.
  private static final String DECOY_HASH = Password.hash("decoy-password").addRandomSalt(16).with(ARGON2).getResult();

  /**
   * One hash at a time per core, on a pool every hasher of the process shares: more at once only
   * make each one slower (19 MiB each, GC), so a burst of sign-ups queues here instead of thrashing
   * the worker pool (BENCHMARKS.md, onboarding).
   */
  private static final String POOL = "password-hashing";

  private final WorkerExecutor hashing;

  public PasswordHasher(Vertx vertx) {
    this.hashing = vertx.createSharedWorkerExecutor(POOL, Runtime.getRuntime().availableProcessors());
  }

  public static String hashBlocking(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  public Future<String> hash(String password) {
    return hashing.executeBlocking(() -> hashBlocking(password), false);
  }

  /** Verifies against {@code storedHash}, or against a decoy when it is null. */
  public Future<Boolean> verify(String password, String storedHash) {
    return hashing.executeBlocking(() -> {
      String hash = storedHash == null ? DECOY_HASH : storedHash;
      boolean ok = Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
      return ok && storedHash != null;
    }, false);
  }
}
