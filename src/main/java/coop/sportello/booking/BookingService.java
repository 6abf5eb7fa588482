package coop.sportello.booking;

import coop.sportello.booking.domain.BookingCode;
import coop.sportello.booking.domain.FringeBenefitLimit;
import coop.sportello.booking.domain.Recurrence;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.PlatformBridge;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.cluster.NodeBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Holds, confirmations, cancellations and reschedules, each one short transaction that moves the
 * slot's counter, writes the booking, its audit row and its outbox message together. Events for
 * screens go out after commit.
 */
public final class BookingService {

  /** Roles that book for an identified person rather than for themselves. */
  static final Set<Role> ON_BEHALF = EnumSet.of(Role.OPERATOR, Role.KIOSK, Role.WELFARE_MANAGER);
  /** Roles that may see and change any booking. */
  static final Set<Role> STAFF = EnumSet.of(Role.OPERATOR, Role.SUPERVISOR);

  private final Vertx vertx;
  private final BookingRepository repository;
  private final WalletRepository wallets;
  private final int holdSeconds;
  /** Where booking codes come from; tests draw taken ones on purpose. */
  private final Supplier<String> codes;
  /** A client's hold drawing a taken code is tried again with a fresh one, up to this many times in all. */
  static final int CODE_DRAWS = 3;

  public BookingService(Vertx vertx, BookingRepository repository, WalletRepository wallets, int holdSeconds) {
    this(vertx, repository, wallets, holdSeconds, BookingCode::next);
  }

  BookingService(Vertx vertx, BookingRepository repository, WalletRepository wallets, int holdSeconds, Supplier<String> codes) {
    this.vertx = vertx;
    this.repository = repository;
    this.wallets = wallets;
    this.holdSeconds = holdSeconds;
    this.codes = codes;
  }

  public WalletRepository wallets() {
    return wallets;
  }

  public BookingRepository repository() {
    return repository;
  }

  /**
   * A client's hold: one statement that takes the places and writes the booking, its audit row,
   * its outbox message and the answer under the idempotency key (see
   * {@link BookingRepository#holdAnswered}); empty when the slot cannot give the places.
   */
  public Future<Optional<Outcome>> hold(Identity actor, UUID slotId, int places, String forPerson, Idempotency.Key key) {
    return personFor(repository.pool(), actor, forPerson)
        .compose(person -> holdWithFreshCode(slotId, places, person, actor.subject(), key, CODE_DRAWS))
        .recover(e -> Future.failedFuture(overlap(e)))
        .map(held -> held.map(booking -> {
          notifyPerson(booking.getString("person"), "held", booking);
          return new Outcome(201, booking);
        }));
  }

  /**
   * The one-statement hold, drawn again when its code is taken: that statement failed as a whole
   * (nothing held, no answer stored under the key), so trying again is safe and the client never
   * sees the collision. With N bookings stored a draw collides about N / 25^8 of the time.
   */
  private Future<Optional<JsonObject>> holdWithFreshCode(UUID slotId, int places, String person, String actedBy,
                                                         Idempotency.Key key, int drawsLeft) {
    return repository.holdAnswered(slotId, places, codes.get(), person, actedBy, holdSeconds, key)
        .recover(e -> drawsLeft > 1 && codeTaken(e)
            ? holdWithFreshCode(slotId, places, person, actedBy, key, drawsLeft - 1)
            : Future.failedFuture(e));
  }

