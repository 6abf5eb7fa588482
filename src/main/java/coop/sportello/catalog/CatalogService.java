package coop.sportello.catalog;

import coop.sportello.catalog.domain.ExistingSlot;
import coop.sportello.catalog.domain.IntakeDeclaration;
import coop.sportello.catalog.domain.SlotGenerator;
import coop.sportello.catalog.domain.SlotPlan;
import coop.sportello.catalog.domain.SlotSpec;
import coop.sportello.platform.bridge.SocketFanOut;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The catalog's reads and changes. Every change is one transaction the service opens itself: the
 * change, the caller's idempotency key and the resync of the slots it affects commit together.
 * Slots are kept equal to what each service's schedule calls for, from now to the booking horizon;
 * a change that would drop or shrink a slot somebody holds or booked is refused with the list of
 * those slots. Cached availability is forgotten on this node once the change has committed (the
 * other nodes hear it from the availability feed).
 */
public final class CatalogService {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

  /** Rendered availability documents kept on a node, and for how long at most (the feed usually drops them sooner). */
  private static final int CACHED_DOCUMENTS = 2_000;
  private static final long CACHE_MILLIS = 10_000;

  private static final String ANY_CONFLICT = "La modifica è in conflitto con dati esistenti.";
  private static final String RULE_OVERLAPS =
      "La risorsa è già impegnata in quell'orario: gli orari della stessa risorsa non possono sovrapporsi.";
  private static final String EXCEPTION_OVERLAPS =
      "In quel giorno la risorsa è già impegnata in un orario che si sovrappone.";

  /** What a change did to the stored slots. */
  private record SyncResult(int added, int removed, int resized) {
    JsonObject toJson() {
      return new JsonObject().put("added", added).put("removed", removed).put("resized", resized);
    }

    SyncResult plus(SyncResult other) {
      return new SyncResult(added + other.added, removed + other.removed, resized + other.resized);
    }
  }

  private final Pool pool;
  private final CatalogRepository repository;
  private final AvailabilityCache availabilityCache = new AvailabilityCache(CACHED_DOCUMENTS, CACHE_MILLIS);
  private final Clock clock;
  private final int horizonDays;

  public CatalogService(Pool pool, CatalogRepository repository, Clock clock, int horizonDays) {
    this.pool = pool;
    this.repository = repository;
    this.clock = clock;
    this.horizonDays = horizonDays;
  }

  public AvailabilityFeed feed(Vertx vertx, PgConnectOptions connectOptions, SocketFanOut fanOut,
                               AvailabilityFeed.Backoff reconnect) {
    return new AvailabilityFeed(vertx, connectOptions, availabilityCache, fanOut, reconnect);
  }

  // ---- public reading --------------------------------------------------------------------------

  /** Every municipality Sportello knows, by name: {items}. */
  public Future<JsonObject> municipalities() {
    return repository.municipalities().map(CatalogService::items);
  }

  /** One page of active services matching the query, each with its next free slot: {items, total, page, size}. */
  public Future<JsonObject> search(SearchQuery query) {
    return repository.search(query).map(result -> result.put("page", query.page()).put("size", query.size()));
  }

  /** An active service. */
  public Future<JsonObject> service(UUID serviceId) {
    return activeService(serviceId);
  }

  /** An active service's availability between two local dates, as the JSON document screens read. */
  public Future<String> availability(UUID serviceId, LocalDate from, LocalDate to) {
    return activeService(serviceId).compose(found -> renderedAvailability(serviceId, from, to));
  }

  private Future<JsonObject> activeService(UUID serviceId) {
    return repository.findService(pool, serviceId).compose(found -> found.isPresent() && !found.get().containsKey("retiredAt")
            && found.get().getBoolean("areaOffered")
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(Problem.notFound("Servizio non trovato.")));
  }

