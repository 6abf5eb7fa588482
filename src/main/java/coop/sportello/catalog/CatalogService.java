package coop.sportello.catalog;

import coop.sportello.catalog.domain.ExistingSlot;
import coop.sportello.catalog.domain.SlotGenerator;
import coop.sportello.catalog.domain.SlotPlan;
import coop.sportello.catalog.domain.SlotSpec;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
