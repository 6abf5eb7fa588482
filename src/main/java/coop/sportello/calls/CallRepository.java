package coop.sportello.calls;

import coop.sportello.calls.domain.CallStatus;
import coop.sportello.calls.domain.Changes;
import coop.sportello.calls.domain.LiveCall;
import coop.sportello.calls.domain.LogEntry;
import coop.sportello.calls.domain.Operator;
import coop.sportello.calls.domain.OperatorState;
import coop.sportello.calls.domain.QueueSettings;
import coop.sportello.calls.domain.Strategy;
import coop.sportello.chat.domain.BusinessHours;
import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * All of the call queue's SQL. Work that must be one transaction takes the caller's connection
 * ({@link CallStore} opens the transactions); single statements run on the pool.
 */
public final class CallRepository {

  /** The owner lost its fencing epoch: another node owns the decisions now. */
  public static final class Fenced extends RuntimeException {
    Fenced() {
      super("another node owns call distribution now", null, false, false);
    }
  }

  /** What one group commit stores: the drained changes of one or more steps, and the PBX event ids they applied. */
  public record Batch(List<Changes> changes, List<PbxEventId> pbxEvents, Map<String, String> roundRobin) { }

  public record PbxEventId(String eventId, String callId) { }

  private static final String QUEUE_COLUMNS = "id, name, priority, strategy, max_length, join_when_empty, leave_when_empty,"
      + " overflow_queue, overflow_seconds, sl_seconds, sl_target_percent, wrap_up_seconds, ring_seconds,"
      + " auto_pause_after, announce_seconds, business_hours, closed_callback, closed_message, default_handle_seconds";

  private static final String UPSERT_CALL = """
      INSERT INTO calls (id, queue_id, caller_number, priority, skills, status, arrived_at, queue_entered_at, sequence,
                         ringing, ring_deadline, operator, answered_at, ended_at, callback_number, last_announced_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
      ON CONFLICT (id) DO UPDATE SET queue_id = EXCLUDED.queue_id, status = EXCLUDED.status,
        queue_entered_at = EXCLUDED.queue_entered_at, ringing = EXCLUDED.ringing, ring_deadline = EXCLUDED.ring_deadline,
        operator = EXCLUDED.operator, answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at,
        callback_number = EXCLUDED.callback_number, last_announced_at = EXCLUDED.last_announced_at""";

  private static final String UPDATE_OPERATOR = """
      UPDATE call_operators SET state = $2, state_since = $3, pause_reason = $4, wrap_until = $5, wrap_queue = $6,
        idle_since = $7, calls_taken = $8, unanswered_in_row = $9, current_call = $10, logged_queues = $11
      WHERE subject = $1""";