  private Future<String> renderedAvailability(UUID serviceId, LocalDate from, LocalDate to) {
    String id = serviceId.toString();
    String cached = availabilityCache.get(id, from, to);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long readStarted = System.currentTimeMillis();
    return repository.slotsBetween(serviceId, from.atStartOfDay(SlotGenerator.ROME).toOffsetDateTime(),
            to.plusDays(1).atStartOfDay(SlotGenerator.ROME).toOffsetDateTime())
        .map(rows -> {
          String json = AvailabilityJson.of(id, from, to, rows).encode();
          availabilityCache.put(id, from, to, json, readStarted);
          return json;
        });
  }

  // ---- provider reading ------------------------------------------------------------------------

  /** The provider's services, retired ones included: {items}. */
  public Future<JsonObject> providerServices(UUID providerId) {
    return repository.listProviderServices(providerId).map(CatalogService::items);
  }

  /** The provider's resources, retired ones included: {items}. */
  public Future<JsonObject> resources(UUID providerId) {
    return repository.listResources(providerId).map(CatalogService::items);
  }

  /** A service's active rules and exceptions, and the provider's closures: {rules, exceptions, closures}. */
  /** A service's schedule, for the cooperative that runs it; anyone else hears there is no such service. */
  public Future<JsonObject> schedule(UUID providerId, UUID serviceId) {
    return repository.findService(pool, serviceId).compose(s -> s.isPresent()
            && s.get().getJsonObject("provider").getString("id").equals(providerId.toString())
        ? repository.scheduleJson(providerId, serviceId)
        : Future.failedFuture(Problem.notFound("Nessun servizio della tua cooperativa con questo identificativo.")));
  }

  private static JsonObject items(JsonArray items) {
    return new JsonObject().put("items", items);
  }

  // ---- services --------------------------------------------------------------------------------

  /** The intake questions as the provider sent them ({@link CatalogRoutes} checked them with {@link IntakeDeclaration#refusal}). */
  static List<IntakeDeclaration.Asked> asked(JsonArray intake) {
    return intake.stream().map(JsonObject.class::cast)
        .map(q -> new IntakeDeclaration.Asked(q.getString("kind"), q.getBoolean("required"))).toList();
  }

  private static IntakeDeclaration declaration(JsonArray intake) {
    return intake == null ? IntakeDeclaration.NONE : IntakeDeclaration.of(asked(intake));
  }

  /**
   * Publishes a service (already checked against its schema and delivery rules): 201 with the
   * service. Its intake questions are those of the body's {@code intake}, none without it; its
   * ISEE bands those of {@code iseeBands}, none without it; its VAT treatment exempt unless said.
   */
  public Future<Outcome> createService(UUID providerId, JsonObject service, Idempotency.Key key) {
    return change(key, ANY_CONFLICT, (conn, after) -> repository.insertService(conn, providerId, service)
        .compose(id -> repository.updateLimits(conn, id, service).map(id))
        .compose(id -> repository.replaceMunicipalities(conn, id, service.getJsonArray("municipalities")).map(id))
        .compose(id -> repository.replaceIntake(conn, id, declaration(service.getJsonArray("intake", new JsonArray()))).map(id))
        .compose(id -> repository.replaceIseeBands(conn, id, service.getJsonArray("iseeBands", new JsonArray())).map(id))
        .compose(id -> repository.findService(conn, id))
        .map(found -> new Outcome(201, found.orElseThrow())));
  }

  /**
   * Rewrites an active service of the provider: 200 with the service; {@code intake} and {@code
   * iseeBands}, when given, replace its questions and bands; {@code vatTreatment} stays unless given.
   */
  public Future<Outcome> updateService(UUID providerId, UUID serviceId, JsonObject service, Idempotency.Key key) {
    return change(key, ANY_CONFLICT, (conn, after) -> repository.updateService(conn, providerId, serviceId, service)
        .compose(found -> found ? repository.updateLimits(conn, serviceId, service)
            .compose(v -> repository.replaceMunicipalities(conn, serviceId, service.getJsonArray("municipalities")))
            // Without an intake field the questions stay as they are: a screen that does not know them keeps them.
            .compose(v -> !service.containsKey("intake") ? Future.<Void>succeededFuture()
                : repository.replaceIntake(conn, serviceId, declaration(service.getJsonArray("intake"))))
            // The same for the ISEE bands (V38).
            .compose(v -> !service.containsKey("iseeBands") ? Future.<Void>succeededFuture()
                : repository.replaceIseeBands(conn, serviceId, service.getJsonArray("iseeBands")))
            : Future.failedFuture(Problem.notFound("Nessun servizio attivo della tua cooperativa con questo identificativo.")))
        .compose(v -> repository.findService(conn, serviceId))
        .map(found -> new Outcome(200, found.orElseThrow())));
  }

