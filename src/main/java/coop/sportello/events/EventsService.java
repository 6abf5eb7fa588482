package coop.sportello.events;

import coop.sportello.booking.BookingService;
import coop.sportello.events.domain.Admission;
import coop.sportello.events.domain.Transfer;
import coop.sportello.pricing.domain.TicketOrder;
import coop.sportello.pricing.domain.TicketType;
import coop.sportello.kiosk.domain.QrSvg;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.pricing.PricingService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

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
  private final PricingService pricing;
  private final Clock clock;

  EventsService(Pool pool, EventsRepository repository, BookingService bookings, PricingService pricing, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.bookings = bookings;
    this.pricing = pricing;
    this.clock = clock;
  }

  /**
   * The ticket types of an event as buyers see them, and whether its tickets may be named for
   * others: {serviceId, transferable, items: [{id, code, label, priceCents, ...}]}.
   */
  Future<JsonObject> types(UUID serviceId) {
    return pricing.ticketTypes(pool, serviceId).compose(types -> repository.transferable(pool, serviceId).map(transferable -> {
      JsonArray items = new JsonArray();
      types.forEach(t -> items.add(json(t)));
      return new JsonObject().put("serviceId", serviceId.toString()).put("transferable", transferable).put("items", items);
    }));
  }

  /** Lets (or stops) the buyers of one of the caller's cooperative's events name their tickets for others. */
  Future<Outcome> setTransferable(Identity admin, UUID serviceId, boolean transferable, Idempotency.Key key) {
    return Access.cooperative(admin).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
        repository.setTransferable(tx, provider, serviceId, transferable, admin.subject()).compose(set -> set
            ? Future.succeededFuture(new Outcome(200, new JsonObject().put("serviceId", serviceId.toString())
                .put("transferable", transferable)))
            : Future.failedFuture(Problem.notFound("Nessun servizio della tua cooperativa con questo identificativo.")))));
  }

  /**
   * Names one of the caller's tickets for another person ({@code holder}; null takes the name off)
   * before the event, if its organiser allows it: {code, seq, holderName}. Otherwise says why
   * (Transfer): 404 not the caller's, 422 not-transferable, 409 already-used, not-valid or event-started.
   */
  Future<Outcome> name(Identity person, String code, String holder, Idempotency.Key key) {
    return AfterCommit.idempotent(pool, key, (tx, after) -> repository.name(tx, person.subject(), code, holder, clock.instant())
        .compose(named -> named.isPresent() ? Future.succeededFuture(new Outcome(200, named.get()))
            : repository.namingState(tx, person.subject(), code)
                .compose(found -> Future.failedFuture(Problem.of(Transfer.why(found.orElse(null)))))));
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
        .recover(e -> Future.failedFuture(SqlErrors.isUniqueViolation(e, "ticket_types_code_on_sale")
            ? Problem.conflict("ticket-type-exists", "Questo evento ha già un biglietto con questo codice.") : e));
  }

  /**
   * Retires a ticket type of one of the caller's cooperative's events: no longer sold (the tickets
   * sold with it stay valid), its code free for a new type; with none left on sale the service is
   * booked by places again. 404 when the cooperative has no such type on sale.
   */
  Future<Outcome> retireType(Identity admin, UUID serviceId, UUID typeId, Idempotency.Key key) {
    return Access.cooperative(admin).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
        repository.retireType(tx, provider, serviceId, typeId, admin.subject()).compose(retired -> retired
            ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", typeId.toString()).put("retired", true)))
            : Future.failedFuture(Problem.notFound("Nessun biglietto in vendita con questo identificativo tra gli eventi della tua cooperativa.")))));
  }

  /**
   * A purchase of tickets for one time of an event: the tickets are held together (a hold of the
   * bookings of as many places as tickets, charged their prices, one ticket per place issued with
   * it), then confirmed and paid together through POST /bookings/:id/confirm. Never more tickets
   * than seats: the hold's own guarantee.
   */
  Future<Outcome> purchase(Identity actor, UUID slotId, TicketOrder order, String forPerson, Idempotency.Key key) {
    BookingService.Quoter byTickets = (client, slot, places, person) -> pricing.quoteTickets(client, slot, order, person);
    return bookings.holdQuoted(byTickets, actor, slotId, order.tickets(), forPerson, null, key);
  }

  /**
   * Joins the waiting line of a sold-out time for the tickets of {@code order} (201 {id, position,
   * tickets, ...}): when seats free up, the first in line whose tickets fit is offered a timed hold
   * of them, priced and issued as a purchase, to confirm and pay. 409 places-available while the
   * seats are there to buy.
   */
  Future<Outcome> joinWaitlist(Identity actor, UUID slotId, TicketOrder order, String forPerson, Idempotency.Key key) {
    return bookings.joinWaitlistForTickets(actor, slotId, order, forPerson, key);
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
}
