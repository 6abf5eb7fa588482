package coop.sportello.booking;

import coop.sportello.booking.domain.BookingAccess;
import coop.sportello.booking.domain.BookingCode;
import coop.sportello.booking.domain.EnrolmentPeriod;
import coop.sportello.booking.domain.EnrolmentPlan;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.bridge.PlatformBridge;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.pricing.PricingRepository;
import coop.sportello.pricing.QuoteJson;
import coop.sportello.pricing.domain.Discount;
import coop.sportello.pricing.domain.EnrolmentPrice;
import coop.sportello.pricing.domain.Quote;
import coop.sportello.pricing.domain.TariffUnit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Enrolments (issue 21): a week or month service bought for whole periods. The quote says which
 * dates the period covers, which are full and what it costs; the enrolment holds the places on
 * every covered slot in one short transaction (the person's lock, then the slots locked by start,
 * then a conditional UPDATE of each: all or nothing), writes one held booking with its
 * booking_slots, its audit row, its outbox message and the answer under the idempotency key, and
 * tells the person's screens after commit. The hold is then confirmed (and paid) as any other.
 */
public final class EnrolmentService {

  /** What is asked: {@code periods} weeks or months of the service from {@code from}, for {@code places}. */
  public record Request(UUID serviceId, LocalDate from, int periods, int places) { }

  /** An enrolment as the domain sees it before any place is taken. */
  private record Planned(EnrolmentRepository.Terms terms, EnrolmentPeriod period, EnrolmentPlan.Choice choice,
                         List<EnrolmentRepository.Covered> covered) { }

  /** The person's ISEE band and discount on the service, which the price depends on. */
  private record Reductions(EnrolmentRepository.IseePricing isee, Optional<Discount> discount) { }

  private final Pool pool;
  private final NodeBus nodeBus;
  private final BookingRepository bookings;
  private final EnrolmentRepository repository;
  private final int holdSeconds;
  private final Clock clock;
  private final Supplier<String> codes;
  /** Where the person's discount on a service comes from (the Welfare Card's agreements). */
  private final PricingRepository pricing = new PricingRepository();

  public EnrolmentService(Pool pool, NodeBus nodeBus, BookingRepository bookings, EnrolmentRepository repository,
                          int holdSeconds, Clock clock) {
    this.pool = pool;
    this.nodeBus = nodeBus;
    this.bookings = bookings;
    this.repository = repository;
    this.holdSeconds = holdSeconds;
    this.clock = clock;
    this.codes = BookingCode::next;
  }

  /** The enrolments of the platform's database, holding for as long as a single hold. */
  public static EnrolmentService create(coop.sportello.platform.Platform platform, BookingRepository bookings, int holdSeconds) {
    return new EnrolmentService(platform.pool(), platform.nodeBus(), bookings, new EnrolmentRepository(), holdSeconds,
        platform.clock());
  }

  /** The dates, slots, full dates and price of an enrolment for the caller, without taking anything. */
  public Future<JsonObject> quote(Identity who, Request r) {
    return plan(pool, r, false).compose(planned -> reductions(pool, r, who.subject()).map(reductions -> {
      // The price does not depend on which dates are free: shown also when some are full.
      JsonObject answer = periodJson(r, planned).put("available", planned.choice().fits())
          .put("fullDates", dates(planned.choice().fullDates())).put("price", QuoteJson.of(price(planned, r, reductions)));
      planned.choice().resourceId().ifPresent(id -> answer.put("resourceId", id.toString()));
      return answer;
    }));
  }

  /** Holds the enrolment for the person (the caller, or whom staff or a kiosk act for): 201 the held booking. */
  public Future<Outcome> enrol(Identity actor, Request r, String forPerson, Idempotency.Key key) {
    return AfterCommit.idempotent(pool, key, (conn, after) -> personFor(conn, actor, forPerson)
            // The person's lock before any slot's, as a single hold takes them.
            .compose(person -> repository.lockPerson(conn, person)
                .compose(v -> plan(conn, r, true))
                .compose(planned -> reductions(conn, r, person)
                    .compose(reductions -> hold(conn, after, actor, person, r, planned, price(planned, r, reductions))))))
        .recover(e -> Future.failedFuture(translated(e)));
  }