  /** Retires a service with its rules, removing its free future slots (refused while any is taken). */
  public Future<Outcome> retireService(UUID providerId, UUID serviceId, Idempotency.Key key) {
    return change(key, ANY_CONFLICT, (conn, after) -> repository.retireService(conn, providerId, serviceId)
        .compose(found -> syncFound(conn, after, found ? Optional.of(serviceId) : Optional.empty(),
            "Nessun servizio della tua cooperativa con questo identificativo."))
        .map(sync -> undone(serviceId, "retired", sync)));
  }

  // ---- resources -------------------------------------------------------------------------------

  /** Adds a resource {name, kind, capacity}: 201 with it and its id. */
  public Future<Outcome> createResource(UUID providerId, JsonObject resource, Idempotency.Key key) {
    return change(key, ANY_CONFLICT, (conn, after) -> repository.insertResource(conn, providerId, resource.getString("name"),
            resource.getString("kind"), resource.getInteger("capacity"))
        .map(id -> new Outcome(201, resource.copy().put("id", id.toString()))));
  }

  /** Renames or resizes a resource {name, capacity}; refused when a schedule needs more places than the new capacity. */
  public Future<Outcome> updateResource(UUID providerId, UUID resourceId, JsonObject resource, Idempotency.Key key) {
    return change(key, ANY_CONFLICT, (conn, after) -> repository.updateResource(conn, providerId, resourceId,
            resource.getString("name"), resource.getInteger("capacity"))
        .compose(ok -> ok ? Future.succeededFuture(new Outcome(200, resource.copy().put("id", resourceId.toString())))
            : Future.failedFuture(Problem.conflict("resource-in-use", "Risorsa non trovata, ritirata, o con orari che "
                + "richiedono più posti della nuova capienza."))));
  }

  /** Retires a resource no active rule uses. */
  public Future<Outcome> retireResource(UUID providerId, UUID resourceId, Idempotency.Key key) {
    return change(key, ANY_CONFLICT, (conn, after) -> repository.retireResource(conn, providerId, resourceId)
        .compose(ok -> ok ? Future.succeededFuture(new Outcome(200,
                new JsonObject().put("id", resourceId.toString()).put("retired", true)))
            : Future.failedFuture(Problem.conflict("resource-in-use",
                "Risorsa non trovata o ancora usata da orari attivi: ritira prima quegli orari."))));
  }

  // ---- schedules -------------------------------------------------------------------------------

  /** Adds a weekly rule to an active service of the provider and makes its slots: 201 with the rule, its id and the slot changes. */
  public Future<Outcome> addRule(UUID providerId, UUID serviceId, JsonObject rule, Idempotency.Key key) {
    return change(key, RULE_OVERLAPS, (conn, after) -> ownActiveService(conn, providerId, serviceId)
        .compose(v -> repository.insertRule(conn, providerId, serviceId, rule))
        .compose(id -> scheduleChanged(conn, after, serviceId, id, rule.copy())));
  }

  /** Retires a weekly rule, removing its free future slots (refused while any is taken). */
  public Future<Outcome> retireRule(UUID providerId, UUID ruleId, Idempotency.Key key) {
    return change(key, ANY_CONFLICT, (conn, after) -> repository.retireRule(conn, providerId, ruleId)
        .compose(service -> syncFound(conn, after, service, "Nessun orario attivo della tua cooperativa con questo identificativo."))
        .map(sync -> undone(ruleId, "retired", sync)));
  }

