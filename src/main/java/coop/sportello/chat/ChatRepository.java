package coop.sportello.chat;

import coop.sportello.chat.domain.Conversation;
import coop.sportello.chat.domain.EventKind;
import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Every SQL statement of the chat. */
public final class ChatRepository {

  private static final String EVENT_COLUMNS =
      "conversation_id, seq, public_seq, kind, author, author_role, author_name, client_id, body, created_at";
  private static final String CONVERSATION_COLUMNS = """
      id, owner, owner_name, topic, language, status, manager, joined, passed_by, state_version,
      last_seq, last_public_seq, rating, created_at""";

  /**
   * Numbers the event in both sequences and stores it; $9, when not null, is the state version it
   * was checked against; $10 the kiosk session a kiosk wrote it in for its author (V16 checks it).
   * A message by staff is also the conversation's latest reply (V28), which the citizen is told of
   * if it waits unseen ({@link #announceRepliesWaiting}).
   */
  private static final String APPEND = """
      WITH c AS (
        UPDATE chat_conversations
           SET last_seq = last_seq + 1,
               last_public_seq = last_public_seq + CASE WHEN $2 THEN 1 ELSE 0 END,
               last_reply_public_seq = CASE WHEN $3::text = 'message' AND $5::text IN ('manager', 'supervisor')
                                            THEN last_public_seq + 1 ELSE last_reply_public_seq END,
               last_reply_at = CASE WHEN $3::text = 'message' AND $5::text IN ('manager', 'supervisor')
                                    THEN clock_timestamp() ELSE last_reply_at END
         WHERE id = $1 AND ($9::int IS NULL OR state_version = $9)
        RETURNING id, last_seq, last_public_seq)
      INSERT INTO chat_events (conversation_id, seq, public_seq, kind, author, author_role, author_name, client_id, body,
                               kiosk_session)
      SELECT c.id, c.last_seq, CASE WHEN $2 THEN c.last_public_seq END, $3, $4, $5, $6, $7, $8, $10 FROM c
      RETURNING\s""" + EVENT_COLUMNS;

  /**
   * The oldest queued conversation that some online manager can take, with that manager: the
   * least busy, then the longest since their last assignment. Conversations another node is
   * assigning right now are skipped, not waited for.
   */
  private static final String PICK = """
      SELECT c.id, m.subject
        FROM chat_conversations c
        CROSS JOIN LATERAL (
          SELECT m.subject FROM chat_managers m
           WHERE m.available AND m.seen_at > now() - make_interval(secs => $1)
             AND m.active_chats < m.max_chats
             AND c.topic = ANY (m.areas) AND c.language = ANY (m.languages)
             AND NOT (m.subject = ANY (c.passed_by))
           ORDER BY m.active_chats, m.last_assigned_at NULLS FIRST, m.subject
           LIMIT 1) m
       WHERE c.status = 'queued'
       ORDER BY c.queue_priority DESC, c.queued_at, c.id
       LIMIT 1
       FOR UPDATE OF c SKIP LOCKED""";

  /** One conversation waiting, with its place in the queue and the managers who could take it. */
  public record Waiting(UUID id, String owner, String topic, int position, int capacity, int free) { }

  /** The next assignable pair, locked for the transaction that picked it. */
  public record Pick(UUID conversation, String manager) { }

  private final Pool pool;

  public ChatRepository(Pool pool) {
    this.pool = pool;
  }

  // ---- conversations ---------------------------------------------------------------------

  /**
   * Opens a queued conversation and its "started" event in one statement; returns that event.
   * {@code kioskSession}: the kiosk session a kiosk opened it in for its owner, or null.
   */
  public Future<ChatEvent> insertConversation(SqlClient client, String owner, String ownerName, String request, String topic,
                                              String language, JsonObject fields, UUID kioskSession) {
    return client.preparedQuery("""
            WITH c AS (
              INSERT INTO chat_conversations (owner, owner_name, owner_request, topic, language, fields,
                                              status, last_seq, last_public_seq)
              VALUES ($1, $2, $3, $4, $5, $6, 'queued', 1, 1)
              RETURNING id),
            e AS (
              INSERT INTO chat_events (conversation_id, seq, public_seq, kind, author, author_role, author_name, client_id,
                                       body, kiosk_session)
              SELECT c.id, 1, 1, 'started', $1, 'citizen', $2, $3, jsonb_build_object('topic', $4::text, 'language', $5::text),
                     $7
                FROM c RETURNING *)
            SELECT\s""" + EVENT_COLUMNS + " FROM e")
        .execute(Tuple.tuple().addValue(owner).addValue(ownerName).addValue(request).addValue(topic).addValue(language)
            .addValue(fields).addValue(kioskSession))
        .map(rows -> event(rows.iterator().next()));
  }

