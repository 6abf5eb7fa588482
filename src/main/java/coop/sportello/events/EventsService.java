package coop.sportello.events;

import coop.sportello.booking.BookingService;
import coop.sportello.events.domain.Admission;
import coop.sportello.events.domain.TicketOrder;
import coop.sportello.events.domain.TicketType;
import coop.sportello.kiosk.domain.QrSvg;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.pricing.PricingService;
import coop.sportello.pricing.domain.TariffUnit;
import coop.sportello.reporting.domain.ReportPeriod;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Events sold as tickets (issue 24): their ticket types, a purchase (a hold of the bookings priced
 * by its tickets, then confirmed and paid as any booking), the person's tickets and the door.
 */
final class EventsService {

  static final ZoneId ROME = ZoneId.of("Europe/Rome");

  private final Pool pool;
  private final EventsRepository repository;
  private final BookingService bookings;
  private final Clock clock;

  EventsService(Pool pool, EventsRepository repository, BookingService bookings, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.bookings = bookings;
    this.clock = clock;
  }

  /** The ticket types of an event as buyers see them: {serviceId, items: [{id, code, label, priceCents, ...}]}. */
  Future<JsonObject> types(UUID serviceId) {
    return repository.types(pool, serviceId).map(types -> {
      JsonArray items = new JsonArray();
      types.forEach(t -> items.add(json(t)));
      return new JsonObject().put("serviceId", serviceId.toString()).put("items", items);
    });
  }

  static JsonObject json(TicketType t) {
    return new JsonObject().put("id", t.id().toString()).put("code", t.code()).put("label", t.label())
        .put("priceCents", t.priceCents()).put("whoQualifies", t.whoQualifies()).put("underAge", t.underAge())
        .put("minGroup", t.minGroup());
  }

  /** A new ticket type of one of the caller's cooperative's services (201), or 404 when the service is not theirs. */
  Future<Outcome> addType(Identity admin, UUID serviceId, TicketType type, Idempotency.Key key) {
    return Access.cooperative(admin).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
        repository.addType(tx, provider, serviceId, type, admin.subject()).compose(added -> added.isPresent()
                ? Future.succeededFuture(new Outcome(201, json(added.get())))
                : Future.failedFuture(Problem.notFound("Nessun servizio della tua cooperativa con questo identificativo.")))))
        .recover(e -> Future.failedFuture(SqlErrors.isUniqueViolation(e, "ticket_types_service_id_code_key")
            ? Problem.conflict("ticket-type-exists", "Questo evento ha già un biglietto con questo codice.") : e));
  }

  /**
   * A purchase of tickets for one time of an event: the tickets are held together (a hold of the
   * bookings of as many places as tickets, charged their prices, one ticket per place issued with
   * it), then confirmed and paid together through POST /bookings/:id/confirm. Never more tickets
   * than seats: the hold's own guarantee.
   */
  Future<Outcome> purchase(Identity actor, UUID slotId, TicketOrder order, String forPerson, Idempotency.Key key) {
    BookingService.Quoter byTickets = (client, slot, places, person) -> quote(client, slot, order);
    return bookings.holdQuoted(byTickets, actor, slotId, order.tickets(), forPerson, null, key);
  }

  /** The order priced with the slot's event's ticket types, as the hold charges it. */
  private Future<PricingService.Priced> quote(SqlClient client, UUID slotId, TicketOrder order) {
    return repository.slotService(client, slotId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.notFound("Nessuna fascia oraria con questo identificativo."));
      }
      EventsRepository.SlotService service = found.get();
      return repository.types(client, service.serviceId()).compose(types -> {
        if (types.isEmpty()) {
          return Future.failedFuture(new Problem(422, "not-ticketed", "Senza biglietti",
              "Questo servizio non si acquista con i biglietti: si prenota."));
        }
        TicketOrder.Result priced = order.price(types);
        if (priced.refusal() != null) {
          return Future.failedFuture(Problem.of(priced.refusal()));
        }
        JsonArray tickets = new JsonArray();
        priced.priced().lines().forEach(l -> tickets.add(new JsonObject().put("typeId", l.type().id().toString())
            .put("type", l.type().code()).put("count", l.count()).put("unitCents", l.type().priceCents())));
        return Future.succeededFuture(new PricingService.Priced(service.serviceId(), service.tariffCents(),
            TariffUnit.fromWire(service.tariffUnit()).orElseThrow(), priced.priced().quote(), tickets));
      });
    });
  }

  /** The caller's tickets (held and confirmed purchases), each with its QR code as SVG (what the door scans). */
  Future<JsonObject> mine(Identity who) {
    return repository.tickets(pool, who.subject()).map(items -> {
      items.forEach(o -> {
        JsonObject ticket = (JsonObject) o;
        ticket.put("qrSvg", QrSvg.of(ticket.getString("code"), "Biglietto " + ticket.getString("code")));
      });
      return new JsonObject().put("items", items);
    });
  }

  /**
   * The door: admits the caller's cooperative's ticket of this code if it is valid today and not
   * used ({verdict: admitted, ticket}); otherwise says why ({verdict: already-used | wrong-day |
   * not-valid | unknown, ticket?}). Retried with its key (a scan queued while offline, an answer
   * lost), it answers what it answered the first time.
   */
  Future<Outcome> admit(Identity staff, String code, String device, Idempotency.Key key) {
    LocalDate today = LocalDate.now(clock.withZone(ROME));
    Instant now = clock.instant();
    return Access.cooperative(staff).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
        repository.admit(tx, provider, code, today, now, staff.subject(), device).compose(admitted -> admitted.isPresent()
            ? Future.succeededFuture(verdict(Admission.ADMITTED, admitted.get()))
            : repository.atDoor(tx, provider, code).map(found -> verdict(
                Admission.why(found.map(EventsRepository::atDoor).orElse(null), today),
                found.map(EventsRepository::atDoorJson).orElse(null))))));
  }

  private static Outcome verdict(Admission admission, JsonObject ticket) {
    JsonObject body = new JsonObject().put("verdict", admission.wire());
    if (ticket != null) {
      body.put("ticket", ticket);
    }
    return new Outcome(200, body);
  }


  /** The day's tickets of the caller's cooperative's events, for the door to check while offline. */
  Future<JsonObject> dayTickets(Identity staff, LocalDate day) {
    return Access.cooperative(staff).compose(provider -> repository.dayTickets(pool, provider, day))
        .map(items -> new JsonObject().put("date", day.toString()).put("items", items));
  }

  /** Sold, admitted and no-shows per time and ticket type of one of the caller's cooperative's events, in the period. */
  Future<JsonObject> sales(Identity admin, UUID serviceId, ReportPeriod period) {
    return Access.cooperative(admin).compose(provider -> repository.sales(pool, provider, serviceId, period.start(), period.end(),
            clock.instant()))
        .compose(found -> found.isPresent()
            ? Future.succeededFuture(new JsonObject().put("serviceId", serviceId.toString()).put("from", period.from().toString())
                .put("to", period.to().toString()).put("items", found.get()))
            : Future.failedFuture(Problem.notFound("Nessun evento della tua cooperativa con questo identificativo.")));
  }
}
