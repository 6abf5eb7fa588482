package coop.sportello.catalog;

import coop.sportello.catalog.domain.ExistingSlot;
import coop.sportello.catalog.domain.SlotGenerator;
import coop.sportello.catalog.domain.SlotPlan;
import coop.sportello.catalog.domain.SlotSpec;
import coop.sportello.platform.bridge.SocketFanOut;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Keeps each service's stored slots equal to what its schedule calls for, from now to the
 * booking horizon, inside the caller's transaction. A change that would drop or shrink a slot
 * somebody holds or booked is refused with the list of those slots.
 */
public final class CatalogService {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

  public record SyncResult(int added, int removed, int resized) {
    JsonObject toJson() {
      return new JsonObject().put("added", added).put("removed", removed).put("resized", resized);
    }
  }

  private final CatalogRepository repository;
  private final AvailabilityCache availabilityCache = new AvailabilityCache(2_000, 10_000);
  private final Clock clock;
  private final int horizonDays;

  public CatalogService(CatalogRepository repository, Clock clock, int horizonDays) {
    this.repository = repository;
    this.clock = clock;
    this.horizonDays = horizonDays;
  }

  public CatalogRepository repository() {
    return repository;
  }

  public AvailabilityFeed feed(Vertx vertx, PgConnectOptions connectOptions, SocketFanOut fanOut) {
    return new AvailabilityFeed(vertx, connectOptions, availabilityCache, fanOut);
  }

  /** A service's availability between two local dates as the JSON document screens read. */
  public Future<String> availability(UUID serviceId, LocalDate from, LocalDate to) {
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

  public Future<SyncResult> sync(SqlConnection conn, UUID serviceId) {
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
          if (!plan.isEmpty() && conn.transaction() != null) {
            // This node forgets the old document at commit; the others when the notification arrives.
            conn.transaction().completion().onSuccess(v -> availabilityCache.invalidate(serviceId.toString()));
          }
          return repository.apply(conn, serviceId, plan).map(v ->
              new SyncResult(plan.toInsert().size(), plan.toDelete().size(), plan.toResize().size()));
        }));
  }

  /** Syncs several services in one transaction, adding up what changed. */
  public Future<SyncResult> syncAll(SqlConnection conn, List<UUID> serviceIds) {
    Future<SyncResult> total = Future.succeededFuture(new SyncResult(0, 0, 0));
    for (UUID id : serviceIds) {
      total = total.compose(sum -> sync(conn, id).map(r ->
          new SyncResult(sum.added() + r.added(), sum.removed() + r.removed(), sum.resized() + r.resized())));
    }
    return total;
  }

  /**
   * Rolls every scheduled service's slots forward to the horizon, one short transaction each.
   * Idempotent, so several nodes may run it; a service whose slots disagree with bookings is
   * skipped and logged, never forced.
   */
  public Future<Integer> extendHorizon() {
    return repository.servicesWithSchedules().compose(ids -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (UUID id : ids) {
        chain = chain.compose(n -> repository.pool().withTransaction(conn -> sync(conn, id))
            .map(r -> n + r.added())
            .recover(e -> {
              LOG.warn("Slots of service {} left as they are: {}", id, e.getMessage());
              return Future.succeededFuture(n);
            }));
      }
      return chain;
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
