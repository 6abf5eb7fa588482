package coop.sportello.calls;

import coop.sportello.calls.domain.LogEntry;
import coop.sportello.calls.domain.QueueSettings;
import coop.sportello.people.PeopleService;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.domain.PhoneNumber;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Problem;
import coop.sportello.privacy.ReadLog;
import coop.sportello.privacy.domain.ReadKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The database work of call distribution, for the owner and its election: each piece that must
 * be one transaction is opened here around {@link CallRepository}'s SQL, so neither the
 * distributor (a verticle) nor the election touches a pool or the repository.
 */
public final class CallStore {

  /** A call one may not write notes on and an unknown one get the same answer. */
  static final Refusal NO_SUCH_CALL = Refusal.notFound("call-not-found",
      "Nessuna chiamata tua con questo identificativo a cui aggiungere note ora.");

  private final Pool pool;
  private final CallRepository repository;
  private final PeopleService people;

  public CallStore(Pool pool, CallRepository repository, PeopleService people) {
    this.pool = pool;
    this.repository = repository;
    this.people = people;
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

  /**
   * The screen pop's caller of {@code callId}, calling from {@code number}: {number, numberDisplay,
   * person?, matches?, bookings[], chats[], openConversationId}. The person is the one account with
   * that number (none when several share it); they are kept with the call, so its operator may read
   * their bookings again ({@link #servedLately}). The operator's reading of them is logged first
   * ({@link ReadLog}): when that fails, no person is shown.
   */
  public Future<JsonObject> callerContext(String callId, String number, String operator) {
    JsonObject caller = CallJson.caller(number);
    Optional<String> e164 = PhoneNumber.e164(number);
    if (e164.isEmpty()) {
      return Future.succeededFuture(caller);
    }
    return people.withPhone(e164.get()).compose(found -> {
      if (found.person().isEmpty()) {
        return Future.succeededFuture(caller.put("matches", found.matches()));
      }
      JsonObject person = found.person().get();
      UUID id = UUID.fromString(person.getString("id"));
      return repository.attachPerson(callId, id)
          .compose(v -> ReadLog.record(pool, ReadLog.operator(operator), id, ReadKind.SCREEN_POP.wireName(), callId))
          .compose(v -> people.upcoming(id))
          .compose(bookings -> repository.openChatsOf(id).map(chats -> CallJson.recognised(caller, person, bookings, chats)));
    });
  }

  /** Whether the operator answered a call of the person that goes on or ended less than {@code minutes} ago. */
  public Future<Boolean> servedLately(String operator, UUID person, int minutes) {
    return repository.servedLately(operator, person, minutes);
  }

  /**
   * The operator's notes on a call they answered, replaced, in one transaction with the idempotency
   * key: {callId, notes {text, by, at}}; 404 for a call that is not theirs, not answered, unknown,
   * or ended {@code minutes} ago or more.
   */
  public Future<Idempotency.Outcome> saveNotes(Idempotency.Key key, String callId, String operator, String notes, int minutes) {
    return pool.withTransaction(conn -> IdempotencyStore.once(conn, key, () -> repository.saveNotes(conn, callId, operator,
            notes, minutes)
        .compose(saved -> saved.isPresent()
            ? Future.succeededFuture(new Idempotency.Outcome(200, new JsonObject().put("callId", callId).put("notes", saved.get())))
            : Future.failedFuture(Problem.of(NO_SUCH_CALL)))));
  }

  /** The notes of these calls, by call id. */
  public Future<Map<String, JsonObject>> notesOf(List<String> callIds) {
    return callIds.isEmpty() ? Future.succeededFuture(Map.of()) : repository.notesOf(callIds);
  }

  /** The calls that arrived in [{@code from}, {@code to}), with their notes. */
  public Future<JsonArray> history(Instant from, Instant to, int limit) {
    return repository.history(from, to, limit);
  }

  /** The stored log from an instant on, in the order it was written. */
  public Future<List<LogEntry>> logSince(Instant since) {
    return repository.logSince(since);
  }
}
