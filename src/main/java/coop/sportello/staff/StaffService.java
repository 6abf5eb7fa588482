package coop.sportello.staff;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.RevokedSessions;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.staff.domain.StaffPolicy;
import coop.sportello.staff.domain.StaffProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Staff accounts: created (without a password, with an invitation), changed, disabled and enabled
 * again, each in one transaction with its idempotency key, its queue seats or chat profile and one
 * audit row. Disabling ends every session of the account on every node once it commits, makes a
 * welfare manager unavailable (their open chats go back to the queue) and signs an operator out of
 * every queue. Staff accounts are separate from personal ones: an e-mail address or codice fiscale
 * that already has an account is refused (409), so that the powers of a work account never ride on
 * credentials a person set up for themselves, and ending the work account leaves their own alone.
 */
public final class StaffService {

  private static final Logger LOG = LoggerFactory.getLogger(StaffService.class);

  /**
   * The call center as staff management needs it: the distribution owner keeps operators in
   * memory, so after the seats are stored it is told (it loads them from the tables after a restart).
   */
  public interface CallCenter {
    /** The operator's profile and queues as stored now: {name, endpoint, skills[], queues[{queue, level}]}. */
    Future<Void> seated(String subject, JsonObject profile);

    /** Out of every queue, offline; fails with a 409 problem while they are on a call. */
    Future<Void> signOut(String subject);
  }

  private static final Refusal NOT_A_COMUNE = Refusal.invalid("not-a-comune",
      "Il ruolo di funzionario comunale si dà solo a un account di un Comune: scegli un ente di tipo Comune.");

  private final Pool pool;
  private final NodeBus nodeBus;
  private final StaffRepository repository;
  private final CallCenter callCenter;
  private final String networkName;