  private static boolean codeTaken(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState()) && "bookings_code_key".equals(pg.getConstraint());
  }

  /** Why a hold took nothing: the slot is unknown, closed to booking now, or short of places. */
  public Future<Outcome> holdRefused(UUID slotId, int places) {
    return refused(repository.pool(), slotId, places);
  }

  private <T> Future<T> refused(SqlClient client, UUID slotId, int places) {
    return repository.slotState(client, slotId).compose(state -> Future.failedFuture(refusal(state, places)));
  }

  private Future<JsonObject> attemptHold(SqlConnection conn, UUID slotId, int places, String person, String actedBy) {
    return repository.hold(conn, slotId, places, codes.get(), person, actedBy, holdSeconds)
        .recover(e -> Future.failedFuture(overlap(e)))
        .compose(held -> held.isPresent() ? Future.succeededFuture(held.get())
            : refused(conn, slotId, places));
  }

  /** Confirms a hold; with {@code payWithWelfare} the employee's wallet pays in the same transaction. */
  public Future<Outcome> confirm(SqlConnection conn, Identity actor, UUID bookingId, boolean payWithWelfare) {
    return owned(conn, actor, bookingId).compose(booking -> repository.confirm(conn, bookingId).compose(ok -> {
      if (!ok) {
        return Future.failedFuture(Problem.conflict("hold-not-active", "Questa prenotazione non è una richiesta in attesa "
            + "di conferma, o il tempo per confermarla è scaduto."));
      }
      Future<Integer> paid = payWithWelfare ? pay(conn, actor, bookingId, booking.getString("person"))
          : Future.succeededFuture(0);
      return paid.compose(cents -> {
        JsonObject confirmed = booking.copy().put("status", "confirmed").put("paidWithWelfareCents", cents);
        confirmed.remove("holdExpiresAt");
        return record(conn, actor, confirmed, "confirmed", new JsonObject().put("paidWithWelfareCents", cents))
            .map(v -> new Outcome(200, confirmed));
      });
    }));
  }

  /**
   * Debits the wallet (never below zero) and, for fringe benefits, the employee's yearly limit
   * (never above it), writes the ledger row and marks the booking paid. Any refusal fails the
   * whole transaction, so the hold stays a hold.
   */
  private Future<Integer> pay(SqlConnection conn, Identity actor, UUID bookingId, String person) {
    return wallets.payingFacts(conn, bookingId).compose(found -> {
      JsonObject facts = found.orElseThrow();
      String letter = facts.getString("letter");
      int price = facts.getInteger("price");
      if (!facts.getBoolean("employee")) {
        return Future.failedFuture(new Problem(422, "not-an-employee", "Credito welfare non disponibile",
            "Il credito welfare è dei dipendenti delle aziende aderenti."));
      }
      if (letter == null) {
        return Future.failedFuture(new Problem(422, "not-welfare-eligible", "Servizio non pagabile con il welfare",
            "Questo servizio non rientra nei servizi pagabili con il credito welfare."));
      }
      if (price == 0) {
        return Future.succeededFuture(0);
      }
      LocalDate day = LocalDate.parse(facts.getString("day"));
      boolean fringe = "fringe_benefit".equals(letter);
      Future<Void> limit = !fringe ? Future.succeededFuture()
          : wallets.useFringeBenefit(conn, person, day.getYear(), price,
                  FringeBenefitLimit.centsFor(day.getYear(), facts.getBoolean("children")))
              .compose(ok -> ok ? Future.<Void>succeededFuture() : Future.failedFuture(Problem.conflict("fringe-benefit-limit",
                  "Con questo acquisto supereresti il limite annuo dei fringe benefit: non è possibile pagarlo con il welfare.")));
      return limit.compose(v -> wallets.debit(conn, person, day, price)).compose(plan -> plan.isEmpty()
          ? Future.failedFuture(Problem.conflict("insufficient-credit", "Il credito welfare disponibile non basta per "
              + "questa prenotazione.").with("priceCents", price))
          : wallets.record(conn, person, plan.get(), -price, "payment", bookingId, actor.subject())
              .compose(x -> wallets.markPaid(conn, bookingId, price, plan.get(), fringe ? day.getYear() : null))
              .map(price));
    });
  }

  /**
   * Inside the service's cancellation window a citizen cannot cancel; staff can, and must say
   * why (the reason goes into the audit log).
   */
  public Future<Outcome> cancel(SqlConnection conn, Identity actor, UUID bookingId, String reason) {
    boolean staff = actor.hasAnyRole(STAFF);
    if (staff && reason == null) {
      return Future.failedFuture(Problem.validation("Un operatore che annulla indica il motivo (reason).", null));
    }
    return owned(conn, actor, bookingId).compose(booking -> repository.release(conn, bookingId, "cancelled", staff).compose(ok -> {
      if (!ok) {
        boolean live = "held".equals(booking.getString("status")) || "confirmed".equals(booking.getString("status"));
        return Future.failedFuture(live
            ? Problem.conflict("cancellation-window", "Mancano troppo poche ore all'inizio per annullare online: "
                + "chiama il contact center.")
            : Problem.conflict("booking-not-active", "La prenotazione è già annullata o scaduta."));
      }
      JsonObject cancelled = booking.copy().put("status", "cancelled");
      return record(conn, actor, cancelled, "cancelled", reason == null ? new JsonObject() : new JsonObject().put("reason", reason))
          .compose(v -> wallets.refund(conn, bookingId, actor.subject()))
          .compose(v -> offerInLine(conn, UUID.fromString(booking.getString("slotId")), 20))
          .map(v -> new Outcome(200, cancelled));
    }));
  }

  /** The new place is secured first; only then is the old one given back, all in one transaction. */
  public Future<Outcome> reschedule(SqlConnection conn, Identity actor, UUID bookingId, UUID newSlotId) {
    return owned(conn, actor, bookingId).compose(old -> {
      if (!"confirmed".equals(old.getString("status")) && !"held".equals(old.getString("status"))) {
        return Future.failedFuture(Problem.conflict("booking-not-active", "Si può spostare solo una prenotazione attiva."));
      }
      int places = old.getInteger("places");
      return repository.slotService(conn, newSlotId).compose(service -> service.isPresent()
              && !service.get().equals(old.getString("serviceId"))
              ? Future.failedFuture(new Problem(422, "other-service", "Servizio diverso",
                  "Si sposta una prenotazione su un'altra fascia dello stesso servizio."))
              : Future.<Void>succeededFuture())
          .compose(v -> attemptHold(conn, newSlotId, places, old.getString("person"), actor.subject()))
          .compose(fresh -> repository.confirm(conn, UUID.fromString(fresh.getString("id"))).map(fresh))
          .compose(fresh -> wallets.movePayment(conn, bookingId, UUID.fromString(fresh.getString("id"))).map(fresh))
          .compose(fresh -> repository.release(conn, bookingId, "rescheduled", actor.hasAnyRole(STAFF))
              .compose(ok -> ok ? Future.succeededFuture(fresh) : Future.failedFuture(Problem.conflict(
                  "cancellation-window", "Mancano troppo poche ore all'inizio per spostare online: chiama il contact center."))))
          .compose(fresh -> {
            JsonObject moved = fresh.copy().put("status", "confirmed").put("rescheduledFrom", old.getString("id"));
            moved.remove("holdExpiresAt");
            return record(conn, actor, old.copy().put("status", "rescheduled"), "rescheduled",
                    new JsonObject().put("to", moved.getString("id")))
                .compose(v -> record(conn, actor, moved, "confirmed", new JsonObject().put("from", old.getString("id"))))
                .compose(v -> offerInLine(conn, UUID.fromString(old.getString("slotId")), 20))
                .map(v -> new Outcome(200, moved));
          });
    });
  }

  /** Runs on every node every few seconds; each hold can only expire once. */
  public Future<Integer> expireHolds() {
    return repository.expireHolds().map(expired -> {
      expired.forEach(b -> notifyPerson(b.getString("person"), "expired", b));
      return expired.size();
    });
  }

  // ---- recurring bookings -----------------------------------------------------------------------

  /** Which dates of a weekly pattern can be had, which clash, and with which resource. */
  public Future<Recurrence.Plan> previewRecurring(SqlConnection conn, UUID serviceId, UUID resourceId, Set<DayOfWeek> weekdays,
                                                  LocalTime start, LocalDate from, LocalDate until, int places) {
    return repository.recurrenceCandidates(conn, serviceId, from, until, start).map(candidates ->
        Recurrence.plan(Recurrence.dates(from, until, weekdays), start, places, candidates, resourceId));
  }

  /**
   * Books every date of the pattern with the same resource, confirmed, in one transaction.
   * All-or-nothing refuses the whole series if any date clashes (also a clash that appears while
   * booking); skip-the-clashes books the rest.
   */
  public Future<Outcome> bookRecurring(SqlConnection conn, Identity actor, UUID serviceId, UUID resourceId,
                                       Set<DayOfWeek> weekdays, LocalTime start, LocalDate from, LocalDate until, int places,
                                       boolean allOrNothing, String forPerson) {
    return personFor(conn, actor, forPerson).compose(person ->
        previewRecurring(conn, serviceId, resourceId, weekdays, start, from, until, places).compose(plan -> {
          if (plan.occurrences().isEmpty()) {
            return Future.failedFuture(Problem.validation("Nessuna data corrisponde alla ricorrenza indicata.", null));
          }
          if (allOrNothing && !plan.clashes().isEmpty()) {
            return Future.failedFuture(Problem.conflict("recurrence-clashes", "Alcune date non sono disponibili: "
                + "scegli di saltarle o cambia orario.").with("clashes", clashesJson(plan)));
          }
          JsonArray booked = new JsonArray();
          JsonArray skipped = clashesJson(plan);
          Future<Void> chain = Future.succeededFuture();
          for (Recurrence.Occurrence occurrence : plan.occurrences()) {
            if (occurrence.clashes()) {
              continue;
            }
            chain = chain.compose(v -> repository.hold(conn, occurrence.slotId(), places, codes.get(), person,
                    actor.subject(), holdSeconds)
                .recover(e -> Future.failedFuture(overlap(e)))
                .compose(held -> {
                  if (held.isEmpty()) {
                    if (allOrNothing) {
                      return Future.failedFuture(Problem.conflict("recurrence-clashes", "Il " + occurrence.date()
                          + " si è appena riempito: la serie non è stata prenotata."));
                    }
                    skipped.add(new JsonObject().put("date", occurrence.date().toString()).put("clash", "full"));
                    return Future.succeededFuture();
                  }
                  UUID id = UUID.fromString(held.get().getString("id"));
                  JsonObject confirmed = held.get().put("status", "confirmed");
                  confirmed.remove("holdExpiresAt");
                  return repository.confirm(conn, id)
                      .compose(ok -> record(conn, actor, confirmed, "confirmed", new JsonObject().put("series", true)))
                      .onSuccess(x -> booked.add(confirmed));
                }));
          }
          return chain.map(v -> new Outcome(201, new JsonObject()
              .put("resourceId", plan.resourceId() == null ? null : plan.resourceId().toString())
              .put("booked", booked).put("skipped", skipped)));
        }));
  }

  public static JsonArray clashesJson(Recurrence.Plan plan) {
    JsonArray clashes = new JsonArray();
    plan.clashes().forEach(o -> clashes.add(new JsonObject().put("date", o.date().toString()).put("clash", o.clash())));
    return clashes;
  }

  // ---- waitlist -------------------------------------------------------------------------------

  /** Joins the line for a slot that cannot give these places now; answers the position. */
  public Future<Outcome> joinWaitlist(SqlConnection conn, Identity actor, UUID slotId, int places, String forPerson) {
    return personFor(conn, actor, forPerson).compose(person ->
        repository.joinWaitlist(conn, slotId, person, actor.subject(), places)
            .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
                ? Problem.conflict("already-waiting", "Sei già in lista d'attesa per questa fascia oraria.") : e))
            .compose(entry -> entry.isEmpty()
                ? repository.slotState(conn, slotId).compose(state -> Future.failedFuture(state.isEmpty()
                    ? Problem.notFound("Nessuna fascia oraria con questo identificativo.")
                    : Problem.conflict("places-available", "Ci sono posti liberi: prenota direttamente.")))
                : repository.waitlistPosition(conn, entry.get()).map(position -> new Outcome(201, new JsonObject()
                    .put("id", entry.get().toString()).put("slotId", slotId.toString()).put("person", person)
                    .put("places", places).put("status", "waiting").put("position", position)))));
  }

  public Future<Outcome> leaveWaitlist(SqlConnection conn, Identity actor, UUID entryId) {
    return repository.leaveWaitlist(conn, entryId, actor.subject()).compose(ok -> ok
        ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", entryId.toString()).put("status", "left")))
        : Future.failedFuture(Problem.notFound("Nessuna tua attesa in corso con questo identificativo.")));
  }

  /**
   * Gives freed places to the people waiting, first in line first, as timed holds, inside the
   * caller's transaction: whoever frees a place hands it on before anyone else can take it.
   */
  Future<Void> offerInLine(SqlConnection conn, UUID slotId, int maxOffers) {
    if (maxOffers == 0) {
      return Future.succeededFuture();
    }
    return repository.nextInLine(conn, slotId).compose(next -> {
      if (next.isEmpty()) {
        return Future.succeededFuture();
      }
      JsonObject entry = next.get();
      return repository.hold(conn, slotId, entry.getInteger("places"), codes.get(), entry.getString("person"),
              "waitlist", holdSeconds)
          .compose(held -> {
            if (held.isEmpty()) {
              return Future.succeededFuture(); // the slot has started or closed: nobody can be offered it
            }
            JsonObject booking = held.get().put("waitlistEntry", entry.getString("id"));
            return repository.markOffered(conn, UUID.fromString(entry.getString("id")), UUID.fromString(booking.getString("id")))
                .compose(v -> repository.audit(conn, UUID.fromString(booking.getString("id")), "waitlist", "offered",
                    new JsonObject().put("person", booking.getString("person"))))
                .compose(v -> repository.outbox(conn, "booking.waitlist-offer", booking.getString("person"), booking))
                .onSuccess(v -> conn.transaction().completion().onSuccess(done ->
                    notifyPerson(booking.getString("person"), "waitlist-offer", booking)))
                .compose(v -> offerInLine(conn, slotId, maxOffers - 1));
          });
    });
  }

  /** For places freed by expiry (or by any path outside a booking transaction): run with the expiry job. */
  public Future<Integer> offerFreedPlaces() {
    return repository.slotsWithFreedPlaces().compose(slots -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (UUID slot : slots) {
        chain = chain.compose(n -> repository.pool().withTransaction(conn -> offerInLine(conn, slot, 20)).map(v -> n + 1));
      }
      return chain;
    });
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Future<String> personFor(SqlClient conn, Identity actor, String forPerson) {
    if (forPerson == null) {
      if (actor.hasAnyRole(EnumSet.of(Role.CITIZEN, Role.EMPLOYEE))) {
        return Future.succeededFuture(actor.subject());
      }
      return Future.failedFuture(Problem.validation("Indica per chi è la prenotazione (forPerson).", null));
    }
    if (!actor.hasAnyRole(ON_BEHALF)) {
      return Future.failedFuture(Problem.forbidden("Solo operatori, welfare manager e totem prenotano per altre persone."));
    }
    UUID account;
    try {
      account = UUID.fromString(forPerson);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Problem.validation("forPerson deve essere l'identificativo di una persona registrata.", null));
    }
    return repository.accountExists(conn, account).compose(exists -> exists ? Future.succeededFuture(forPerson)
        : Future.failedFuture(Problem.validation("Nessuna persona registrata con questo identificativo.", null)));
  }

  /** The person, whoever acted for them, and staff see and change a booking; nobody else. */
  static boolean visibleTo(Identity who, JsonObject booking) {
    return visibleTo(who, booking.getString("person"), booking.getString("actedBy"));
  }

  /** The same rule for callers that hold only the booking's person and actor (the kiosk's QR code). */
  public static boolean visibleTo(Identity who, String person, String actedBy) {
    return who.subject().equals(person) || who.subject().equals(actedBy) || who.hasAnyRole(STAFF);
  }

  /** The booking locked, if {@link #visibleTo} the caller. */
  private Future<JsonObject> owned(SqlConnection conn, Identity actor, UUID bookingId) {
    return repository.lock(conn, bookingId).compose(found -> {
      if (found.isPresent() && visibleTo(actor, found.get())) {
        return Future.succeededFuture(found.get());
      }
      return Future.failedFuture(Problem.notFound("Nessuna prenotazione tua con questo identificativo."));
    });
  }

  /** Audit row and outbox message in the transaction; the screen event once it has committed. */
  private Future<Void> record(SqlConnection conn, Identity actor, JsonObject booking, String action, JsonObject detail) {
    UUID id = UUID.fromString(booking.getString("id"));
    JsonObject auditDetail = detail.copy().put("person", booking.getString("person"));
    return repository.audit(conn, id, actor.subject(), action, auditDetail)
        .compose(v -> repository.outbox(conn, "booking." + action, booking.getString("person"), booking))
        .onSuccess(v -> conn.transaction().completion().onSuccess(done ->
            notifyPerson(booking.getString("person"), action, booking)));
  }

  private void notifyPerson(String person, String event, JsonObject booking) {
    new NodeBus(vertx).publish(PlatformBridge.userAddress(person),
        new JsonObject().put("kind", "booking").put("event", event).put("booking", booking));
  }

  private static Problem refusal(Optional<BookingRepository.SlotState> state, int places) {
    if (state.isEmpty()) {
      return Problem.notFound("Nessuna fascia oraria con questo identificativo.");
    }
    if (state.get().tooSoon()) {
      return new Problem(422, "too-late", "Troppo tardi per prenotare",
          "Questo servizio si prenota almeno " + state.get().minNoticeMinutes() + " minuti prima dell'inizio.");
    }
    if (state.get().tooFar()) {
      return new Problem(422, "too-early", "Troppo presto per prenotare",
          "Questo servizio si prenota al massimo " + state.get().horizonDays() + " giorni prima.");
    }
    int free = Math.max(0, state.get().capacity() - state.get().taken());
    return Problem.conflict("slot-full", free == 0 ? "Non ci sono più posti liberi in questa fascia oraria."
            : "Restano solo " + free + " posti, ne hai chiesti " + places + ".")
        .with("free", free);
  }

  private static Throwable overlap(Throwable e) {
    if (e instanceof PgException pg && "23P01".equals(pg.getSqlState())) {
      return Problem.conflict("resource-busy", "La persona che svolge il servizio è già impegnata in quell'orario.");
    }
    if (codeTaken(e)) {
      // The code drawn was taken (inside a transaction, or every draw of a client's hold): nothing was kept, try again.
      return new Problem(503, "retry", "Riprova", "Non è stato possibile completare la richiesta: riprova.")
          .header("Retry-After", "1");
    }
    return e;
  }
}