  /** Sets (or replaces) one day's opening of a resource for a service, closed when it has no hours: 201. */
  public Future<Outcome> setException(UUID providerId, UUID serviceId, JsonObject exception, Idempotency.Key key) {
    return change(key, EXCEPTION_OVERLAPS, (conn, after) -> ownActiveService(conn, providerId, serviceId)
        .compose(v -> repository.upsertException(conn, providerId, serviceId, exception))
        .compose(id -> scheduleChanged(conn, after, serviceId, id, exception.copy())));
  }

  /** Removes a day's exception, so the weekly rules apply again that day. */
  public Future<Outcome> removeException(UUID providerId, UUID exceptionId, Idempotency.Key key) {
    return change(key, ANY_CONFLICT, (conn, after) -> repository.deleteException(conn, providerId, exceptionId)
        .compose(service -> syncFound(conn, after, service, "Nessuna eccezione della tua cooperativa con questo identificativo."))
        .map(sync -> undone(exceptionId, "removed", sync)));
  }

  /** Closes one resource, or the whole provider, for some days: 201 with the closure, its id and the slot changes. */
  public Future<Outcome> addClosure(UUID providerId, JsonObject closure, Idempotency.Key key) {
    return change(key, ANY_CONFLICT, (conn, after) -> repository.insertClosure(conn, providerId, closure)
        .compose(id -> syncProvider(conn, after, providerId)
            .map(sync -> new Outcome(201, closure.copy().put("id", id.toString()).put("slots", sync.toJson())))));
  }

  /** Removes a closure, giving back the slots it had taken away. */
  public Future<Outcome> removeClosure(UUID providerId, UUID closureId, Idempotency.Key key) {
    return change(key, ANY_CONFLICT, (conn, after) -> repository.deleteClosure(conn, providerId, closureId)
        .compose(found -> found ? syncProvider(conn, after, providerId)
            : Future.failedFuture(Problem.notFound("Nessuna chiusura della tua cooperativa con questo identificativo.")))
        .map(sync -> undone(closureId, "removed", sync)));
  }

  /** After a rule or exception was written (or refused, {@code id} empty): the service's slots follow; 201. */
  private Future<Outcome> scheduleChanged(SqlConnection conn, AfterCommit after, UUID serviceId, Optional<UUID> id,
                                          JsonObject answer) {
    if (id.isEmpty()) {
      return Future.failedFuture(new Problem(422, "resource-unavailable", "Risorsa non utilizzabile",
          "La risorsa non è della tua cooperativa, è ritirata o ha meno posti di quelli indicati."));
    }
    return sync(conn, after, serviceId).map(sync -> new Outcome(201,
        answer.put("id", id.get().toString()).put("slots", sync.toJson())));
  }

  /** After a retirement or removal: the slots of the service it belonged to follow, or 404 when there was nothing. */
  private Future<SyncResult> syncFound(SqlConnection conn, AfterCommit after, Optional<UUID> service, String notFound) {
    return service.isPresent() ? sync(conn, after, service.get()) : Future.failedFuture(Problem.notFound(notFound));
  }

  /** The answer to a retirement or removal: {id, retired|removed: true, slots}. */
  private static Outcome undone(UUID id, String what, SyncResult sync) {
    return new Outcome(200, new JsonObject().put("id", id.toString()).put(what, true).put("slots", sync.toJson()));
  }

  private Future<Void> ownActiveService(SqlConnection conn, UUID providerId, UUID serviceId) {
    return repository.findService(conn, serviceId).compose(s -> s.isPresent() && !s.get().containsKey("retiredAt")
        && s.get().getJsonObject("provider").getString("id").equals(providerId.toString())
        ? Future.succeededFuture()
        : Future.failedFuture(Problem.notFound("Nessun servizio attivo della tua cooperativa con questo identificativo.")));
  }