  public StaffService(Pool pool, NodeBus nodeBus, StaffRepository repository, CallCenter callCenter, String networkName) {
    this.pool = pool;
    this.nodeBus = nodeBus;
    this.repository = repository;
    this.callCenter = callCenter;
    this.networkName = networkName;
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The staff accounts the actor manages, filtered: {items[]}. */
  public Future<JsonObject> list(Identity actor, String role, String status, String text) {
    return repository.list(StaffPolicy.ownCooperativeOnly(actor), role, status, text)
        .map(items -> new JsonObject().put("items", items));
  }

  /** One staff account the actor manages; 404 otherwise. */
  public Future<JsonObject> one(Identity actor, UUID id) {
    return pool.withTransaction(conn -> managed(conn, actor, id).map(StaffRepository.Member::json));
  }

  /** The audit trail the actor may read (a cooperative's admin: their cooperative's rows). */
  public Future<JsonObject> audit(Identity actor, UUID target, int limit) {
    return repository.auditTrail(StaffPolicy.ownCooperativeOnly(actor), target, limit)
        .map(items -> new JsonObject().put("items", items));
  }

  /** What the forms offer this actor: the roles they grant, queues, areas, cooperatives, companies. */
  public Future<JsonObject> choices(Identity actor) {
    return repository.choices(StaffPolicy.ownCooperativeOnly(actor)).map(json -> json.put("roles",
        new JsonArray(StaffPolicy.grantableBy(actor).stream().map(Role::wireName).sorted().toList())));
  }

  // ---- changing ------------------------------------------------------------------------------

  /** A new staff account, with an invitation to choose a password: 201 and the account. */
  public Future<Outcome> create(Identity actor, JsonObject request, Idempotency.Key key) {
    StaffProfile profile;
    String codiceFiscale;
    try {
      profile = profile(actor, request);
      codiceFiscale = codiceFiscale(request.getString("codiceFiscale"));
    } catch (Problem refused) {
      return Future.failedFuture(refused);
    }
    String username = request.getString("username").strip().toLowerCase(Locale.ROOT);
    String name = request.getString("displayName").strip();
    String email = request.getString("email").strip().toLowerCase(Locale.ROOT);
    return change(key, (conn, after) -> organisation(conn, profile).compose(organisation ->
        repository.insertAccount(conn, username, name, email, codiceFiscale, request.getString("language", "it"), profile)
            .compose(id -> seat(conn, after, id, name, endpointFor(request, username), profile, null)
                .compose(v -> repository.invite(conn, id, organisation, profile.roles()))
                .compose(v -> repository.find(conn, id))
                .compose(created -> recorded(conn, actor, "created", null, created, 201)))));
  }

  /** New name, roles and settings for a staff account; a change of roles ends its sessions (the token carries them). */
  public Future<Outcome> change(Identity actor, UUID id, JsonObject request, Idempotency.Key key) {
    StaffProfile profile;
    try {
      profile = profile(actor, request);
    } catch (Problem refused) {
      return Future.failedFuture(refused);
    }
    String name = request.getString("displayName").strip();
    return change(key, (conn, after) -> managed(conn, actor, id).compose(before -> organisation(conn, profile)
        .compose(organisation -> repository.updateAccount(conn, id, name, profile))
        .compose(v -> repository.endpoint(conn, id))
        .compose(stored -> seat(conn, after, id, name,
            Optional.ofNullable(request.getString("endpoint")).or(() -> stored)
                .orElseGet(() -> endpointFor(request, before.json().getString("username"))), profile, before))
        .compose(v -> repository.find(conn, id))
        .compose(changed -> (changed.roles().equals(before.roles()) ? Future.<Void>succeededFuture()
            : endSessions(conn, after, id)).compose(v -> recorded(conn, actor, "changed", before, changed, 200)))));
  }

  /** Disables the account: its sessions end everywhere, a manager becomes unavailable, an operator leaves the queues. */
  public Future<Outcome> disable(Identity actor, UUID id, Idempotency.Key key) {
    Optional<Refusal> own = StaffPolicy.mayDisable(actor, id);
    if (own.isPresent()) {
      return Future.failedFuture(Problem.of(own.get()));
    }
    return change(key, (conn, after) -> managed(conn, actor, id).compose(before -> {
      if (before.roles().contains(Role.OPERATOR)) {
        // Also when it was disabled already: asking again signs out an operator who was on a call then.
        after.then(json -> signOut(id, json));
      }
      return repository.disable(conn, id).compose(changed -> !changed ? Future.succeededFuture(new Outcome(200, before.json()))
          : endSessions(conn, after, id)
              .compose(v -> repository.makeManagerUnavailable(conn, id))
              .compose(v -> repository.find(conn, id))
              .compose(disabled -> recorded(conn, actor, "disabled", before, disabled, 200)));
    }));
  }

  /** Enables a disabled account again; the person signs in anew (an operator then logs in to their queues). */
  public Future<Outcome> enable(Identity actor, UUID id, Idempotency.Key key) {
    return change(key, (conn, after) -> managed(conn, actor, id).compose(before ->
        repository.enable(conn, id).compose(changed -> !changed ? Future.succeededFuture(new Outcome(200, before.json()))
            : repository.find(conn, id).compose(enabled -> recorded(conn, actor, "enabled", before, enabled, 200)))));
  }

  // ---- the steps -----------------------------------------------------------------------------

  /** What happens once a change has committed: announcements, then the call center, each possibly adding to the answer. */
  private static final class Afterwards {
    final AfterCommit announcements = new AfterCommit();
    final List<Function<JsonObject, Future<JsonObject>>> steps = new ArrayList<>();

    void then(Function<JsonObject, Future<JsonObject>> step) {
      steps.add(step);
    }

    Future<Outcome> run(Outcome outcome) {
      announcements.run();
      Future<JsonObject> body = Future.succeededFuture(outcome.body().copy());
      for (Function<JsonObject, Future<JsonObject>> step : steps) {
        body = body.compose(step);
      }
      return body.map(json -> new Outcome(outcome.status(), json));
    }
  }

  private interface Work {
    Future<Outcome> apply(SqlConnection conn, Afterwards after);
  }

  private Future<Outcome> change(Idempotency.Key key, Work work) {
    Afterwards after = new Afterwards();
    return pool.<Outcome>withTransaction(conn -> IdempotencyStore.once(conn, key, () -> work.apply(conn, after)))
        .recover(failure -> Future.failedFuture(explain(failure)))
        .compose(after::run);
  }

  /** The account, locked, if the actor manages it; 404 alike for unknown accounts and those of others. */
  private Future<StaffRepository.Member> managed(SqlConnection conn, Identity actor, UUID id) {
    return repository.lock(conn, id).compose(found -> found
        .filter(member -> StaffPolicy.manages(actor, member.roles(), member.providerId()))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(Problem.of(StaffPolicy.NOT_FOUND))));
  }

  /** The audit row of a change, then the answer: the account as it is now. */
  private Future<Outcome> recorded(SqlConnection conn, Identity actor, String action, StaffRepository.Member before,
                                   StaffRepository.Member now, int status) {
    JsonObject was = before == null ? null : snapshot(before.json());
    JsonObject is = snapshot(now.json());
    if (was != null && was.equals(is) && "changed".equals(action)) {
      return Future.succeededFuture(new Outcome(status, now.json()));
    }
    UUID cooperative = now.providerId() != null ? now.providerId() : before == null ? null : before.providerId();
    return repository.audit(conn, UUID.fromString(actor.subject()), action, now.id(), cooperative, was, is)
        .map(v -> new Outcome(status, now.json()));
  }

