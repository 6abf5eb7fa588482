package coop.sportello.calls;

import coop.sportello.calls.domain.LogEntry;
import coop.sportello.calls.domain.QueueSettings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The database work of call distribution, for the owner and its election: each piece that must
 * be one transaction is opened here around {@link CallRepository}'s SQL, so neither the
 * distributor (a verticle) nor the election touches a pool or the repository.
 */
public final class CallStore {

  private final Pool pool;
  private final CallRepository repository;

  public CallStore(Pool pool, CallRepository repository) {
    this.pool = pool;
    this.repository = repository;
  }

  // ------------------------------------------------------------------ ownership

  /** The node the current owner named when it claimed distribution. */
  public Future<String> ownerNode() {
    return repository.ownerNode();
  }

  /** On the election's own connection: takes the lock {@code key} if nobody holds it; held until that connection closes. */
  public Future<Boolean> tryToLock(SqlConnection lockConnection, long key) {
    return repository.tryAdvisoryLock(lockConnection, key);
  }

  /** Right after taking the lock: the next epoch, the fencing token every later batch is checked against. */
  public Future<Long> claimOwnership(SqlConnection lockConnection, String node) {
    return repository.claimOwnership(lockConnection, node);
  }

  // ------------------------------------------------------------------ the owner

  /** Everything a new owner starts from, read in one repeatable-read transaction. */
  public Future<CallRepository.Snapshot> load(Instant logSince) {
    return pool.withTransaction(conn -> repository.load(conn, logSince));
  }

  /** One group commit, in one transaction, refused ({@link CallRepository.Fenced}) unless {@code epoch} still owns. */
  public Future<Void> store(long epoch, CallRepository.Batch batch) {
    return pool.withTransaction(conn -> repository.store(conn, epoch, batch));
  }

  public Future<Void> saveQueue(QueueSettings settings) {
    return repository.upsertQueue(settings);
  }

  /** An operator's profile and queue memberships, replaced together in one transaction. */
  public Future<Void> saveOperator(String subject, String name, String endpoint, Set<String> skills,
                                   Map<String, Integer> levels) {
    return pool.withTransaction(conn -> repository.upsertOperator(conn, subject, name, endpoint, skills, levels));
  }

  /** Who is calling from {@code number}: their account, next bookings and open chats (see {@link CallRepository#callerContext}). */
  public Future<JsonObject> callerContext(String number) {
    return repository.callerContext(number);
  }

  /** The stored log from an instant on, in the order it was written. */
  public Future<List<LogEntry>> logSince(Instant since) {
    return repository.logSince(since);
  }
}
