package coop.sportello.staff;

import coop.sportello.platform.auth.Role;
import coop.sportello.platform.database.Rows;
import coop.sportello.staff.domain.StaffPolicy;
import coop.sportello.staff.domain.StaffProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every SQL statement of staff management: staff accounts (accounts with a staff role), their
 * call-queue seats (call_operators, call_members: the operator's subject is the account id), their
 * chat profile (chat_managers, same subject), their sessions, the invitation in the outbox, and the
 * append-only audit (V33).
 */
public final class StaffRepository {

  /** A staff account as the page and the audit show it; {@code a} is the account. */
  private static final String MEMBER = """
      SELECT a.id, a.username, a.display_name, a.email, a.roles, a.provider_id, p.name AS provider_name,
             a.company_id, c.name AS company_name, a.disabled_at, a.created_at, a.password_hash IS NOT NULL AS has_password,
             coalesce((SELECT jsonb_agg(jsonb_build_object('queue', m.queue_id, 'level', m.level) ORDER BY m.level, m.queue_id)
                         FROM call_members m WHERE m.subject = a.id::text), '[]'::jsonb) AS queues,
             cm.areas, cm.languages, cm.max_chats
        FROM accounts a
        LEFT JOIN providers p ON p.id = a.provider_id
        LEFT JOIN companies c ON c.id = a.company_id
        LEFT JOIN chat_managers cm ON cm.subject = a.id::text AND 'welfare_manager' = ANY (a.roles)
      """;

  /** One staff account found, with its roles and cooperative for the access rule. */
  public record Member(UUID id, Set<Role> roles, UUID providerId, boolean disabled, JsonObject json) { }

  private final Pool pool;

  public StaffRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** The staff accounts, filtered: {@code provider} (a cooperative's admin sees only its own admins), role, status, text. */
  public Future<JsonArray> list(Optional<UUID> provider, String role, String status, String text) {
    return pool.preparedQuery(MEMBER + """
             WHERE a.roles && $1
               AND ($2::uuid IS NULL OR (a.provider_id = $2 AND a.roles <@ ARRAY['provider_admin', 'provider_staff']))
               AND ($3::text IS NULL OR $3 = ANY (a.roles))
               AND ($4::text IS NULL OR ($4 = 'disabled') = (a.disabled_at IS NOT NULL))
               AND ($5::text IS NULL OR a.display_name ILIKE '%' || $5 || '%' OR a.username ILIKE '%' || $5 || '%'
                    OR a.email ILIKE '%' || $5 || '%')
             ORDER BY a.disabled_at IS NOT NULL, a.display_name, a.id
             LIMIT 500""")
        .execute(Tuple.of(staffRoles(), provider.orElse(null), role, status, text == null ? null : likeSafe(text)))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(json(r)));
          return items;
        });
  }

  /** The account, locked for the change the caller's transaction makes, if it has a staff role. */
  public Future<Optional<Member>> lock(SqlClient c, UUID id) {
    return c.preparedQuery(MEMBER + " WHERE a.id = $1 AND a.roles && $2 FOR UPDATE OF a")
        .execute(Tuple.tuple().addValue(id).addValue(staffRoles()))
        .map(rows -> Rows.first(rows, StaffRepository::member));
  }

  /** The account as it is now (inside the caller's transaction: with its changes). */
  public Future<Member> find(SqlClient c, UUID id) {
    return c.preparedQuery(MEMBER + " WHERE a.id = $1").execute(Tuple.of(id))
        .map(rows -> member(rows.iterator().next()));
  }

  /** Creates the account without a password (the invitation says how to choose one); its id. */
  public Future<UUID> insertAccount(SqlClient c, String username, String displayName, String email, String codiceFiscale,
                                    String language, StaffProfile profile) {
    return c.preparedQuery("""
            INSERT INTO accounts (username, display_name, email, codice_fiscale, language, roles, provider_id, company_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
        .execute(Tuple.tuple().addValue(username).addValue(displayName).addValue(email).addValue(codiceFiscale)
            .addValue(language).addValue(wire(profile.roles())).addValue(profile.providerId()).addValue(profile.companyId()))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  /** New roles and organisations (the roles outside staff management, if any, are kept). */
  public Future<Void> updateAccount(SqlClient c, UUID id, String displayName, StaffProfile profile) {
    return c.preparedQuery("""
            UPDATE accounts SET display_name = $2, provider_id = $4, company_id = $5,
                   roles = ARRAY(SELECT DISTINCT r FROM unnest(array_cat($3, ARRAY(SELECT x FROM unnest(roles) x
                                                                        WHERE NOT x = ANY ($6)))) r ORDER BY r)
             WHERE id = $1""")
        .execute(Tuple.tuple().addValue(id).addValue(displayName).addValue(wire(profile.roles()))
            .addValue(profile.providerId()).addValue(profile.companyId()).addValue(staffRoles()))
        .mapEmpty();
  }

  /** Disables an enabled account; false when it was disabled already. V33 refuses disabling the last supervisor. */
  public Future<Boolean> disable(SqlClient c, UUID id) {
    return c.preparedQuery("UPDATE accounts SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL")
        .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  /** Enables a disabled account; false when it was enabled already. */
  public Future<Boolean> enable(SqlClient c, UUID id) {
    return c.preparedQuery("UPDATE accounts SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL")
        .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  /** Ends every sign-in of the account; the sessions to announce once this commits. */
  public Future<List<String>> revokeSessions(SqlClient c, UUID accountId) {
    return c.preparedQuery("UPDATE auth_sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL RETURNING id")
        .execute(Tuple.of(accountId))
        .map(rows -> {
          List<String> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0).toString()));
          return ids;
        });
  }

  /** The queue ids of {@code wanted} that exist. */
  public Future<Set<String>> knownQueues(SqlClient c, Set<String> wanted) {
    return codes(c, "SELECT id FROM call_queues WHERE id = ANY ($1)", wanted);
  }

  /** The area codes of {@code wanted} that exist. */
  public Future<Set<String>> knownAreas(SqlClient c, Set<String> wanted) {
    return codes(c, "SELECT code FROM service_areas WHERE code = ANY ($1)", wanted);
  }

  private static Future<Set<String>> codes(SqlClient c, String sql, Set<String> wanted) {
    return c.preparedQuery(sql).execute(Tuple.of(wanted.toArray(String[]::new))).map(rows -> {
      Set<String> found = new java.util.HashSet<>();
      rows.forEach(r -> found.add(r.getString(0)));
      return found;
    });
  }

  /** The name of the cooperative or company, if it exists. */
  public Future<Optional<String>> organisationName(SqlClient c, String table, UUID id) {
    String sql = switch (table) {
      case "providers" -> "SELECT name FROM providers WHERE id = $1";
      case "companies" -> "SELECT name FROM companies WHERE id = $1";
      default -> throw new IllegalArgumentException(table);
    };
    return c.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  /** A provider's name and kind (cooperative, municipality, association, shop). */
  public record Organisation(String name, String kind) { }

  /** The provider's name and kind, if it exists. */
  public Future<Optional<Organisation>> providerKind(SqlClient c, UUID id) {
    return c.preparedQuery("SELECT name, kind FROM providers WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, r -> new Organisation(r.getString(0), r.getString(1))));
  }

  /**
   * The operator's profile in the call center and their queues, replaced: the subject is the account
   * id, the endpoint (the phone the PBX rings) as given or kept.
   */
  public Future<Void> seatOperator(SqlClient c, UUID id, String name, String endpoint, StaffProfile profile) {
    String subject = id.toString();
    return c.preparedQuery("""
            INSERT INTO call_operators (subject, name, endpoint) VALUES ($1, $2, $3)
            ON CONFLICT (subject) DO UPDATE SET name = EXCLUDED.name, endpoint = EXCLUDED.endpoint""")
        .execute(Tuple.of(subject, name, endpoint))
        .compose(v -> unseatOperator(c, id))
        .compose(v -> profile.queues().isEmpty() ? Future.succeededFuture() : c.preparedQuery("""
                INSERT INTO call_members (queue_id, subject, level) VALUES ($1, $2, $3)""")
            .executeBatch(profile.queues().entrySet().stream().map(e -> Tuple.of(e.getKey(), subject, e.getValue())).toList())
            .mapEmpty());
  }

  /** The operator's endpoint as stored, if they have a call-center profile. */
  public Future<Optional<String>> endpoint(SqlClient c, UUID id) {
    return c.preparedQuery("SELECT endpoint FROM call_operators WHERE subject = $1").execute(Tuple.of(id.toString()))
        .map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  /** The operator's call-center profile as the queue's owner takes it: {name, endpoint, skills[], queues[{queue, level}]}. */
  public Future<JsonObject> operatorProfile(SqlClient c, UUID id) {
    return c.preparedQuery("""
            SELECT o.name, o.endpoint, o.skills,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('queue', m.queue_id, 'level', m.level))
                               FROM call_members m WHERE m.subject = o.subject), '[]'::jsonb) AS queues
              FROM call_operators o WHERE o.subject = $1""")
        .execute(Tuple.of(id.toString()))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new JsonObject().put("name", r.getString("name")).put("endpoint", r.getString("endpoint"))
              .put("skills", new JsonArray(List.of(r.getArrayOfStrings("skills"))))
              .put("queues", r.getJsonArray("queues"));
        });
  }

  /** No queue any more (the profile stays, for the call log's names). */
  public Future<Void> unseatOperator(SqlClient c, UUID id) {
    return c.preparedQuery("DELETE FROM call_members WHERE subject = $1").execute(Tuple.of(id.toString())).mapEmpty();
  }

  /** The welfare manager's chat profile, created or replaced (their load and presence are kept). */
  public Future<Void> seatManager(SqlClient c, UUID id, String name, StaffProfile profile) {
    return c.preparedQuery("""
            INSERT INTO chat_managers (subject, display_name, areas, languages, max_chats) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (subject) DO UPDATE SET display_name = EXCLUDED.display_name, areas = EXCLUDED.areas,
              languages = EXCLUDED.languages, max_chats = EXCLUDED.max_chats""")
        .execute(Tuple.of(id.toString(), name, profile.areas().toArray(String[]::new),
            profile.languages().toArray(String[]::new), profile.maxChats()))
        .mapEmpty();
  }

  /**
   * The manager takes no new chats and counts as gone: the chat sweeper gives their open
   * conversations back to the queue (seat_at NULL is "no heartbeat").
   */
  public Future<Void> makeManagerUnavailable(SqlClient c, UUID id) {
    return c.preparedQuery("UPDATE chat_managers SET available = false, seen_at = NULL WHERE subject = $1")
        .execute(Tuple.of(id.toString())).mapEmpty();
  }

  /** The account.invitation message (the template is the accounts part's). */
  public Future<Void> invite(SqlClient c, UUID id, String organisation, Set<Role> roles) {
    return c.preparedQuery("INSERT INTO outbox (topic, recipient, payload) VALUES ('account.invitation', $1, $2)")
        .execute(Tuple.of(id.toString(), new JsonObject().put("organisation", organisation)
            .put("roles", new JsonArray(wireList(roles)))))
        .mapEmpty();
  }

  /** One audit row. */
  public Future<Void> audit(SqlClient c, UUID actor, String action, UUID target, UUID provider, JsonObject before,
                            JsonObject after) {
    return c.preparedQuery("""
            INSERT INTO staff_audit (actor, action, target, provider_id, before, after) VALUES ($1, $2, $3, $4, $5, $6)""")
        .execute(Tuple.tuple().addValue(actor).addValue(action).addValue(target).addValue(provider).addValue(before)
            .addValue(after))
        .mapEmpty();
  }

  /** The latest audit rows, newest first; only the cooperative's when {@code provider} is given; of one target if given. */
  public Future<JsonArray> auditTrail(Optional<UUID> provider, UUID target, int limit) {
    return pool.preparedQuery("""
            SELECT s.id, s.at, s.action, s.actor, ac.display_name AS actor_name, s.target, t.display_name AS target_name,
                   t.username AS target_username, s.kiosk_device, k.label AS kiosk_label, s.before, s.after
              FROM staff_audit s JOIN accounts ac ON ac.id = s.actor LEFT JOIN accounts t ON t.id = s.target
              LEFT JOIN kiosk_devices k ON k.id = s.kiosk_device
             WHERE ($1::uuid IS NULL OR s.provider_id = $1) AND ($2::uuid IS NULL OR s.target = $2)
             ORDER BY s.id DESC LIMIT $3""")
        .execute(Tuple.of(provider.orElse(null), target, limit))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(new JsonObject()
              .put("id", r.getLong("id"))
              .put("at", r.getOffsetDateTime("at").toInstant().toString())
              .put("action", r.getString("action"))
              .put("actor", new JsonObject().put("id", r.getUUID("actor").toString()).put("name", r.getString("actor_name")))
              .put("target", r.getUUID("target") != null
                  ? new JsonObject().put("id", r.getUUID("target").toString()).put("name", r.getString("target_name"))
                      .put("username", r.getString("target_username"))
                  : new JsonObject().put("kioskId", r.getUUID("kiosk_device").toString()).put("name", r.getString("kiosk_label")))
              .put("before", r.getJsonObject("before"))
              .put("after", r.getJsonObject("after"))));
          return items;
        });
  }

  /**
   * What the create form offers: queues, areas, cooperatives with their kind (only {@code provider}
   * when given; a Comune is the provider of its municipal officers), companies.
   */
  public Future<JsonObject> choices(Optional<UUID> provider) {
    return pool.query("SELECT id, name FROM call_queues ORDER BY priority DESC, name").execute().compose(queues ->
        pool.query("SELECT code, label_it, label_en FROM service_areas ORDER BY position").execute().compose(areas ->
            pool.preparedQuery("SELECT id, name, kind FROM providers WHERE $1::uuid IS NULL OR id = $1 ORDER BY name")
                .execute(Tuple.of(provider.orElse(null))).compose(providers ->
                    pool.preparedQuery("SELECT id, name FROM companies WHERE $1::uuid IS NULL ORDER BY name")
                        .execute(Tuple.of(provider.orElse(null))).map(companies -> {
                          JsonArray q = new JsonArray();
                          queues.forEach(r -> q.add(new JsonObject().put("id", r.getString("id")).put("name", r.getString("name"))));
                          JsonArray a = new JsonArray();
                          areas.forEach(r -> a.add(new JsonObject().put("code", r.getString("code"))
                              .put("it", r.getString("label_it")).put("en", r.getString("label_en"))));
                          JsonArray p = new JsonArray();
                          providers.forEach(r -> p.add(new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name"))
                              .put("kind", r.getString("kind"))));
                          JsonArray c = new JsonArray();
                          companies.forEach(r -> c.add(new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name"))));
                          return new JsonObject().put("queues", q).put("areas", a).put("cooperatives", p).put("companies", c);
                        }))));
  }

  private static Member member(Row r) {
    Set<Role> roles = java.util.EnumSet.noneOf(Role.class);
    for (String name : r.getArrayOfStrings("roles")) {
      Role.fromWire(name).ifPresent(roles::add);
    }
    return new Member(r.getUUID("id"), roles, r.getUUID("provider_id"), r.getOffsetDateTime("disabled_at") != null, json(r));
  }

  private static JsonObject json(Row r) {
    JsonObject json = new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("username", r.getString("username"))
        .put("displayName", r.getString("display_name"))
        .put("email", r.getString("email"))
        .put("roles", new JsonArray(List.of(r.getArrayOfStrings("roles"))))
        .put("disabled", r.getOffsetDateTime("disabled_at") != null)
        .put("invitationPending", !r.getBoolean("has_password"))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
        .put("queues", r.getJsonArray("queues"));
    if (r.getUUID("provider_id") != null) {
      json.put("cooperative", new JsonObject().put("id", r.getUUID("provider_id").toString()).put("name", r.getString("provider_name")));
    }
    if (r.getUUID("company_id") != null) {
      json.put("company", new JsonObject().put("id", r.getUUID("company_id").toString()).put("name", r.getString("company_name")));
    }
    if (r.getArrayOfStrings("areas") != null) {
      json.put("chat", new JsonObject().put("areas", new JsonArray(List.of(r.getArrayOfStrings("areas"))))
          .put("languages", new JsonArray(List.of(r.getArrayOfStrings("languages")))).put("maxChats", r.getInteger("max_chats")));
    }
    return json;
  }

  private static String[] staffRoles() {
    return wire(StaffPolicy.STAFF_ROLES);
  }

  private static String[] wire(Set<Role> roles) {
    return wireList(roles).toArray(String[]::new);
  }

  private static List<String> wireList(Set<Role> roles) {
    return roles.stream().map(Role::wireName).sorted().toList();
  }

  /** Text searched as typed: % and _ are not wildcards. */
  private static String likeSafe(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