  /** What the audit keeps of an account: roles, organisations, queues, chat settings, disabled. */
  private static JsonObject snapshot(JsonObject member) {
    JsonObject snapshot = new JsonObject().put("roles", member.getJsonArray("roles")).put("queues", member.getJsonArray("queues"))
        .put("disabled", member.getBoolean("disabled"));
    Optional.ofNullable(member.getJsonObject("cooperative")).ifPresent(c -> snapshot.put("providerId", c.getString("id")));
    Optional.ofNullable(member.getJsonObject("company")).ifPresent(c -> snapshot.put("companyId", c.getString("id")));
    Optional.ofNullable(member.getJsonObject("chat")).ifPresent(c -> snapshot.put("chat", c));
    return snapshot;
  }

  /**
   * The call-queue seats and chat profile the profile asks for. A former operator loses their
   * queues (and is signed out once this commits); a former manager takes no more chats.
   */
  private Future<Void> seat(SqlConnection conn, Afterwards after, UUID id, String name, String endpoint, StaffProfile profile,
                            StaffRepository.Member before) {
    boolean wasOperator = before != null && before.roles().contains(Role.OPERATOR);
    boolean wasManager = before != null && before.roles().contains(Role.WELFARE_MANAGER);
    Future<Void> calls;
    if (profile.operator()) {
      calls = repository.seatOperator(conn, id, name, endpoint, profile)
          .compose(v -> repository.operatorProfile(conn, id))
          .map(seats -> {
            after.then(json -> seated(id, seats, json));
            return null;
          });
    } else if (wasOperator) {
      calls = repository.unseatOperator(conn, id)
          .compose(v -> repository.operatorProfile(conn, id))
          .map(seats -> {
            after.then(json -> seated(id, seats, json).compose(j -> signOut(id, j)));
            return null;
          });
    } else {
      calls = Future.succeededFuture();
    }
    return calls.compose(v -> profile.manager() ? repository.seatManager(conn, id, name, profile)
        : wasManager ? repository.makeManagerUnavailable(conn, id) : Future.succeededFuture());
  }

  private Future<Void> endSessions(SqlConnection conn, Afterwards after, UUID id) {
    return repository.revokeSessions(conn, id).map(sessions -> {
      // Announced when the transaction commits: a rollback would leave them valid.
      after.announcements.add(() -> sessions.forEach(session -> RevokedSessions.announce(nodeBus, session)));
      return null;
    });
  }

  /** The distribution owner learns the seats just stored; if it cannot be reached now, it reads them when it starts. */
  private Future<JsonObject> seated(UUID id, JsonObject seats, JsonObject answer) {
    return callCenter.seated(id.toString(), seats)
        .map(answer)
        .recover(e -> {
          LOG.warn("Call center not told of operator {} now: {}", id, e.getMessage());
          return Future.succeededFuture(answer);
        });
  }

  /** Out of the queues; {@code stillOnCall} says they were on a call (disable again once it ends). */
  private Future<JsonObject> signOut(UUID id, JsonObject answer) {
    return callCenter.signOut(id.toString()).map(v -> answer.put("stillOnCall", false)).recover(e -> {
      if (e instanceof Problem p && p.status() == 409) {
        return Future.succeededFuture(answer.put("stillOnCall", true));
      }
      if (!(e instanceof Problem p && p.status() == 404)) {
        LOG.warn("Operator {} not signed out of the queues now: {}", id, e.getMessage());
      }
      return Future.succeededFuture(answer.put("stillOnCall", false));
    });
  }

  /** Checks what the profile names exists; the organisation the invitation comes from. */
  private Future<String> organisation(SqlConnection conn, StaffProfile profile) {
    Set<String> queues = profile.queues().keySet();
    Set<String> areas = new HashSet<>(profile.areas());
    return repository.knownQueues(conn, queues).compose(known -> {
      Optional<String> unknown = queues.stream().filter(q -> !known.contains(q)).sorted().findFirst();
      return unknown.isPresent() ? refuse("unknown-queue", "Coda telefonica sconosciuta: " + unknown.get() + ".")
          : repository.knownAreas(conn, areas).compose(knownAreas -> {
            Optional<String> unknownArea = areas.stream().filter(a -> !knownAreas.contains(a)).sorted().findFirst();
            return unknownArea.isPresent() ? refuse("unknown-area", "Area sconosciuta: " + unknownArea.get() + ".")
                : named(conn, "companies", profile.companyId(), "unknown-company", "L'azienda scelta non esiste.")
                    .compose(company -> named(conn, "providers", profile.providerId(), "unknown-cooperative",
                        "La cooperativa scelta non esiste.")
                        .compose(cooperative -> comune(conn, profile))
                        .map(cooperative -> cooperative.or(() -> company).orElse(networkName)));
          });
    });
  }