  /** A person identified at a kiosk: their subject (account id) and name. */
  public record KioskPerson(String subject, String name) { }

  /** The person of the kiosk session {@code session}, if it is live and the kiosk {@code kiosk}'s (its subject). */
  public Future<Optional<KioskPerson>> kioskPerson(String kiosk, UUID session) {
    return pool.preparedQuery("""
            SELECT s.account_id::text, a.display_name
              FROM kiosk_sessions s JOIN accounts a ON a.id = s.account_id
             WHERE s.id = $1 AND 'kiosk:' || s.device_id::text = $2 AND s.ended_at IS NULL AND s.expires_at > now()""")
        .execute(Tuple.of(session, kiosk))
        .map(rows -> Rows.first(rows, r -> new KioskPerson(r.getString(0), r.getString(1))));
  }

  /** Whether {@code person} is identified at the kiosk {@code kiosk} now (V13's kiosk_may_act_for). */
  public Future<Boolean> kioskActsFor(String kiosk, String person) {
    return pool.preparedQuery("SELECT kiosk_may_act_for($1, $2)").execute(Tuple.of(kiosk, person))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Optional<Conversation>> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + CONVERSATION_COLUMNS + " FROM chat_conversations WHERE id = $1")
        .execute(Tuple.of(id)).map(rows -> Rows.first(rows, ChatRepository::conversation));
  }

  public Future<Optional<Conversation>> find(UUID id) {
    return find(pool, id);
  }

  /** Reads and locks the conversation until the transaction ends: its changes are serialised. */
  public Future<Optional<Conversation>> lock(SqlConnection conn, UUID id) {
    return conn.preparedQuery("SELECT " + CONVERSATION_COLUMNS + " FROM chat_conversations WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id)).map(rows -> Rows.first(rows, ChatRepository::conversation));
  }

  public Future<Optional<Conversation>> byRequest(String owner, String request) {
    return pool.preparedQuery("SELECT " + CONVERSATION_COLUMNS
            + " FROM chat_conversations WHERE owner = $1 AND owner_request = $2")
        .execute(Tuple.of(owner, request)).map(rows -> Rows.first(rows, ChatRepository::conversation));
  }

  public Future<Optional<Conversation>> openOf(String owner) {
    return pool.preparedQuery("SELECT " + CONVERSATION_COLUMNS
            + " FROM chat_conversations WHERE owner = $1 AND status <> 'closed'")
        .execute(Tuple.of(owner)).map(rows -> Rows.first(rows, ChatRepository::conversation));
  }

  /** The caller's conversations: their own, those offered or assigned to them, or (supervisors) every open one. */
  public Future<List<Conversation>> listFor(String subject, boolean supervisor) {
    String sql = supervisor
        ? "SELECT " + CONVERSATION_COLUMNS + " FROM chat_conversations WHERE status <> 'closed' OR owner = $1"
            + " ORDER BY created_at DESC LIMIT 500"
        : "SELECT " + CONVERSATION_COLUMNS + " FROM chat_conversations WHERE owner = $1 OR manager = $1"
            + " ORDER BY created_at DESC LIMIT 50";
    return pool.preparedQuery(sql).execute(Tuple.of(subject)).map(rows -> {
      List<Conversation> out = new ArrayList<>();
      rows.forEach(r -> out.add(conversation(r)));
      return out;
    });
  }

  public Future<Void> markAccepted(SqlConnection conn, UUID id) {
    return conn.preparedQuery("""
            UPDATE chat_conversations SET status = 'active', accepted_at = now(), state_version = state_version + 1
             WHERE id = $1""")
        .execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> offerTo(SqlConnection conn, UUID id, String manager) {
    return conn.preparedQuery("""
            UPDATE chat_conversations
               SET status = 'offered', manager = $2, offered_at = now(), accepted_at = NULL, state_version = state_version + 1
             WHERE id = $1""")
        .execute(Tuple.of(id, manager)).mapEmpty();
  }

  /**
   * Back to the queue. {@code passedBy}: a manager not to offer it to again; {@code head}: ahead
   * of everyone who joined normally; {@code topic}: a new team (area), or null to keep it.
   */
  public Future<Void> requeue(SqlConnection conn, UUID id, String passedBy, boolean head, String topic) {
    return conn.preparedQuery("""
            UPDATE chat_conversations
               SET status = 'queued', manager = NULL, offered_at = NULL, accepted_at = NULL,
                   passed_by = CASE WHEN $2::text IS NULL OR $2::text = ANY (passed_by) THEN passed_by
                                    ELSE array_append(passed_by, $2::text) END,
                   queue_priority = CASE WHEN $3 THEN 1 ELSE queue_priority END,
                   topic = coalesce($4, topic),
                   state_version = state_version + 1
             WHERE id = $1""")
        .execute(Tuple.of(id, passedBy, head, topic)).mapEmpty();
  }

  public Future<Void> markClosed(SqlConnection conn, UUID id) {
    return conn.preparedQuery("""
            UPDATE chat_conversations SET status = 'closed', closed_at = now(), manager = NULL, state_version = state_version + 1
             WHERE id = $1""")
        .execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> addJoined(SqlConnection conn, UUID id, String supervisor) {
    return conn.preparedQuery("""
            UPDATE chat_conversations
               SET joined = CASE WHEN $2::text = ANY (joined) THEN joined ELSE array_append(joined, $2::text) END,
                   state_version = state_version + 1
             WHERE id = $1""")
        .execute(Tuple.of(id, supervisor)).mapEmpty();
  }

  public Future<Void> rate(SqlConnection conn, UUID id, int score, String comment) {
    return conn.preparedQuery("UPDATE chat_conversations SET rating = $2, rating_comment = $3 WHERE id = $1")
        .execute(Tuple.of(id, score, comment)).mapEmpty();
  }

  // ---- events ----------------------------------------------------------------------------

  /** Appends within a transaction that already holds the conversation's lock. */
  public Future<ChatEvent> append(SqlConnection conn, UUID id, EventKind kind, String author, String authorRole,
                                  String authorName, String clientId, JsonObject body) {
    return append(conn, id, kind, author, authorRole, authorName, clientId, body, null);
  }

  /** The same, written by a kiosk for {@code author} in {@code kioskSession} (null: by the author). */
  public Future<ChatEvent> append(SqlConnection conn, UUID id, EventKind kind, String author, String authorRole,
                                  String authorName, String clientId, JsonObject body, UUID kioskSession) {
    return conn.preparedQuery(APPEND)
        .execute(appendArgs(id, kind, author, authorRole, authorName, clientId, body, null, kioskSession))
        .map(rows -> event(rows.iterator().next()));
  }

  /**
   * Appends in one autocommitted statement, only if the conversation is still at
   * {@code stateVersion} (empty otherwise). A repeated client id fails on
   * {@code chat_events_client_id_key}, and the counters roll back with it: no gap.
   */
  public Future<Optional<ChatEvent>> appendIfCurrent(UUID id, int stateVersion, EventKind kind, String author,
                                                     String authorRole, String authorName, String clientId,
                                                     JsonObject body, UUID kioskSession) {
    return pool.preparedQuery(APPEND)
        .execute(appendArgs(id, kind, author, authorRole, authorName, clientId, body, stateVersion, kioskSession))
        .map(rows -> Rows.first(rows, ChatRepository::event));
  }

  private static Tuple appendArgs(UUID id, EventKind kind, String author, String authorRole, String authorName,
                                  String clientId, JsonObject body, Integer stateVersion, UUID kioskSession) {
    return Tuple.tuple().addValue(id).addValue(kind.citizenVisible()).addValue(kind.wireName()).addValue(author)
        .addValue(authorRole).addValue(authorName).addValue(clientId).addValue(body).addValue(stateVersion)
        .addValue(kioskSession);
  }

  public Future<Optional<ChatEvent>> eventByClientId(UUID id, String author, String clientId) {
    return eventByClientId(pool, id, author, clientId);
  }

  public Future<Optional<ChatEvent>> eventByClientId(SqlClient client, UUID id, String author, String clientId) {
    return client.preparedQuery("SELECT " + EVENT_COLUMNS
            + " FROM chat_events WHERE conversation_id = $1 AND author = $2 AND client_id = $3")
        .execute(Tuple.of(id, author, clientId)).map(rows -> Rows.first(rows, ChatRepository::event));
  }

  /** Events after {@code after} in the staff sequence, or in the public sequence for the citizen. */
  public Future<List<ChatEvent>> eventsAfter(UUID id, long after, boolean staff, int limit) {
    String sql = staff
        ? "SELECT " + EVENT_COLUMNS + " FROM chat_events WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
        : "SELECT " + EVENT_COLUMNS + " FROM chat_events WHERE conversation_id = $1 AND public_seq > $2"
            + " ORDER BY public_seq LIMIT $3";
    return pool.preparedQuery(sql).execute(Tuple.of(id, after, limit)).map(ChatRepository::events);
  }

  // ---- managers and routing ----------------------------------------------------------------

  /**
   * A heartbeat: creates the profile on first use (every area, Italian; a supervisor narrows it)
   * and records that the manager is connected and whether they take new chats.
   */
  public Future<JsonObject> heartbeat(String subject, String displayName, boolean available) {
    return pool.preparedQuery("""
            INSERT INTO chat_managers (subject, display_name, areas, languages, available, seen_at)
            VALUES ($1, $2, ARRAY(SELECT code FROM service_areas ORDER BY position), ARRAY['it'], $3, now())
            ON CONFLICT (subject) DO UPDATE
              SET available = EXCLUDED.available, seen_at = EXCLUDED.seen_at
            RETURNING subject, display_name, areas, languages, max_chats, active_chats, available""")
        .execute(Tuple.of(subject, displayName, available))
        .map(rows -> manager(rows.iterator().next()));
  }

  /** Sets the profile of an existing, enabled welfare manager's account; empty for any other subject. */
  public Future<Optional<JsonObject>> setProfile(String subject, String displayName, List<String> areas,
                                                 List<String> languages, int maxChats) {
    return pool.preparedQuery("""
            INSERT INTO chat_managers (subject, display_name, areas, languages, max_chats)
            SELECT $1, $2, $3, $4, $5 FROM accounts a
             WHERE a.id::text = $1 AND 'welfare_manager' = ANY (a.roles) AND a.disabled_at IS NULL
            ON CONFLICT (subject) DO UPDATE
              SET display_name = EXCLUDED.display_name, areas = EXCLUDED.areas,
                  languages = EXCLUDED.languages, max_chats = EXCLUDED.max_chats
            RETURNING subject, display_name, areas, languages, max_chats, active_chats, available""")
        .execute(Tuple.tuple().addValue(subject).addValue(displayName).addValue(areas.toArray(String[]::new))
            .addValue(languages.toArray(String[]::new)).addValue(maxChats))
        .map(rows -> Rows.first(rows, ChatRepository::manager));
  }

  public Future<List<JsonObject>> managers(int presenceSeconds) {
    return pool.preparedQuery("""
            SELECT subject, display_name, areas, languages, max_chats, active_chats,
                   available AND seen_at > now() - make_interval(secs => $1) AS available
              FROM chat_managers ORDER BY display_name""")
        .execute(Tuple.of(presenceSeconds))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> out.add(manager(r)));
          return out;
        });
  }

  /**
   * Every manager as a colleague sees them when choosing whom to transfer to: presence
   * ({@code online}: available with a recent heartbeat, {@code paused}: connected but taking no
   * chats, {@code offline}), load and cap, topics and languages.
   */
  public Future<List<JsonObject>> colleagues(int presenceSeconds) {
    return pool.preparedQuery("""
            SELECT subject, display_name, areas, languages, max_chats, active_chats,
                   available AND coalesce(seen_at > now() - make_interval(secs => $1), false) AS available,
                   CASE WHEN seen_at IS NULL OR seen_at <= now() - make_interval(secs => $1) THEN 'offline'
                        WHEN available THEN 'online' ELSE 'paused' END AS presence
              FROM chat_managers ORDER BY display_name, subject""")
        .execute(Tuple.of(presenceSeconds))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> out.add(manager(r).put("presence", r.getString("presence"))));
          return out;
        });
  }

  // ---- whom a manager acts for ---------------------------------------------------------------

  /** Whether {@code person} owns a conversation that {@code manager} has accepted and is still handling. */
  public Future<Boolean> handlesCitizen(String manager, String person) {
    return exists("SELECT EXISTS (SELECT 1 FROM chat_conversations WHERE manager = $1 AND owner = $2 AND status = 'active')",
        manager, person);
  }

  /** Whether the booking's person is a citizen {@code manager} handles now (false for an unknown booking). */
  public Future<Boolean> handlesBookingOf(String manager, UUID booking) {
    return exists("""
        SELECT EXISTS (SELECT 1 FROM bookings b JOIN chat_conversations c ON c.owner = b.person
                        WHERE b.id = $2 AND c.manager = $1 AND c.status = 'active')""", manager, booking);
  }

  /** The same for a waiting-line entry's person. */
  public Future<Boolean> handlesWaitlistEntryOf(String manager, UUID entry) {
    return exists("""
        SELECT EXISTS (SELECT 1 FROM waitlist_entries w JOIN chat_conversations c ON c.owner = w.person
                        WHERE w.id = $2 AND c.manager = $1 AND c.status = 'active')""", manager, entry);
  }

  private Future<Boolean> exists(String sql, String manager, Object other) {
    return pool.preparedQuery(sql).execute(Tuple.of(manager, other)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** The next assignable pair, locked for this transaction. */
  public Future<Optional<Pick>> pickNext(SqlConnection conn, int presenceSeconds) {
    return conn.preparedQuery(PICK).execute(Tuple.of(presenceSeconds))
        .map(rows -> Rows.first(rows, r -> new Pick(r.getUUID(0), r.getString(1))));
  }

  /**
   * Takes one place of the manager's cap if they are online, able to handle the topic and
   * language, and under their cap: the conditional update (and the CHECK behind it) is what keeps
   * two nodes from going over. Returns the manager's display name.
   */
  public Future<Optional<String>> reserveManager(SqlConnection conn, String subject, String topic, String language,
                                                 int presenceSeconds) {
    return conn.preparedQuery("""
            UPDATE chat_managers SET active_chats = active_chats + 1, last_assigned_at = now()
             WHERE subject = $1 AND available AND seen_at > now() - make_interval(secs => $4)
               AND active_chats < max_chats AND $2 = ANY (areas) AND $3 = ANY (languages)
            RETURNING display_name""")
        .execute(Tuple.of(subject, topic, language, presenceSeconds))
        .map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  public Future<Void> releaseManager(SqlConnection conn, String subject) {
    return conn.preparedQuery("UPDATE chat_managers SET active_chats = active_chats - 1 WHERE subject = $1")
        .execute(Tuple.of(subject)).mapEmpty();
  }

  /** Locks the conversation if its offer is still open and older than {@code offerSeconds}. */
  public Future<Optional<Conversation>> lockLapsedOffer(SqlConnection conn, UUID id, int offerSeconds) {
    return conn.preparedQuery("SELECT " + CONVERSATION_COLUMNS + """
             FROM chat_conversations
            WHERE id = $1 AND status = 'offered' AND offered_at < now() - make_interval(secs => $2)
            FOR UPDATE""")
        .execute(Tuple.of(id, offerSeconds)).map(rows -> Rows.first(rows, ChatRepository::conversation));
  }

  /** Locks the conversation if its manager has still sent no heartbeat for {@code graceSeconds}. */
  public Future<Optional<Conversation>> lockAbandoned(SqlConnection conn, UUID id, int graceSeconds) {
    return conn.preparedQuery("SELECT " + CONVERSATION_COLUMNS + """
             FROM chat_conversations c JOIN chat_managers m ON m.subject = c.manager
            WHERE c.id = $1 AND c.status IN ('offered', 'active')
              AND (m.seen_at IS NULL OR m.seen_at < now() - make_interval(secs => $2))
            FOR UPDATE OF c""")
        .execute(Tuple.of(id, graceSeconds)).map(rows -> Rows.first(rows, ChatRepository::conversation));
  }

  /** Open conversations whose manager has sent no heartbeat for {@code graceSeconds}. */
  public Future<List<UUID>> abandonedByManagers(int graceSeconds) {
    return ids("""
        SELECT c.id FROM chat_conversations c JOIN chat_managers m ON m.subject = c.manager
         WHERE c.status IN ('offered', 'active') AND (m.seen_at IS NULL OR m.seen_at < now() - make_interval(secs => $1))
         LIMIT 200""", graceSeconds);
  }

  /** Offers nobody answered within {@code offerSeconds}. */
  public Future<List<UUID>> lapsedOffers(int offerSeconds) {
    return ids("""
        SELECT id FROM chat_conversations
         WHERE status = 'offered' AND offered_at < now() - make_interval(secs => $1) LIMIT 200""", offerSeconds);
  }

  private Future<List<UUID>> ids(String sql, int seconds) {
    return pool.preparedQuery(sql).execute(Tuple.of(seconds)).map(rows -> {
      List<UUID> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getUUID(0)));
      return out;
    });
  }

  /** Everyone waiting, in queue order, with their position and how many managers could take them. */
  public Future<List<Waiting>> queue(int presenceSeconds) {
    return pool.preparedQuery("""
            SELECT c.id, c.owner, c.topic, c.language,
                   row_number() OVER (ORDER BY c.queue_priority DESC, c.queued_at, c.id) AS position,
                   coalesce(cap.capacity, 0) AS capacity, coalesce(cap.free, 0) AS free
              FROM chat_conversations c
              LEFT JOIN LATERAL (
                SELECT sum(m.max_chats) AS capacity, sum(m.max_chats - m.active_chats) AS free
                  FROM chat_managers m
                 WHERE m.available AND m.seen_at > now() - make_interval(secs => $1)
                   AND c.topic = ANY (m.areas) AND c.language = ANY (m.languages)) cap ON true
             WHERE c.status = 'queued'
             ORDER BY position""")
        .execute(Tuple.of(presenceSeconds))
        .map(rows -> {
          List<Waiting> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(new Waiting(r.getUUID("id"), r.getString("owner"), r.getString("topic"),
              r.getLong("position").intValue(), r.getLong("capacity").intValue(), r.getLong("free").intValue())));
          return out;
        });
  }

  /** Mean length of conversations closed in the last week, or {@code fallback} if there are too few. */
  public Future<Long> averageHandleSeconds(long fallback) {
    return pool.query("""
            SELECT count(*), avg(extract(epoch FROM closed_at - accepted_at))::bigint
              FROM chat_conversations
             WHERE closed_at > now() - interval '7 days' AND accepted_at IS NOT NULL""")
        .execute()
        .map(rows -> {
          Row r = rows.iterator().next();
          return r.getLong(0) < 5 || r.getLong(1) == null ? fallback : Math.max(60, r.getLong(1));
        });
  }

  // ---- what the citizen is told while away (issue 19) -----------------------------------------

  /** Inside the change's transaction: an outbox row for the notifications relay ({@link ChatAnnouncements}). */
  Future<Void> outbox(SqlConnection conn, ChatAnnouncements.Row row) {
    return conn.preparedQuery("INSERT INTO outbox (topic, recipient, payload) VALUES ($1, $2, $3)")
        .execute(Tuple.of(row.topic(), row.recipient(), row.payload())).mapEmpty();
  }

  /**
   * Tells citizens of replies waiting for them (V28), in one statement: conversations owned by an
   * account whose latest reply is at least {@code minutes} old (and less than a day: an older one is
   * no news any more) and has reached no screen of the owner's (their delivered and read marks, and
   * their own latest event, are all below it), while they have come back since the last time they
   * were told (a mark at or above the reply announced then). Each is claimed by moving
   * {@code reply_waiting_announced_seq} up to the reply, in the statement that writes its outbox
   * row; rows another node is claiming are skipped, and one it claimed fails the condition. At most
   * {@code limit} per call; returns the conversations announced.
   */
  public Future<List<UUID>> announceRepliesWaiting(int minutes, int limit) {
    return pool.preparedQuery("""
            WITH due AS (
              SELECT c.id
                FROM chat_conversations c
                LEFT JOIN chat_receipts r ON r.conversation_id = c.id AND r.subject = c.owner
                CROSS JOIN LATERAL (
                  SELECT greatest(coalesce(r.delivered_seq, 0), coalesce(r.read_seq, 0),
                                  coalesce((SELECT e.public_seq FROM chat_events e
                                             WHERE e.conversation_id = c.id AND e.author = c.owner
                                               AND e.public_seq IS NOT NULL
                                             ORDER BY e.public_seq DESC LIMIT 1), 0)) AS seq) seen
               WHERE c.last_reply_public_seq > c.reply_waiting_announced_seq
                 AND c.last_reply_at > now() - interval '1 day'
                 AND c.last_reply_at <= now() - make_interval(mins => $1)
                 AND c.owner ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                 AND seen.seq < c.last_reply_public_seq
                 AND seen.seq >= c.reply_waiting_announced_seq
               ORDER BY c.last_reply_at
               LIMIT $2
               FOR UPDATE OF c SKIP LOCKED),
            claimed AS (
              UPDATE chat_conversations c SET reply_waiting_announced_seq = c.last_reply_public_seq
                FROM due
               WHERE c.id = due.id AND c.last_reply_public_seq > c.reply_waiting_announced_seq
              RETURNING c.id, c.owner)
            INSERT INTO outbox (topic, recipient, payload)
            SELECT $3, owner, jsonb_build_object('conversationId', id) FROM claimed
            RETURNING (payload ->> 'conversationId')::uuid""")
        .execute(Tuple.of(minutes, limit, ChatAnnouncements.REPLY_WAITING))
        .map(rows -> {
          List<UUID> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(r.getUUID(0)));
          return out;
        });
  }

  // ---- receipts and canned responses ---------------------------------------------------------

  /** Moves a participant's delivered and read marks forward (never back); returns them. */
  public Future<JsonObject> receipt(UUID id, String subject, long delivered, long read) {
    return pool.preparedQuery("""
            INSERT INTO chat_receipts AS r (conversation_id, subject, delivered_seq, read_seq)
            SELECT $1, $2, least($3, c.last_public_seq), least(greatest($3, $4), c.last_public_seq)
              FROM chat_conversations c WHERE c.id = $1
            ON CONFLICT (conversation_id, subject) DO UPDATE
              SET delivered_seq = greatest(r.delivered_seq, EXCLUDED.delivered_seq),
                  read_seq = greatest(r.read_seq, EXCLUDED.read_seq)
            RETURNING delivered_seq, read_seq""")
        .execute(Tuple.of(id, subject, delivered, read))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new JsonObject().put("delivered", r.getLong(0)).put("read", r.getLong(1));
        });
  }

  public Future<JsonArray> receipts(UUID id) {
    return pool.preparedQuery("SELECT subject, delivered_seq, read_seq FROM chat_receipts WHERE conversation_id = $1")
        .execute(Tuple.of(id))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("subject", r.getString(0))
              .put("delivered", r.getLong(1)).put("read", r.getLong(2))));
          return out;
        });
  }

  public Future<JsonArray> cannedResponses() {
    return pool.query("SELECT shortcut, title, text, area FROM chat_canned_responses ORDER BY area NULLS FIRST, title")
        .execute()
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("shortcut", r.getString(0)).put("title", r.getString(1))
              .put("text", r.getString(2)).put("area", r.getString(3))));
          return out;
        });
  }

  // ---- row mapping ---------------------------------------------------------------------------

  static Conversation conversation(Row r) {
    return new Conversation(r.getUUID("id"), r.getString("owner"), r.getString("owner_name"), r.getString("topic"),
        r.getString("language"), Conversation.Status.valueOf(r.getString("status").toUpperCase(Locale.ROOT)),
        // copyOf, not of: a manager who passed twice (a transfer brought the chat back to them) was
        // listed twice before the updates above kept the lists distinct, and Set.of refuses duplicates.
        r.getString("manager"), Set.copyOf(Arrays.asList(r.getArrayOfStrings("joined"))),
        Set.copyOf(Arrays.asList(r.getArrayOfStrings("passed_by"))),
        r.getInteger("state_version"), r.getLong("last_seq"), r.getLong("last_public_seq"),
        r.getInteger("rating"), r.getOffsetDateTime("created_at").toInstant());
  }

  static ChatEvent event(Row r) {
    return new ChatEvent(r.getUUID("conversation_id"), r.getLong("seq"), r.getLong("public_seq"),
        EventKind.fromWire(r.getString("kind")).orElseThrow(), r.getString("author"), r.getString("author_role"),
        r.getString("author_name"), r.getString("client_id"), (JsonObject) r.getValue("body"),
        r.getOffsetDateTime("created_at").toInstant());
  }

  private static List<ChatEvent> events(RowSet<Row> rows) {
    List<ChatEvent> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(event(r)));
    return out;
  }

  private static JsonObject manager(Row r) {
    return new JsonObject()
        .put("subject", r.getString("subject"))
        .put("name", r.getString("display_name"))
        .put("areas", new JsonArray(List.of(r.getArrayOfStrings("areas"))))
        .put("languages", new JsonArray(List.of(r.getArrayOfStrings("languages"))))
        .put("maxChats", r.getInteger("max_chats"))
        .put("activeChats", r.getInteger("active_chats"))
        .put("available", r.getBoolean("available"));
  }
}
