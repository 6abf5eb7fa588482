package coop.sportello.delivery;

import coop.sportello.delivery.DeliveryRepository.BookedVisit;
import coop.sportello.delivery.domain.DeliveryOutcome;
import coop.sportello.delivery.domain.DeliveryRules;
import coop.sportello.delivery.domain.DeliveryRules.Accepted;
import coop.sportello.delivery.domain.DeliveryRules.Refused;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.privacy.ReadLog;
import coop.sportello.privacy.domain.ReadKind;
import coop.sportello.statements.domain.StatementMonth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.UUID;

/**
 * The provider's day and its delivery records (issue 23, part 1): the day's confirmed bookings,
 * recording a delivery (again, while its month is open), closing a month, correcting a closed
 * month's record. The cooperative is always the admin's own, from the token; another
 * cooperative's booking is answered as an unknown one. Each change runs once per Idempotency-Key
 * in its own transaction ({@link AfterCommit#idempotent}, run again after a deadlock).
 */
final class DeliveryService {

  static final Refusal SESSION_REQUIRED = Refusal.invalid("session-required",
      "È un'iscrizione con più sedute: indica la seduta (slotId) di cui registri l'erogazione.");

  private final Pool pool;
  private final DeliveryRepository repository;
  private final Clock clock;

  DeliveryService(Pool pool, DeliveryRepository repository, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.clock = clock;
  }

  /** The day's confirmed bookings of the cooperative (of one resource when given); the read is logged first. */
  Future<JsonObject> day(Identity admin, LocalDate date, UUID resource) {
    return Access.cooperative(admin).compose(provider -> repository.day(pool, provider,
            date.atStartOfDay(StatementMonth.ROME).toOffsetDateTime(),
            date.plusDays(1).atStartOfDay(StatementMonth.ROME).toOffsetDateTime(), resource))
        .compose(items -> ReadLog.recordPeopleOfBookings(pool, admin, items.stream()
                .map(item -> UUID.fromString(((JsonObject) item).getString("id"))).toList(), ReadKind.PROVIDER_BOOKINGS.wireName())
            .map(items))
        .map(items -> new JsonObject().put("date", date.toString())
            .put("resourceId", resource == null ? null : resource.toString()).put("items", items));
  }

  /** Records (or records again, while the month is open) the delivery of a booking. */
  Future<Outcome> record(Identity admin, UUID booking, UUID slot, DeliveryOutcome outcome, Integer minutes, String note,
                         Idempotency.Key key) {
    return Access.cooperative(admin).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
        visit(tx, booking, provider, slot).compose(visit -> {
          if (visit.monthClosed()) {
            return Future.failedFuture(Problem.of(DeliveryRules.MONTH_CLOSED));
          }
          return accepted(visit, outcome, minutes, note).compose(delivery ->
              repository.write(tx, booking, visit.slot(), provider, visit.month(), delivery, admin.subject(), "recorded")
                  .map(record -> new Outcome(200, answer(booking, visit.slot(), record))));
        })))
        .recover(DeliveryService::closedByTheDatabase);
  }

  /** Corrects the delivery of a booking of a closed month, with the reason: the correction is recorded. */
  Future<Outcome> correct(Identity admin, UUID booking, UUID slot, DeliveryOutcome outcome, Integer minutes, String note,
                          String reason, Idempotency.Key key) {
    Refusal noReason = DeliveryRules.reasonRefusal(reason);
    if (noReason != null) {
      return Future.failedFuture(Problem.of(noReason));
    }
    return Access.cooperative(admin).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
        visit(tx, booking, provider, slot).compose(visit -> {
          if (!visit.monthClosed()) {
            return Future.failedFuture(Problem.conflict("month-open",
                "Il mese di questa prestazione è ancora aperto: registra di nuovo l'erogazione, senza correzione."));
          }
          return accepted(visit, outcome, minutes, note).compose(delivery -> repository.current(tx, booking, visit.slot(), true)
              .compose(before -> repository.correct(tx, booking, visit.slot(), provider, visit.month(), delivery, admin.subject(),
                  before.orElse(null), reason.strip())))
              .map(corrected -> new Outcome(200, answer(booking, visit.slot(), corrected.getJsonObject("delivery"))
                  .put("correction", corrected.getJsonObject("correction"))));
        })));
  }

  /** The delivery of the booking's session with its history and corrections (404 for another cooperative's). */
  Future<JsonObject> history(Identity admin, UUID booking, UUID slot) {
    return Access.cooperative(admin).compose(provider -> pool.withTransaction(tx -> visit(tx, booking, provider, slot)
        .compose(visit -> repository.current(tx, booking, visit.slot(), false)
            .compose(current -> repository.history(tx, booking, visit.slot())
                .map(history -> answer(booking, visit.slot(), current.orElse(null)).mergeIn(history))))));
  }

  /** Closes the cooperative's month (not one still to come); closing it again answers the same. */
  Future<Outcome> close(Identity admin, StatementMonth month, Idempotency.Key key) {
    if (month.month().isAfter(YearMonth.now(clock.withZone(StatementMonth.ROME)))) {
      return Future.failedFuture(Problem.conflict("month-not-begun", "Si chiude un mese già iniziato, non uno futuro."));
    }
    return Access.cooperative(admin).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
        repository.close(tx, provider, month.month().atDay(1), admin.subject()).map(period -> new Outcome(200, period))));
  }

  /** The cooperative's closed months of the year. */
  Future<JsonObject> periods(Identity admin, int year) {
    return Access.cooperative(admin).compose(provider -> repository.periods(pool, provider, year))
        .map(items -> new JsonObject().put("year", year).put("items", items));
  }

  /**
   * The session of the booking a change is about: the one named by {@code slot}, or the only one
   * (an ordinary booking); an enrolment's session must be named (422 {@code session-required}).
   */
  private Future<BookedVisit> visit(SqlConnection tx, UUID booking, UUID provider, UUID slot) {
    return repository.booked(tx, booking, provider, slot).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.notFound(slot == null
            ? "Nessuna prenotazione della tua cooperativa con questo identificativo."
            : "Nessuna seduta con questo identificativo tra quelle della prenotazione."));
      }
      return found.size() == 1 ? Future.succeededFuture(found.get(0)) : Future.failedFuture(Problem.of(SESSION_REQUIRED));
    });
  }

  private Future<coop.sportello.delivery.domain.Delivery> accepted(BookedVisit visit, DeliveryOutcome outcome, Integer minutes,
                                                                   String note) {
    LocalDate today = LocalDate.now(clock.withZone(StatementMonth.ROME));
    DeliveryRules.Decision decision = DeliveryRules.decide(visit.booked(), today, outcome, minutes, note);
    return decision instanceof Accepted a ? Future.succeededFuture(a.delivery())
        : Future.failedFuture(Problem.of(((Refused) decision).refusal()));
  }

  private static JsonObject answer(UUID booking, UUID slot, JsonObject record) {
    return new JsonObject().put("bookingId", booking.toString()).put("slotId", slot.toString()).put("delivery", record);
  }

  /** The month was closed between the service's look and the write: V53's trigger said no. */
  private static <T> Future<T> closedByTheDatabase(Throwable failure) {
    return Future.failedFuture(SqlErrors.isCheckViolation(failure, DeliveryRules.CLOSED_MONTH_CONSTRAINT) ? Problem.of(DeliveryRules.MONTH_CLOSED) : failure);
  }
}