  private Future<Outcome> hold(SqlClient conn, AfterCommit after, Identity actor, String person, Request r, Planned planned,
                               Quote quote) {
    EnrolmentPlan.Choice choice = planned.choice();
    if (r.places() > planned.terms().limits().placesPerBooking()) {
      return Future.failedFuture(placeLimit("places-per-booking", planned.terms().limits()));
    }
    if (!choice.fits()) {
      return Future.failedFuture(full(choice.fullDates()));
    }
    List<UUID> slots = choice.slots().stream().map(EnrolmentPlan.Candidate::slotId).toList();
    return repository.checkPerson(conn, person, r.places(), r.serviceId(), slots).compose(check -> {
      if (!check.resident()) {
        return Future.failedFuture(notResident());
      }
      if (check.limitReached() != null) {
        return Future.failedFuture(placeLimit(check.limitReached(), planned.terms().limits()));
      }
      return repository.take(conn, slots, r.places());
    }).compose(taken -> taken < slots.size()
        // Cannot happen while the slots are locked; the conditional UPDATE is the backstop, and failing rolls everything back.
        ? Future.failedFuture(full(choice.dates()))
        : repository.insert(conn, new EnrolmentRepository.Held(codes.get(), r.serviceId(), choice.resourceId().orElseThrow(),
            choice.slots(), r.places(), person, actor.subject(), holdSeconds, quote.totalCents(),
            QuoteJson.of(quote).put("enrolment", periodJson(r, planned)))))
        .compose(booking -> bookings.audit(conn, UUID.fromString(booking.getString("id")), actor.subject(), "held",
                new JsonObject().put("places", r.places()).put("person", person).put("enrolment", periodJson(r, planned)))
            .compose(v -> bookings.outbox(conn, "booking.held", person, booking))
            .map(v -> {
              after.add(() -> nodeBus.publish(PlatformBridge.userAddress(person),
                  new JsonObject().put("kind", "booking").put("event", "held").put("booking", booking)));
              return new Outcome(201, booking);
            }));
  }