  private static final String INSERT_LOG = """
      INSERT INTO call_log (at, call_id, queue_id, operator, event, wait_ms, talk_ms, wrap_ms, position, data)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";

  /**
   * A call-back scheduled, for the notifications relay (issue 19), from the call just stored:
   * $1 call id, $2 when the caller may expect it (or null). The recipient is the one account with
   * the number to call back (none when several share it, as for the screen pop); without one, the
   * literal {@code phone}, and the relay texts the number in the payload.
   */
  private static final String ANNOUNCE_CALLBACK = """
      INSERT INTO outbox (topic, recipient, payload)
      SELECT 'call.callback-scheduled', coalesce(p.id::text, 'phone'),
             jsonb_strip_nulls(jsonb_build_object('callId', c.id, 'callbackAt', $2::text,
                                                  'phone', CASE WHEN p.id IS NULL THEN c.callback_number END))
        FROM calls c
        LEFT JOIN LATERAL (SELECT min(a.id::text) AS id FROM accounts a
                            WHERE a.phone = c.callback_number HAVING count(*) = 1) p ON true
       WHERE c.id = $1 AND c.callback_number IS NOT NULL""";

  private final Pool pool;

  public CallRepository(Pool pool) {
    this.pool = pool;
  }

  // ------------------------------------------------------------------ ownership

  /** The node the current owner named when it claimed distribution (on a cluster, its Vert.x node id). */
  public Future<String> ownerNode() {
    return pool.query("SELECT node FROM call_owner").execute().map(rows -> rows.iterator().next().getString(0));
  }

  /** Takes the session-level advisory lock {@code key} on {@code lockConnection} if nobody holds it; held until it closes. */
  public Future<Boolean> tryAdvisoryLock(SqlConnection lockConnection, long key) {
    return lockConnection.preparedQuery("SELECT pg_try_advisory_lock($1)").execute(Tuple.of(key))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Called by a node that just took the advisory lock: the next epoch is its fencing token. */
  public Future<Long> claimOwnership(SqlConnection lockConnection, String node) {
    return lockConnection.preparedQuery("UPDATE call_owner SET epoch = epoch + 1, node = $1, since = now() RETURNING epoch")
        .execute(Tuple.of(node)).map(rows -> rows.iterator().next().getLong(0));
  }

  // ------------------------------------------------------------------ the owner's group commit

  /**
   * Inside the caller's transaction: stores a batch, after checking that {@code epoch} still owns
   * the decisions. A call-back scheduled (its CALLBACK log line) is announced to the caller in the
   * same transaction: stored once, told once.
   */
  public Future<Void> store(SqlConnection conn, long epoch, Batch batch) {
    Map<String, LiveCall.View> calls = new LinkedHashMap<>();
    Map<String, Operator.View> operators = new LinkedHashMap<>();
    List<LogEntry> log = new ArrayList<>();
    for (Changes c : batch.changes()) {
      calls.putAll(c.calls());
      operators.putAll(c.operators());
      log.addAll(c.log());
    }
    List<Tuple> roundRobin = new ArrayList<>();
    batch.roundRobin().forEach((queue, subject) -> roundRobin.add(Tuple.of(queue, subject)));
    // FOR SHARE: a node claiming ownership waits for this batch, and after its claim this finds nothing.
    return conn.preparedQuery("SELECT 1 FROM call_owner WHERE epoch = $1 FOR SHARE").execute(Tuple.of(epoch))
        .compose(rows -> rows.size() == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(new Fenced()))
        .compose(v -> batch(conn, "INSERT INTO call_pbx_events (event_id, call_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            batch.pbxEvents().stream().map(e -> Tuple.of(e.eventId(), e.callId())).toList()))
        .compose(v -> batch(conn, UPSERT_CALL, calls.values().stream().map(CallRepository::callTuple).toList()))
        .compose(v -> batch(conn, UPDATE_OPERATOR, operators.values().stream().map(CallRepository::operatorTuple).toList()))
        .compose(v -> batch(conn, INSERT_LOG, log.stream().map(CallRepository::logTuple).toList()))
        .compose(v -> batch(conn, ANNOUNCE_CALLBACK, log.stream().filter(e -> "CALLBACK".equals(e.event()))
            .map(e -> Tuple.of(e.callId(), e.data().get(LogEntry.CALLBACK_AT))).toList()))
        .compose(v -> batch(conn, "UPDATE call_queues SET round_robin_last = $2 WHERE id = $1", roundRobin));
  }

  private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }

  // ------------------------------------------------------------------ recovery

  public record Snapshot(List<QueueSettings> queues, Map<String, String> roundRobin, List<Operator.View> operators,
                         Map<String, Map<String, Integer>> memberships, List<LiveCall.View> calls, List<LogEntry> log,
                         Set<String> recentPbxEvents) { }

  /**
   * First thing in the caller's transaction: everything a new owner needs, as of one moment
   * (configuration, live state, today's log for the KPIs, recent PBX event ids).
   */
  public Future<Snapshot> load(SqlConnection conn, Instant logSince) {
    return conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
        .compose(v -> conn.query("SELECT " + QUEUE_COLUMNS + ", round_robin_last FROM call_queues ORDER BY id").execute())
        .compose(queueRows -> {
          List<QueueSettings> queues = new ArrayList<>();
          Map<String, String> roundRobin = new HashMap<>();
          for (Row r : queueRows) {
            queues.add(queue(r));
            if (r.getString("round_robin_last") != null) {
              roundRobin.put(r.getString("id"), r.getString("round_robin_last"));
            }
          }
          return conn.query("SELECT * FROM call_operators ORDER BY subject").execute().compose(opRows -> {
            List<Operator.View> operators = new ArrayList<>();
            opRows.forEach(r -> operators.add(operator(r)));
            return conn.query("SELECT subject, queue_id, level FROM call_members").execute().compose(memberRows -> {
              Map<String, Map<String, Integer>> memberships = new HashMap<>();
              memberRows.forEach(r -> memberships.computeIfAbsent(r.getString("subject"), k -> new HashMap<>())
                  .put(r.getString("queue_id"), r.getInteger("level")));
              return conn.query("SELECT * FROM calls WHERE status IN ('waiting','ringing','on_call','callback') ORDER BY sequence")
                  .execute().compose(callRows -> {
                    List<LiveCall.View> calls = new ArrayList<>();
                    callRows.forEach(r -> calls.add(call(r)));
                    return logSince(conn, logSince).compose(log -> conn
                        .preparedQuery("SELECT event_id FROM call_pbx_events WHERE received_at > now() - interval '15 minutes'")
                        .execute().map(ids -> {
                          Set<String> recent = new java.util.HashSet<>();
                          ids.forEach(r -> recent.add(r.getString(0)));
                          return new Snapshot(queues, roundRobin, operators, memberships, calls, log, recent);
                        }));
                  });
            });
          });
        });
  }

  /** The stored log from an instant on, in the order it was written. */
  public Future<List<LogEntry>> logSince(Instant since) {
    return logSince(pool, since);
  }

  private static Future<List<LogEntry>> logSince(SqlClient client, Instant since) {
    return client.preparedQuery("SELECT * FROM call_log WHERE at >= $1 ORDER BY id").execute(Tuple.of(ts(since)))
        .map(rows -> {
          List<LogEntry> out = new ArrayList<>();
          rows.forEach(r -> out.add(logEntry(r)));
          return out;
        });
  }

  // ------------------------------------------------------------------ configuration

  public Future<Void> upsertQueue(QueueSettings q) {
    return pool.preparedQuery("INSERT INTO call_queues (" + QUEUE_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
            + " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,"
            + " priority = EXCLUDED.priority, strategy = EXCLUDED.strategy, max_length = EXCLUDED.max_length,"
            + " join_when_empty = EXCLUDED.join_when_empty, leave_when_empty = EXCLUDED.leave_when_empty,"
            + " overflow_queue = EXCLUDED.overflow_queue, overflow_seconds = EXCLUDED.overflow_seconds,"
            + " sl_seconds = EXCLUDED.sl_seconds, sl_target_percent = EXCLUDED.sl_target_percent,"
            + " wrap_up_seconds = EXCLUDED.wrap_up_seconds, ring_seconds = EXCLUDED.ring_seconds,"
            + " auto_pause_after = EXCLUDED.auto_pause_after, announce_seconds = EXCLUDED.announce_seconds,"
            + " business_hours = EXCLUDED.business_hours, closed_callback = EXCLUDED.closed_callback,"
            + " closed_message = EXCLUDED.closed_message, default_handle_seconds = EXCLUDED.default_handle_seconds")
        .execute(Tuple.from(new Object[] {q.id(), q.name(), q.priority(), q.strategy().wire(), q.maxLength(),
            q.joinWhenEmpty(), q.leaveWhenEmpty(), q.overflowQueue(), q.overflowQueue() == null ? null : q.overflowSeconds(),
            q.slSeconds(), q.slTargetPercent(), q.wrapUpSeconds(), q.ringSeconds(), q.autoPauseAfter(), q.announceSeconds(),
            q.hours().lines().toArray(new String[0]), q.closedCallback(), q.closedMessage(), (int) q.defaultHandleSeconds()}))
        .mapEmpty();
  }

  /** Inside the caller's transaction: creates or updates an operator's profile and replaces their queue memberships. */
  public Future<Void> upsertOperator(SqlConnection conn, String subject, String name, String endpoint, Set<String> skills,
                                     Map<String, Integer> levels) {
    return conn.preparedQuery("""
            INSERT INTO call_operators (subject, name, endpoint, skills) VALUES ($1, $2, $3, $4)
            ON CONFLICT (subject) DO UPDATE SET name = EXCLUDED.name, endpoint = EXCLUDED.endpoint, skills = EXCLUDED.skills""")
        .execute(Tuple.of(subject, name, endpoint, skills.toArray(new String[0])))
        .compose(v -> conn.preparedQuery("DELETE FROM call_members WHERE subject = $1").execute(Tuple.of(subject)))
        .compose(v -> batch(conn, "INSERT INTO call_members (queue_id, subject, level) VALUES ($1, $2, $3)",
            levels.entrySet().stream().map(e -> Tuple.of(e.getKey(), subject, e.getValue())).toList()));
  }

  // ------------------------------------------------------------------ the operator's desk

  /** The caller the screen pop recognised, kept with the call: its operator may read about them for a while. */
  public Future<Void> attachPerson(String callId, UUID person) {
    return pool.preparedQuery("UPDATE calls SET person = $2 WHERE id = $1").execute(Tuple.of(callId, person)).mapEmpty();
  }

  /** The person's open chats (at most one, V11), newest first: {conversationId, topic, status}. */
  public Future<JsonArray> openChatsOf(UUID person) {
    return pool.preparedQuery("""
            SELECT id, topic, status FROM chat_conversations
             WHERE owner = $1 AND status <> 'closed' ORDER BY queued_at DESC LIMIT 5""")
        .execute(Tuple.of(person.toString()))
        .map(chats -> {
          JsonArray list = new JsonArray();
          chats.forEach(r -> list.add(new JsonObject().put("conversationId", r.getUUID("id").toString())
              .put("topic", r.getString("topic")).put("status", r.getString("status"))));
          return list;
        });
  }

  /**
   * Whether {@code operator} answered a call from {@code person} that is still going on or ended
   * less than {@code minutes} ago (the person as the screen pop recognised them).
   */
  public Future<Boolean> servedLately(String operator, UUID person, int minutes) {
    return pool.preparedQuery("""
            SELECT EXISTS (SELECT 1 FROM calls WHERE operator = $1 AND person = $2 AND answered_at IS NOT NULL
                             AND (ended_at IS NULL OR ended_at > now() - make_interval(mins => $3)))""")
        .execute(Tuple.of(operator, person, minutes)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  /**
   * Inside the caller's transaction: the call's notes, replaced, if {@code operator} answered it
   * and it is still going on or ended less than {@code minutes} ago. Empty otherwise (someone
   * else's call, one never answered, an unknown id, or too late).
   */
  public Future<Optional<JsonObject>> saveNotes(SqlConnection conn, String callId, String operator, String notes, int minutes) {
    return conn.preparedQuery("""
            UPDATE calls SET notes = $3, notes_by = $2, notes_at = now()
             WHERE id = $1 AND operator = $2 AND answered_at IS NOT NULL
               AND (ended_at IS NULL OR ended_at > now() - make_interval(mins => $4))
            RETURNING id, notes, notes_by, notes_at""")
        .execute(Tuple.of(callId, operator, notes, minutes))
        .map(rows -> Rows.first(rows, CallRepository::notes));
  }

  /** The notes of these calls, by call id (calls without notes are left out). */
  public Future<Map<String, JsonObject>> notesOf(List<String> callIds) {
    return pool.preparedQuery("SELECT id, notes, notes_by, notes_at FROM calls WHERE id = ANY ($1) AND notes IS NOT NULL")
        .execute(Tuple.of(callIds.toArray(new String[0])))
        .map(rows -> {
          Map<String, JsonObject> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString("id"), notes(r)));
          return out;
        });
  }

  /**
   * The calls that arrived in [{@code from}, {@code to}), oldest first, at most {@code limit}: who
   * called, who answered, how it ended, and the operator's notes.
   */
  public Future<JsonArray> history(Instant from, Instant to, int limit) {
    return pool.preparedQuery("""
            SELECT c.id, c.queue_id, c.caller_number, c.person, a.display_name AS person_name, c.status, c.arrived_at,
                   c.answered_at, c.ended_at, c.operator, o.name AS operator_name, c.callback_number IS NOT NULL AS callback,
                   c.notes, c.notes_by, c.notes_at
              FROM calls c
              LEFT JOIN accounts a ON a.id = c.person
              LEFT JOIN call_operators o ON o.subject = c.operator
             WHERE c.arrived_at >= $1 AND c.arrived_at < $2
             ORDER BY c.arrived_at, c.sequence LIMIT $3""")
        .execute(Tuple.of(ts(from), ts(to), limit))
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(r -> list.add(CallJson.storedCall(r.getString("id"), r.getString("queue_id"), r.getString("caller_number"),
                  r.getString("status"), instant(r, "arrived_at"), instant(r, "answered_at"), instant(r, "ended_at"),
                  r.getString("operator"), r.getString("operator_name"), r.getBoolean("callback"))
              .put("person", r.getUUID("person") == null ? null
                  : new JsonObject().put("id", r.getUUID("person").toString()).put("name", r.getString("person_name")))
              .put("notes", r.getString("notes") == null ? null : notes(r))));
          return list;
        });
  }

  private static JsonObject notes(Row r) {
    return new JsonObject().put("text", r.getString("notes")).put("by", r.getString("notes_by"))
        .put("at", instant(r, "notes_at").toString());
  }

  // ------------------------------------------------------------------ mapping

  static QueueSettings queue(Row r) {
    return new QueueSettings(r.getString("id"), r.getString("name"), r.getInteger("priority"),
        Strategy.fromWire(r.getString("strategy")).orElseThrow(), r.getInteger("max_length"),
        r.getBoolean("join_when_empty"), r.getBoolean("leave_when_empty"), r.getString("overflow_queue"),
        r.getInteger("overflow_seconds") == null ? 0 : r.getInteger("overflow_seconds"), r.getInteger("sl_seconds"),
        r.getInteger("sl_target_percent"), r.getInteger("wrap_up_seconds"), r.getInteger("ring_seconds"),
        r.getInteger("auto_pause_after"), r.getInteger("announce_seconds"),
        BusinessHours.parse(List.of(r.getArrayOfStrings("business_hours"))), r.getBoolean("closed_callback"),
        r.getString("closed_message"), r.getInteger("default_handle_seconds"));
  }

  private static Operator.View operator(Row r) {
    return new Operator.View(r.getString("subject"), r.getString("name"), r.getString("endpoint"),
        Set.of(r.getArrayOfStrings("skills")), OperatorState.fromWire(r.getString("state")), instant(r, "state_since"),
        r.getString("pause_reason"), instant(r, "wrap_until"), r.getString("wrap_queue"), instant(r, "idle_since"),
        r.getInteger("calls_taken"), r.getInteger("unanswered_in_row"), r.getString("current_call"),
        new LinkedHashSet<>(List.of(r.getArrayOfStrings("logged_queues"))));
  }

  private static LiveCall.View call(Row r) {
    return new LiveCall.View(r.getString("id"), r.getString("queue_id"), r.getString("caller_number"), null,
        r.getInteger("priority"), Set.of(r.getArrayOfStrings("skills")), CallStatus.fromWire(r.getString("status")),
        instant(r, "arrived_at"), instant(r, "queue_entered_at"), new LinkedHashSet<>(List.of(r.getArrayOfStrings("ringing"))),
        instant(r, "ring_deadline"), r.getString("operator"), instant(r, "answered_at"), instant(r, "ended_at"),
        r.getString("callback_number"), instant(r, "last_announced_at"), r.getLong("sequence"));
  }

  private static LogEntry logEntry(Row r) {
    Map<String, String> data = new LinkedHashMap<>();
    JsonObject json = r.getJsonObject("data");
    if (json != null) {
      json.forEach(e -> data.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return new LogEntry(instant(r, "at"), r.getString("call_id"), r.getString("queue_id"), r.getString("operator"),
        r.getString("event"), r.getLong("wait_ms"), r.getLong("talk_ms"), r.getLong("wrap_ms"), r.getInteger("position"), data);
  }

  private static Tuple callTuple(LiveCall.View c) {
    return Tuple.from(new Object[] {c.id(), c.queueId(), c.from(), c.priority(), c.skills().toArray(new String[0]),
        c.status().wire(), ts(c.arrivedAt()), ts(c.queueEnteredAt()), c.sequence(), c.ringing().toArray(new String[0]),
        ts(c.ringDeadline()), c.operator(), ts(c.answeredAt()), ts(c.endedAt()), c.callbackNumber(), ts(c.lastAnnouncedAt())});
  }

  private static Tuple operatorTuple(Operator.View o) {
    return Tuple.from(new Object[] {o.subject(), o.state().wire(), ts(o.stateSince()), o.pauseReason(), ts(o.wrapUntil()),
        o.wrapQueue(), ts(o.idleSince()), o.callsTaken(), o.unansweredInRow(), o.currentCall(),
        o.loggedQueues().toArray(new String[0])});
  }

  private static Tuple logTuple(LogEntry e) {
    JsonObject data = new JsonObject();
    e.data().forEach(data::put);
    return Tuple.from(new Object[] {ts(e.at()), e.callId(), e.queueId(), e.operator(), e.event(), e.waitMs(), e.talkMs(),
        e.wrapMs(), e.position(), data});
  }

  static OffsetDateTime ts(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
