package coop.sportello.pricing;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.pricing.domain.Isee;
import coop.sportello.pricing.domain.PriceRequest;
import coop.sportello.pricing.domain.PriceRule;
import coop.sportello.pricing.domain.Quote;
import coop.sportello.pricing.domain.TariffUnit;
import coop.sportello.pricing.domain.TicketOrder;
import coop.sportello.pricing.domain.TicketType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Prices as {@link PriceRule} makes them, for the screens ({@link #priceOf}) and for the hold,
 * which quotes inside its own statement's flow ({@link #quote}) and stores the quote on the
 * booking; and the person's ISEE declaration.
 */
public final class PricingService {

  /**
   * A slot's quote with the tariff it used: the hold charges {@code quote} only while the service
   * still has this tariff ({@code tariffCents} per {@code unit}), so a tariff changed meanwhile
   * refuses the hold rather than charging a stale price.
   */
  public record Priced(UUID serviceId, long tariffCents, TariffUnit unit, Quote quote, JsonArray tickets) {

    public Priced(UUID serviceId, long tariffCents, TariffUnit unit, Quote quote) {
      this(serviceId, tariffCents, unit, quote, null);
    }

    /** The cents charged, which fit the bookings' integer column ({@link #quote} refuses larger ones). */
    public int cents() {
      return Math.toIntExact(quote.totalCents());
    }

    /**
     * The quote as the booking keeps it (price_detail); a purchase of tickets also names them,
     * {@code tickets: [{typeId, count}]}, from which V65 issues one ticket per place with the hold.
     */
    public JsonObject detail() {
      JsonObject detail = QuoteJson.of(quote);
      return tickets == null ? detail : detail.put("tickets", tickets.copy());
    }
  }

  private final Pool pool;
  private final PricingRepository repository;
  private final Clock clock;

  public PricingService(Pool pool, PricingRepository repository, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.clock = clock;
  }

  /** The price with the pool's connections and the system clock (for services that quote inside their own work). */
  public static PricingService of(Pool pool) {
    return new PricingService(pool, new PricingRepository(), Clock.systemUTC());
  }

  /**
   * The person's price for {@code places} of the slot, read with {@code c} (the caller's
   * transaction, or the pool): 404 for a slot that is unknown or of a retired service, 422
   * enrolment-only for a week or month service, 422 price-too-high beyond what a booking can hold.
   */
  public Future<Priced> quote(SqlClient c, UUID slotId, int places, String person) {
    return repository.slotPricing(c, slotId, person).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.notFound("Nessuna fascia oraria con questo identificativo."));
      }
      PricingRepository.SlotPricing slot = found.get();
      Optional<Problem> refused = PriceRule.refusal(slot.unit()).map(Problem::of);
      if (refused.isPresent()) {
        return Future.failedFuture(refused.get());
      }
      if (slot.ticketed()) {
        return Future.failedFuture(ticketsRequired());
      }
      return repository.discountFor(c, person, slot.serviceId()).compose(discount -> {
        Quote quote = PriceRule.quote(new PriceRequest(slot.unit(), slot.tariffCents(), slot.start(), slot.end(), places,
            slot.bands(), slot.isee(), today(), discount));
        return quote.totalCents() > Integer.MAX_VALUE
            ? Future.failedFuture(new Problem(422, "price-too-high", "Importo troppo alto",
                "Il prezzo supera quanto si può prenotare online in una volta: prenota meno posti o contatta la cooperativa."))
            : Future.succeededFuture(new Priced(slot.serviceId(), slot.tariffCents(), slot.unit(), quote));
      });
    });
  }

  /**
   * The price of a purchase of tickets for the slot of an event (V65), read with {@code c}: each
   * type's price for its count ({@link TicketOrder#price}), with the tickets named so that the hold
   * issues them. 404 for an unknown slot, 422 not-ticketed for a service booked by places, 422 with
   * the order's refusal for a type it does not have, a group too small and so on.
   */
  public Future<Priced> quoteTickets(SqlClient c, UUID slotId, TicketOrder order, String person) {
    return repository.slotPricing(c, slotId, person).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.notFound("Nessuna fascia oraria con questo identificativo."));
      }
      PricingRepository.SlotPricing slot = found.get();
      if (!slot.ticketed()) {
        return Future.failedFuture(new Problem(422, "not-ticketed", "Senza biglietti",
            "Questo servizio non si acquista con i biglietti: si prenota."));
      }
      return repository.ticketTypes(c, slot.serviceId()).compose(types -> {
        TicketOrder.Result priced = order.price(types);
        if (priced.refusal() != null) {
          return Future.failedFuture(Problem.of(priced.refusal()));
        }
        JsonArray tickets = new JsonArray();
        priced.priced().lines().forEach(l -> tickets.add(new JsonObject().put("typeId", l.type().id().toString())
            .put("type", l.type().code()).put("count", l.count()).put("unitCents", l.type().priceCents())));
        return Future.succeededFuture(new Priced(slot.serviceId(), slot.tariffCents(), slot.unit(), priced.priced().quote(), tickets));
      });
    });
  }

  /**
   * A purchase's tickets as JSON carries them, {code: count} (a request's body, a waiting entry);
   * null for none (places at the tariff).
   */
  public static TicketOrder ticketOrder(JsonObject counts) {
    if (counts == null) {
      return null;
    }
    Map<String, Integer> read = new LinkedHashMap<>();
    counts.forEach(e -> read.put(e.getKey(), ((Number) e.getValue()).intValue()));
    return new TicketOrder(read);
  }

  /** The tickets of {@code order} as JSON, {code: count}; null for none. */
  public static JsonObject json(TicketOrder order) {
    return order == null ? null : new JsonObject(new LinkedHashMap<>(order.counts()));
  }

  /** The active ticket types of an event, in the organiser's order (none: not sold by ticket). */
  public Future<List<TicketType>> ticketTypes(SqlClient c, UUID serviceId) {
    return repository.ticketTypes(c, serviceId);
  }

  /** A slot of an event sold by ticket (V65) is bought with its tickets, never as places at the tariff. */
  public static Problem ticketsRequired() {
    return new Problem(422, "tickets-required", "Si acquista con i biglietti",
        "Questo evento si acquista scegliendo i biglietti (intero, ridotto, ...), non come posti da prenotare.");
  }

  /** The caller's price for places of a slot, as screens show it (GET /slots/:id/price). */
  public Future<JsonObject> priceOf(Identity who, UUID slotId, int places) {
    return quote(pool, slotId, places, who.subject())
        .map(priced -> priced.detail().put("slotId", slotId.toString()).put("serviceId", priced.serviceId().toString()));
  }

  /** The caller's ISEE as declared: {declared: false} or {declared: true, valueCents, expiresOn, valid, declaredAt}. */
  public Future<JsonObject> isee(Identity who) {
    return repository.isee(pool, account(who)).map(found -> found.map(d -> new JsonObject().put("declared", true)
            .put("valueCents", d.isee().valueCents()).put("expiresOn", d.isee().expiresOn().toString())
            .put("valid", d.validOn(today())).put("declaredAt", d.declaredAt().toString()))
        .orElse(new JsonObject().put("declared", false)));
  }

  /** Declares (or replaces) the caller's ISEE; an expiry already past is refused (422 isee-expired). */
  public Future<Outcome> declareIsee(Identity who, Isee isee, Idempotency.Key key) {
    if (!isee.validOn(today())) {
      return Future.failedFuture(new Problem(422, "isee-expired", "ISEE scaduto",
          "La scadenza indicata è già passata: serve un'attestazione ISEE valida."));
    }
    return pool.withTransaction(conn -> IdempotencyStore.once(conn, key, () -> repository.declareIsee(conn, account(who), isee)
        .compose(v -> repository.isee(conn, account(who)))
        .map(d -> new Outcome(200, new JsonObject().put("declared", true).put("valueCents", isee.valueCents())
            .put("expiresOn", isee.expiresOn().toString()).put("valid", true)
            .put("declaredAt", d.orElseThrow().declaredAt().toString())))));
  }

  private static UUID account(Identity who) {
    try {
      return UUID.fromString(who.subject());
    } catch (IllegalArgumentException e) {
      throw Problem.forbidden("Solo una persona registrata dichiara il proprio ISEE.");
    }
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(PriceRule.ROME));
  }
}