  /**
   * One idempotent transaction: the key, the change and its slot sync commit together; a
   * constraint the database enforced becomes a problem ({@code conflictDetail} for a clash), and
   * this node's cached availability of the services touched goes after the commit.
   */
  private Future<Outcome> change(Idempotency.Key key, String conflictDetail,
                                 BiFunction<SqlConnection, AfterCommit, Future<Outcome>> work) {
    AfterCommit after = new AfterCommit();
    return pool.<Outcome>withTransaction(conn -> IdempotencyStore.once(conn, key, () -> Future.<Void>succeededFuture()
            .compose(v -> work.apply(conn, after))
            .recover(e -> Future.failedFuture(SqlErrors.isCheckViolation(e, "services_area_offered") ? areaNotOffered()
                : SqlErrors.explain(e, conflictDetail)))))
        .onSuccess(done -> after.run());
  }

  /** A service in an area the network does not offer (culture and leisure, where it is off: V67). */
  private static Problem areaNotOffered() {
    return new Problem(422, "area-not-offered", "Area non offerta",
        "La rete non offre quest'area: scegli una delle aree elencate.");
  }

  // ---- slots -----------------------------------------------------------------------------------

  /**
   * Rolls every scheduled service's slots forward to the horizon, one short transaction each.
   * Idempotent, so several nodes may run it; a service whose slots disagree with bookings is
   * skipped and logged, never forced.
   */
  public Future<Integer> extendHorizon() {
    return repository.servicesWithSchedules().compose(ids -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (UUID id : ids) {
        chain = chain.compose(n -> {
          AfterCommit after = new AfterCommit();
          return pool.withTransaction(conn -> sync(conn, after, id))
              .onSuccess(r -> after.run())
              .map(r -> n + r.added())
              .recover(e -> {
                LOG.warn("Slots of service {} left as they are: {}", id, e.getMessage());
                return Future.succeededFuture(n);
              });
        });
      }
      return chain;
    });
  }

  /** Inside the change's transaction: the service's future slots made equal to its schedule. */
  private Future<SyncResult> sync(SqlConnection conn, AfterCommit after, UUID serviceId) {
    Instant now = clock.instant();
    LocalDate today = now.atZone(SlotGenerator.ROME).toLocalDate();
    return repository.loadSchedule(conn, serviceId).compose(schedule ->
        repository.lockFutureSlots(conn, serviceId, now).compose(existing -> {
          List<SlotSpec> desired = SlotGenerator.generate(schedule.rules(), schedule.exceptions(), schedule.closures(),
                  today, today.plusDays(horizonDays)).stream()
              .filter(s -> !s.start().isBefore(now))
              .toList();
          SlotPlan plan = SlotPlan.between(existing, desired);
          if (!plan.conflicts().isEmpty()) {
            return Future.failedFuture(conflict(plan.conflicts()));
          }
          if (!plan.isEmpty()) {
            // This node forgets the old document at commit; the others when the notification arrives.
            after.add(() -> availabilityCache.invalidate(serviceId.toString()));
          }
          return repository.apply(conn, serviceId, plan).map(v ->
              new SyncResult(plan.toInsert().size(), plan.toDelete().size(), plan.toResize().size()));
        }));
  }

  /** Inside the change's transaction: every service the provider schedules, synced, the changes added up. */
  private Future<SyncResult> syncProvider(SqlConnection conn, AfterCommit after, UUID providerId) {
    return repository.activeServicesOf(conn, providerId).compose(ids -> {
      Future<SyncResult> total = Future.succeededFuture(new SyncResult(0, 0, 0));
      for (UUID id : ids) {
        total = total.compose(sum -> sync(conn, after, id).map(sum::plus));
      }
      return total;
    });
  }

  private static Problem conflict(List<ExistingSlot> affected) {
    JsonArray list = new JsonArray();
    affected.forEach(s -> list.add(new JsonObject()
        .put("slotId", s.id().toString())
        .put("resourceId", s.resourceId().toString())
        .put("start", AvailabilityJson.local(s.start()))
        .put("end", AvailabilityJson.local(s.end()))
        .put("taken", s.taken())));
    return Problem.conflict("schedule-conflict", "La modifica toglierebbe " + affected.size()
            + " fasce orarie con posti già trattenuti o prenotati: spostale o annullale prima.")
        .with("affected", list);
  }
}
