package coop.sportello.platform.auth;

import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Counts attempts at a secret per subject as typed, per source, and per subject from each source
 * ({@link AttemptPolicy} says what the counts mean), <em>before</em> anyone looks up whether the
 * subject exists: a name with an account behind it and one without are counted, delayed and
 * refused alike, and only the source that keeps failing is shut out.
 *
 * <p>Subjects and sources are stored as HMAC-SHA256 under a key made by the database (V19): a
 * username or an address typed by anyone is personal data, and small spaces (IPv4) are reversed
 * by a plain hash.
 */
public final class AttemptThrottle {

  /** What to do with a claimed attempt. */
  public enum Verdict { CHECK, LOCKED, PAUSED }

  /**
   * An attempt counted on its counters. {@code until}: when a refusal ends; {@code failuresAtSource}:
   * which attempt from this source at this subject it is.
   */
  public record Attempt(byte[] subject, byte[] source, Verdict verdict, OffsetDateTime until, int failuresAtSource) {
    public boolean mayCheck() {
      return verdict == Verdict.CHECK;
    }
  }

  /** The answer to a wrong secret: after {@code delay}, plain, or locked until {@code lockedUntil}. */
  public record Failure(Duration delay, OffsetDateTime lockedUntil) {
    public boolean locks() {
      return lockedUntil != null;
    }
  }

  private static final byte[] NONE = new byte[0];

  private final AttemptRepository repository;
  private final String purpose;
  private final AttemptPolicy policy;
  private volatile Mac mac;

  /** @param purpose {@code login} or {@code kiosk} (V19): whose counters these are */
  public AttemptThrottle(AttemptRepository repository, String purpose, AttemptPolicy policy) {
    this.repository = repository;
    this.purpose = purpose;
    this.policy = policy;
  }

  public AttemptPolicy policy() {
    return policy;
  }

  /**
   * Claims one attempt: first on the source (a paused source goes no further), then on the subject
   * from that source (a locked pair goes no further), then on the subject from anywhere, so that
   * one source can add at most {@code maxFailuresAtSource} failures to what every source shares.
   */
  public Future<Attempt> claim(String subject, String source) {
    return keys().compose(key -> {
      byte[] subjectKey = hashOf(key, "subject", subject);
      byte[] sourceKey = hashOf(key, "source", source);
      return repository.claim(purpose, AttemptRepository.Kind.SOURCE, NONE, sourceKey, policy.sourceWindow())
          .compose(fromSource -> policy.sourcePaused(fromSource.attempts())
              ? Future.succeededFuture(new Attempt(subjectKey, sourceKey, Verdict.PAUSED,
                  fromSource.windowStartedAt().plus(policy.sourceWindow()), 0))
              : claimAtSource(subjectKey, sourceKey));
    });
  }

  private Future<Attempt> claimAtSource(byte[] subjectKey, byte[] sourceKey) {
    return repository.claim(purpose, AttemptRepository.Kind.SUBJECT_AT_SOURCE, subjectKey, sourceKey, policy.lockDuration())
        .compose(atSource -> policy.lockedAtSource(atSource.attempts())
            ? Future.succeededFuture(new Attempt(subjectKey, sourceKey, Verdict.LOCKED,
                atSource.windowStartedAt().plus(policy.lockDuration()), atSource.attempts()))
            : claimAnywhere(subjectKey, sourceKey, atSource));
  }

  private Future<Attempt> claimAnywhere(byte[] subjectKey, byte[] sourceKey, AttemptRepository.Counter atSource) {
    Instant sourceSucceededAt = atSource.succeededAt() == null ? null : atSource.succeededAt().toInstant();
    return repository.claim(purpose, AttemptRepository.Kind.SUBJECT, subjectKey, NONE, policy.subjectWindow())
        .map(anywhere -> policy.subjectGuarded(anywhere.attempts(), sourceSucceededAt, Instant.now())
            ? new Attempt(subjectKey, sourceKey, Verdict.LOCKED, anywhere.windowStartedAt().plus(policy.subjectWindow()),
                atSource.attempts())
            : new Attempt(subjectKey, sourceKey, Verdict.CHECK, null, atSource.attempts()));
  }

  /** The secret was right: within the caller's transaction, so that it counts only if the sign-in does. */
  public Future<Void> succeeded(SqlClient client, Attempt attempt) {
    return repository.succeeded(client, purpose, attempt.subject(), attempt.source(), policy.trustedFor());
  }

  /** The secret was wrong (or there was none): how to answer, the same whether the subject exists or not. */
  public Future<Failure> failed(Attempt attempt) {
    Duration delay = policy.delayAfterFailure(attempt.failuresAtSource());
    if (!policy.failureLocks(attempt.failuresAtSource())) {
      return Future.succeededFuture(new Failure(delay, null));
    }
    return repository.restartWindow(purpose, attempt.subject(), attempt.source(), policy.lockDuration())
        .map(until -> new Failure(delay, until));
  }

  /**
   * The 429 that answers a refused attempt: {@code detail} says in how many minutes to try again
   * (its one {@code %d}), Retry-After in seconds.
   */
  public static Problem tryAgainLater(String type, String title, String detail, OffsetDateTime until) {
    long seconds = Math.max(1, Duration.between(OffsetDateTime.now(), until).toSeconds());
    return new Problem(429, type, title, detail.formatted(Math.max(1, (seconds + 59) / 60)))
        .header("Retry-After", String.valueOf(seconds));
  }

  /** Forgets these subjects' failures, locks and trusted sources. */
  public Future<Void> forget(SqlClient client, List<String> subjects) {
    return keys().compose(key -> repository.forgetSubjects(client, purpose,
        subjects.stream().map(s -> hashOf(key, "subject", s)).toList()));
  }

  /**
   * The HMAC, keyed once the database has given the key (asked again until it has: two first
   * calls at once both ask, harmlessly). Kept as the Mac itself, not a future, so that callers on
   * every event loop continue on their own.
   */
  private Future<Mac> keys() {
    Mac known = mac;
    return known != null ? Future.succeededFuture(known)
        : repository.secret().map(secret -> mac = newMac(secret));
  }

  private static Mac newMac(byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  /** The keyed hash of one value; "subject" and "source" keep the two spaces apart. */
  private byte[] hashOf(Mac prototype, String what, String value) {
    try {
      // A Mac is not thread-safe and verticles share this throttle: each hash works on its own copy.
      return ((Mac) prototype.clone()).doFinal((purpose + '\n' + what + '\n' + value).getBytes(StandardCharsets.UTF_8));
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JRE's HmacSHA256 can be cloned", e);
    }
  }
}