  /** A municipal officer's provider is a Comune; the name it invites them from. */
  private Future<Optional<String>> comune(SqlConnection conn, StaffProfile profile) {
    if (profile.providerId() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return repository.providerKind(conn, profile.providerId()).compose(kind ->
        profile.officer() && !kind.map(k -> k.kind().equals("municipality")).orElse(false)
            ? Future.failedFuture(Problem.of(NOT_A_COMUNE)) : Future.succeededFuture(kind.map(StaffRepository.Organisation::name)));
  }

  private Future<Optional<String>> named(SqlConnection conn, String table, UUID id, String type, String detail) {
    return id == null ? Future.succeededFuture(Optional.empty())
        : repository.organisationName(conn, table, id).compose(name -> name.isPresent()
            ? Future.succeededFuture(name) : refuse(type, detail));
  }

  private static <T> Future<T> refuse(String type, String detail) {
    return Future.failedFuture(Problem.of(Refusal.invalid(type, detail)));
  }

  // ---- reading the request -------------------------------------------------------------------

  private static StaffProfile profile(Identity actor, JsonObject request) {
    StaffPolicy.Result<Set<Role>> roles = StaffPolicy.roles(strings(request.getJsonArray("roles")));
    if (roles.refused()) {
      throw Problem.of(roles.refusal());
    }
    Map<String, Integer> queues = new LinkedHashMap<>();
    for (Object o : request.getJsonArray("queues", new JsonArray())) {
      JsonObject seat = (JsonObject) o;
      queues.put(seat.getString("queue"), seat.getInteger("level", 1));
    }
    StaffPolicy.Result<StaffProfile> profile = StaffPolicy.check(actor, roles.value(), uuid(request, "providerId"),
        uuid(request, "companyId"), queues, strings(request.getJsonArray("areas")), strings(request.getJsonArray("languages")),
        request.getInteger("maxChats"));
    if (profile.refused()) {
      throw Problem.of(profile.refusal());
    }
    return profile.value();
  }

  /** The codice fiscale as stored, or null when not given (a work account may have none). */
  private static String codiceFiscale(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    return CodiceFiscale.parse(raw).orElseThrow(() -> Problem.of(CodiceFiscale.refusal(
        CodiceFiscale.check(CodiceFiscale.normalize(raw)).orElse(CodiceFiscale.Problem.CHECK_CHARACTER))));
  }

  /** The phone the PBX rings for the operator: as given, else a SIP endpoint named after the username. */
  private static String endpointFor(JsonObject request, String username) {
    return Optional.ofNullable(request.getString("endpoint")).orElse("PJSIP/" + username.replaceAll("[^a-z0-9-]", "-"));
  }

  private static UUID uuid(JsonObject request, String field) {
    String value = request.getString(field);
    return value == null ? null : UUID.fromString(value);
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }

  /** A unique index or the last-supervisor rule said no: in words the supervisor can act on. */
  private static Throwable explain(Throwable failure) {
    if (SqlErrors.isUniqueViolation(failure, "accounts_username_key")) {
      return Problem.conflict("username-taken", "Questo nome utente è già usato: scegline un altro.");
    }
    if (SqlErrors.isUniqueViolation(failure, "accounts_email_key")) {
      return Problem.conflict("email-taken", "Esiste già un account con questo indirizzo e-mail. Gli account del "
          + "personale sono separati da quelli personali: usa l'indirizzo di lavoro della persona.");
    }
    if (SqlErrors.isUniqueViolation(failure, "accounts_codice_fiscale_key")) {
      return Problem.conflict("codice-fiscale-taken", "Esiste già un account con questo codice fiscale, per esempio "
          + "quello personale della persona. L'account di lavoro è separato: crealo senza codice fiscale.");
    }
    if (SqlErrors.isCheckViolation(failure, "accounts_municipal_officer_comune")) {
      return Problem.of(NOT_A_COMUNE);
    }
    if (SqlErrors.isCheckViolation(failure, "accounts_last_supervisor")) {
      return Problem.conflict("last-supervisor", "È l'ultimo supervisore attivo: prima dai il ruolo di supervisore "
          + "a un'altra persona.");
    }
    return SqlErrors.explain(failure, "Questo account esiste già.");
  }
}