  /** The period checked against the service, and the slots it covers with the choice of resource. */
  private Future<Planned> plan(SqlClient c, Request r, boolean lock) {
    return repository.terms(c, r.serviceId()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.notFound("Nessun servizio attivo con questo identificativo."));
      }
      EnrolmentRepository.Terms terms = found.get();
      Optional<Problem> refused = EnrolmentPeriod.refusal(terms.unit(), r.from(), r.periods()).map(Problem::of);
      if (refused.isPresent()) {
        return Future.failedFuture(refused.get());
      }
      EnrolmentPeriod period = new EnrolmentPeriod(terms.unit(), r.from(), r.periods());
      LocalDate today = today();
      if (period.begunBy(today)) {
        return Future.failedFuture(new Problem(422, "period-started", "Periodo già cominciato",
            "Ci si iscrive a un periodo che non è ancora cominciato: scegli " + (terms.unit() == TariffUnit.WEEK
                ? "una settimana che inizia da lunedì prossimo in poi." : "un mese che inizia dal primo del mese prossimo in poi.")));
      }
      if (period.beyondHorizon(today, terms.horizonDays())) {
        return Future.failedFuture(new Problem(422, "too-early", "Troppo presto per prenotare",
            "Questo servizio si prenota al massimo " + terms.horizonDays() + " giorni prima: il periodo scelto finisce più in là."));
      }
      return repository.slots(c, r.serviceId(), period.startsAt(), period.endsAt(), lock).compose(covered -> {
        EnrolmentPlan.Choice choice = EnrolmentPlan.choose(covered.stream().map(EnrolmentRepository.Covered::candidate).toList(),
            r.places());
        if (choice.empty()) {
          return Future.failedFuture(new Problem(422, "no-slots-in-period", "Nessun giorno aperto",
              "In questo periodo il servizio non ha giorni aperti: scegli un altro periodo."));
        }
        boolean tooSoon = covered.stream().anyMatch(cv -> cv.tooSoon() && choice.slots().contains(cv.candidate()));
        if (tooSoon) {
          return Future.failedFuture(new Problem(422, "too-late", "Troppo tardi per prenotare",
              "Il primo giorno del periodo è troppo vicino: questo servizio si prenota almeno " + terms.minNoticeMinutes()
                  + " minuti prima dell'inizio. Scegli un periodo successivo."));
        }
        return Future.succeededFuture(new Planned(terms, period, choice, covered));
      });
    });
  }

  /** The person's ISEE band and discount on the service. */
  private Future<Reductions> reductions(SqlClient c, Request r, String person) {
    return repository.isee(c, r.serviceId(), person)
        .compose(isee -> pricing.discountFor(c, person, r.serviceId()).map(discount -> new Reductions(isee, discount)));
  }

  /** The period's price for the places, with the person's ISEE band and discount. */
  private Quote price(Planned planned, Request r, Reductions reductions) {
    Quote quote = EnrolmentPrice.quote(new EnrolmentPrice.Request(planned.terms().unit(), planned.terms().tariffCents(),
        r.periods(), r.places(), reductions.isee().bands(), reductions.isee().isee(), today(), reductions.discount()));
    if (quote.totalCents() > Integer.MAX_VALUE) {
      throw new Problem(422, "price-too-high", "Importo troppo alto",
          "Il prezzo supera quanto si può prenotare online in una volta: scegli meno periodi o meno posti.");
    }
    return quote;
  }

  private JsonObject periodJson(Request r, Planned planned) {
    EnrolmentPeriod period = planned.period();
    return new JsonObject().put("serviceId", r.serviceId().toString()).put("unit", period.unit().wireName())
        .put("from", period.firstDay().toString()).put("to", period.lastDay().toString()).put("periods", period.count())
        .put("places", r.places()).put("dates", dates(planned.choice().dates())).put("slots", planned.choice().slots().size());
  }

  private static JsonArray dates(List<LocalDate> dates) {
    JsonArray json = new JsonArray();
    dates.forEach(d -> json.add(d.toString()));
    return json;
  }

  private Future<String> personFor(SqlClient conn, Identity actor, String forPerson) {
    return BookingService.personFor(bookings, conn, actor, forPerson, "Indica per chi è l'iscrizione (forPerson).",
        "Solo operatori, welfare manager e totem iscrivono altre persone.");
  }

  private static Problem full(List<LocalDate> fullDates) {
    return Problem.conflict("period-full", "Non ci sono abbastanza posti in tutte le date del periodo: "
            + "non è stato preso nessun posto. Scegli un altro periodo o meno posti.")
        .with("fullDates", dates(fullDates));
  }

  private static Problem notResident() {
    return new Problem(422, "not-resident", "Servizio riservato ai residenti",
        "Questo servizio in presenza è riservato a chi risiede nei comuni in cui è offerto, e la residenza registrata "
            + "per questa persona non è tra questi. Per un'eccezione chiama il contact center.");
  }

  private static Problem placeLimit(String limit, BookingRepository.Limits limits) {
    int max = limits.of(limit);
    String detail = switch (limit) {
      case "places-per-booking" -> "Per questo servizio ci si iscrive con al massimo " + max + " posti alla volta.";
      case "places-per-slot", "places-per-day" -> "Per questo servizio una persona può avere al massimo " + max
          + " posti nello stesso giorno: in questo periodo ne ha già.";
      default -> "Per questo servizio una persona può tenere al massimo " + max + " prenotazioni in attesa di conferma: "
          + "conferma o lascia quelle che ha prima di tenerne altre.";
    };
    return Problem.conflict("place-limit", detail).with("limit", limit).with("max", max);
  }

  /** A carer already busy in the period, or a booking code drawn twice: nothing was kept. */
  private static Throwable translated(Throwable e) {
    if (SqlErrors.isExclusionViolation(e, null)) {
      return Problem.conflict("resource-busy", "La persona che svolge il servizio è già impegnata in quel periodo.");
    }
    if (SqlErrors.isUniqueViolation(e, "bookings_code_key")) {
      return new Problem(503, "retry", "Riprova", "Non è stato possibile completare la richiesta: riprova.")
          .header("Retry-After", "1");
    }
    return e;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(EnrolmentPeriod.ROME));
  }
}
