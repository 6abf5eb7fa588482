package coop.sportello.booking;

import coop.sportello.booking.BookingRepository.Claim;
import coop.sportello.booking.domain.BookingAccess;
import coop.sportello.booking.domain.BookingCode;
import coop.sportello.booking.domain.Recurrence;
import coop.sportello.booking.domain.WelfareConsent;
import coop.sportello.booking.domain.WeeklySeries;
import coop.sportello.catalog.domain.IntakeAnswers;
import coop.sportello.payments.CheckoutPages;
import coop.sportello.payments.PaymentRepository;
import coop.sportello.payments.PaymentService;
import coop.sportello.payments.domain.PaymentChoice;
import coop.sportello.catalog.domain.IntakeCheck;
import coop.sportello.catalog.domain.SlotGenerator;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.bridge.PlatformBridge;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.pricing.PricingService;
import coop.sportello.pricing.domain.TicketOrder;
import coop.sportello.privacy.ReadLog;
import coop.sportello.privacy.domain.ReadKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Holds, confirmations, cancellations and reschedules, each one short transaction that the service
 * opens itself: it moves the slot's counter, writes the booking, its audit row, its outbox message
 * and the answer under the caller's idempotency key together. Every answer is the booking as
 * {@code booking_json} shows it (V14); events for screens go out after commit.
 */
public final class BookingService {

  /** A client's hold drawing a taken code is tried again with a fresh one, up to this many times in all. */
  static final int CODE_DRAWS = 3;
  /** Freed places offered to the line per slot in one go. */
  private static final int OFFERS_PER_SLOT = 20;
  /** Who acted for the person on a hold the waiting line offered them ({@code acted_by}). */
  static final String WAITING_LINE = "waitlist";

  private final Pool pool;
  private final NodeBus nodeBus;
  private final BookingRepository repository;
  private final WalletRepository wallets;
  private final PaymentService payments;
  private final WelfarePayment welfare;
  private final WelfareConsentRepository consents;
  /** Every hold is charged what this quotes for it (issue 21). */
  private final PricingService pricing;
  private final int holdSeconds;
  /** Where booking codes come from; tests draw taken ones on purpose. */
  private final Supplier<String> codes;

  public BookingService(Pool pool, NodeBus nodeBus, BookingRepository repository, WalletRepository wallets,
                        PaymentService payments, int holdSeconds) {
    this(pool, nodeBus, repository, wallets, payments, holdSeconds, BookingCode::next, PricingService.of(pool));
  }

  /** With payments that take credit and at the provider only (no card, no voucher): for tests of booking alone. */
  BookingService(Pool pool, NodeBus nodeBus, BookingRepository repository, WalletRepository wallets, int holdSeconds) {
    this(pool, nodeBus, repository, wallets, holdSeconds, BookingCode::next);
  }

  BookingService(Pool pool, NodeBus nodeBus, BookingRepository repository, WalletRepository wallets, int holdSeconds,
                 Supplier<String> codes) {
    this(pool, nodeBus, repository, wallets, defaultPayments(pool, nodeBus, repository, wallets), holdSeconds, codes,
        PricingService.of(pool));
  }

  /** With {@code pricing} quoting every hold (tests race a tariff change against it). */
  BookingService(Pool pool, NodeBus nodeBus, BookingRepository repository, WalletRepository wallets, int holdSeconds,
                 Supplier<String> codes, PricingService pricing) {
    this(pool, nodeBus, repository, wallets, defaultPayments(pool, nodeBus, repository, wallets), holdSeconds, codes, pricing);
  }

  private static PaymentService defaultPayments(Pool pool, NodeBus nodeBus, BookingRepository repository,
                                                WalletRepository wallets) {
    return new PaymentService(pool, nodeBus, new PaymentRepository(pool), repository, new WelfarePayment(wallets),
        Optional.empty(), Optional.empty(), CheckoutPages.under(""), Clock.systemUTC());
  }

  BookingService(Pool pool, NodeBus nodeBus, BookingRepository repository, WalletRepository wallets, PaymentService payments,
                 int holdSeconds, Supplier<String> codes, PricingService pricing) {
    this.pool = pool;
    this.nodeBus = nodeBus;
    this.repository = repository;
    this.wallets = wallets;
    this.payments = payments;
    this.welfare = new WelfarePayment(wallets);
    this.consents = new WelfareConsentRepository(pool);
    this.pricing = pricing;
    this.holdSeconds = holdSeconds;
    this.codes = codes;
  }

  /** One idempotent transaction: the key and the change commit together, events go out after. */
  private Future<Outcome> change(Idempotency.Key key, BiFunction<SqlConnection, AfterCommit, Future<Outcome>> work) {
    return AfterCommit.idempotent(pool, key, work);
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** The caller's bookings, as the person or as whoever acted for them. */
  public Future<JsonObject> list(Identity who) {
    return repository.listFor(who.subject()).map(items -> new JsonObject().put("items", items));
  }

  /** A page of the bookings of the admin's cooperative's services in the window, with their intake answers. */
  public Future<JsonObject> providerBookings(Identity admin, ProviderWindow window) {
    return Access.cooperative(admin).compose(provider -> repository.providerBookings(provider,
            window.from().atStartOfDay(SlotGenerator.ROME).toOffsetDateTime(),
            window.to().plusDays(1).atStartOfDay(SlotGenerator.ROME).toOffsetDateTime(), window.size(), window.offset()))
        .compose(page -> ReadLog.recordPeopleOfBookings(pool, admin, page.getJsonArray("items").stream()
            .map(item -> UUID.fromString(((JsonObject) item).getString("id"))).toList(), ReadKind.PROVIDER_BOOKINGS.wireName())
            .map(page))
        .map(page -> page.put("from", window.from().toString()).put("to", window.to().toString())
            .put("page", window.page()).put("size", window.size()));
  }

  /** One booking with its audit trail, if the caller may see it. */
  public Future<JsonObject> find(Identity who, UUID bookingId) {
    return visible(who, bookingId).compose(booking -> logRead(who, booking)).compose(booking -> repository.auditOf(bookingId).map(audit -> booking.put("audit", audit)));
  }

  /** A booking as an iCalendar file: {code, ics}. */
  public Future<JsonObject> calendar(Vertx vertx, Identity who, UUID bookingId) {
    // ical4j reads its time-zone data from the classpath the first time: off the event loop.
    return visible(who, bookingId).compose(booking -> logRead(who, booking)).compose(booking -> vertx.executeBlocking(() -> BookingCalendar.of(booking), false)
        .map(ics -> new JsonObject().put("ics", ics).put("code", booking.getString("code"))));
  }

  private Future<JsonObject> visible(Identity who, UUID bookingId) {
    return repository.find(bookingId).compose(found -> found.isPresent() && visibleTo(who, found.get())
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(Problem.notFound("Nessuna prenotazione tua con questo identificativo.")));
  }

  /** Someone else's booking read by staff goes into the read log before it is shown ({@link ReadLog}). */
  private Future<JsonObject> logRead(Identity who, JsonObject booking) {
    return ReadLog.recordSubjects(pool, who, List.of(booking.getString("person")), ReadKind.BOOKING_DETAILS.wireName(),
        booking.getString("id")).map(booking);
  }

  /** The employee's welfare balances per plan and movements. */
  public Future<JsonObject> wallet(Identity employee) {
    return wallets.walletOf(employee.subject());
  }

  // ---- holds -----------------------------------------------------------------------------------

  /**
   * A client's hold: one statement that takes the places and writes the booking, its audit row,
   * its outbox message and the answer under the idempotency key (see
   * {@link BookingRepository#holdAnswered}); a retry gets the stored answer, a refusal says why.
   * {@code residencyOverride} is an operator's reason to book an in-person service for someone who
   * does not live where it is offered (null otherwise). The hold is charged the person's quote
   * for the places ({@link PricingService#quote}); a slot that cannot be priced (a week or month
   * service's) is refused, unless the key already has an answer.
   */
  public Future<Outcome> hold(Identity actor, UUID slotId, int places, String forPerson, String residencyOverride,
                              Idempotency.Key key) {
    return holdQuoted(pricing::quote, actor, slotId, places, forPerson, residencyOverride, key);
  }

  /** How a hold is priced: the person's price for so many places of the slot, read with the client given. */
  @FunctionalInterface
  public interface Quoter {
    Future<PricingService.Priced> quote(SqlClient client, UUID slotId, int places, String person);
  }

  /**
   * {@link #hold} priced by {@code quoter} instead of the service's tariff: a purchase of tickets
   * (events) is held, answered and refused exactly as any hold, charged its tickets' prices.
   */
  public Future<Outcome> holdQuoted(Quoter quoter, Identity actor, UUID slotId, int places, String forPerson,
                                    String residencyOverride, Idempotency.Key key) {
    return mayOverrideResidency(actor, residencyOverride).compose(v -> personFor(pool, actor, forPerson)).compose(person -> {
      Future<Claim> quoted = quoter.quote(pool, slotId, places, person)
          .map(new Claim(slotId, places, person, actor.subject(), residencyOverride)::priced);
      Future<Optional<Outcome>> attempt = quoted.transform(q -> q.failed() ? Future.succeededFuture(Optional.empty())
          : holdWithFreshCode(q.result(), key, CODE_DRAWS)
              .recover(e -> Future.failedFuture(overlap(e)))
              .map(held -> held.map(booking -> {
                notifyPerson(booking.getString("person"), "held", booking);
                return new Outcome(201, booking);
              })));
      return IdempotencyStore.inOneStatement(pool, key, attempt,
          () -> quoted.failed() ? Future.failedFuture(quoted.cause()) : refused(pool, quoted.result()));
    });
  }

  /**
   * The one-statement hold, drawn again when its code is taken: that statement failed as a whole
   * (nothing held, no answer stored under the key), so trying again is safe and the client never
   * sees the collision. With N bookings stored a draw collides about N / 25^8 of the time.
   */
  private Future<Optional<JsonObject>> holdWithFreshCode(Claim claim, Idempotency.Key key, int drawsLeft) {
    return repository.holdAnswered(claim, codes.get(), holdSeconds, key)
        .recover(e -> drawsLeft > 1 && codeTaken(e)
            ? holdWithFreshCode(claim, key, drawsLeft - 1)
            : Future.failedFuture(e));
  }

  private static boolean codeTaken(Throwable e) {
    return SqlErrors.isUniqueViolation(e, "bookings_code_key");
  }

  /**
   * Why a hold took nothing: the slot is unknown or closed to booking now, the person does not
   * live where the service is offered, the places would pass one of the person's limits, or the
   * slot is short of places.
   */
  private <T> Future<T> refused(SqlClient client, Claim claim) {
    return repository.slotState(client, claim).compose(state -> Future.failedFuture(refusal(state, claim)));
  }

  /** A hold inside the caller's transaction, charged the person's quote for it. */
  private Future<JsonObject> attemptHold(SqlConnection conn, Claim unpriced) {
    return pricing.quote(conn, unpriced.slotId(), unpriced.places(), unpriced.person()).map(unpriced::priced)
        .compose(claim -> repository.hold(conn, claim, codes.get(), holdSeconds)
            .recover(e -> Future.failedFuture(overlap(e)))
            .compose(held -> held.isPresent() ? Future.succeededFuture(held.get()) : refused(conn, claim)));
  }

  // ---- confirm, cancel, reschedule -------------------------------------------------------------

  /**
   * Confirms a hold, paid as {@code choice} says ({@link PaymentChoice}): the person's own credit
   * (signed in as themselves, or at a kiosk where they are identified) is spent first in the same
   * transaction, the rest is due at the provider, paid by voucher, or by card. A card payment
   * leaves the booking held until the checkout completes (202 {booking, checkout}: the hold lasts as
   * long as the checkout; the card event confirms it, see {@link PaymentService}). Someone else's
   * ask to spend the person's credit confirms the booking with its price due and records a
   * request for the person's consent instead (202 {booking, welfareConsent}, see
   * {@link WelfareConsentService}). {@code intake} (answer field to value) answers the service's
   * intake questions and is kept on the booking; a required answer missing refuses the
   * confirmation (400 intake-missing). Any refusal rolls everything back: the hold stays held.
   */
  public Future<Outcome> confirm(Identity actor, UUID bookingId, PaymentChoice choice, Map<String, ?> intake,
                                 Idempotency.Key key) {
    return change(key, (conn, after) -> owned(conn, actor, bookingId).compose(booking ->
        confirmable(conn, booking, intake).compose(answers -> {
          if (!"held".equals(booking.getString("status"))) {
            return Future.failedFuture(holdNotActive());
          }
          return payments.cardUnderWay(conn, bookingId).compose(underWay -> {
            if (underWay.isPresent()) {
              // Asked again to pay by card (back from the checkout, or a lost answer): its checkout again.
              return choice.byCard() ? Future.succeededFuture(awaitingCard(booking, underWay.get()))
                  : Future.failedFuture(PaymentService.paymentPending());
            }
            if (choice.spendsCredit() && !WelfareConsent.ownSpending(actor, booking.getString("person"))) {
              if (choice.rest() != null) {
                return Future.failedFuture(new Problem(422, "credit-needs-consent", "Credito welfare di un'altra persona",
                    "Il credito di un'altra persona si chiede per l'intero importo: la persona approva la richiesta, "
                        + "oppure paga in un altro modo."));
              }
              return confirmOrRefuse(conn, bookingId, answers).compose(confirmed -> askConsent(conn, after, actor, confirmed));
            }
            return payments.pay(conn, actor, bookingId, choice).compose(paid -> paid.waitsForCard()
                ? awaitCard(conn, after, actor, bookingId, answers, paid)
                : confirmOrRefuse(conn, bookingId, answers)
                    .compose(confirmed -> paid.creditCents() == 0 ? Future.succeededFuture(confirmed)
                        : repository.find(conn, bookingId).map(Optional::orElseThrow))
                    .compose(shown -> record(conn, after, actor, shown, "confirmed",
                        new JsonObject().put("paidWithWelfareCents", shown.getInteger("paidWithWelfareCents")))
                        .map(v -> new Outcome(200, shown))));
          });
        }))).compose(payments::withCheckout);
  }

  private Future<JsonObject> confirmOrRefuse(SqlConnection conn, UUID bookingId, IntakeAnswers answers) {
    return repository.confirm(conn, bookingId, null, answers).compose(confirmed -> confirmed.isPresent()
        ? Future.succeededFuture(confirmed.get()) : Future.failedFuture(holdNotActive()));
  }

  /**
   * The hold waits for its card payment (as long as the checkout lasts): 202 {booking, checkout}.
   * The checkout itself opens after the commit ({@link PaymentService#withCheckout}).
   */
  private Future<Outcome> awaitCard(SqlConnection conn, AfterCommit after, Identity actor, UUID bookingId,
                                    IntakeAnswers answers, PaymentService.Paid paid) {
    PaymentService.CardWaiting card = paid.card();
    return repository.awaitPayment(conn, bookingId, answers, card.expiresAt()).compose(held -> held.isEmpty()
        ? Future.failedFuture(holdNotActive())
        : record(conn, after, actor, held.get(), "awaiting-payment", new JsonObject()
                .put("paidWithWelfareCents", paid.creditCents()).put("checkoutExpiresAt", card.expiresAt().toString()))
            .map(v -> awaitingCard(held.get(), card)));
  }

  private static Outcome awaitingCard(JsonObject booking, PaymentService.CardWaiting card) {
    return new Outcome(202, new JsonObject().put("booking", booking).put("checkout", card.toJson()));
  }

  private static Problem holdNotActive() {
    return Problem.conflict("hold-not-active", "Questa prenotazione non è una richiesta in attesa "
        + "di conferma, o il tempo per confermarla è scaduto.");
  }

  /**
   * The answers a hold is confirmed with, checked against its service's questions (a refusal rolls
   * the transaction back: the hold stays held and the same key may be used again). A booking that
   * is not held is left for the confirmation to refuse as such.
   */
  private Future<IntakeAnswers> confirmable(SqlClient conn, JsonObject booking, Map<String, ?> intake) {
    return "held".equals(booking.getString("status"))
        ? intakeAnswers(conn, UUID.fromString(booking.getString("serviceId")), intake)
        : Future.succeededFuture(IntakeAnswers.NONE);
  }

  /** {@code given} held against the service's intake questions: the answers to keep, or why not. */
  private Future<IntakeAnswers> intakeAnswers(SqlClient conn, UUID serviceId, Map<String, ?> given) {
    return repository.intakeOf(conn, serviceId).compose(declaration -> {
      IntakeCheck check = declaration.check(given);
      return check.refusal().<Future<IntakeAnswers>>map(refusal -> Future.failedFuture(intakeProblem(refusal, check)))
          .orElseGet(() -> Future.succeededFuture(check.answers()));
    });
  }

  /** The refusal with every field to mark: missing (kinds) and invalid ({field, reason, max?}). */
  private static Problem intakeProblem(Refusal refusal, IntakeCheck check) {
    JsonArray missing = new JsonArray();
    check.missing().forEach(kind -> missing.add(kind.wireName()));
    JsonArray invalid = new JsonArray();
    check.invalid().forEach(i -> {
      JsonObject field = new JsonObject().put("field", i.field()).put("reason", i.reason().wireName());
      invalid.add(i.max() == null ? field : field.put("max", i.max()));
    });
    return new Problem(refusal.status(), refusal.type(), "Risposte da completare", refusal.detail())
        .with("missing", missing).with("invalid", invalid);
  }

  /**
   * The booking is confirmed with its price due at the provider, and its person is asked to let
   * their credit pay it instead (nothing to ask when it is free); approving cancels what was due.
   */
  private Future<Outcome> askConsent(SqlConnection conn, AfterCommit after, Identity actor, JsonObject confirmed) {
    UUID bookingId = UUID.fromString(confirmed.getString("id"));
    return welfare.payable(conn, bookingId).compose(payable -> payments.pay(conn, actor, bookingId, PaymentChoice.NOTHING)
        .map(payable)).compose(payable -> payable.priceCents() == 0
        ? record(conn, after, actor, confirmed, "confirmed", new JsonObject()).map(v -> new Outcome(200, confirmed))
        : consents.request(conn, bookingId, payable.priceCents(), actor.subject(), WelfareConsent.ANSWER_WITHIN)
            .compose(consent -> record(conn, after, actor, confirmed, "confirmed",
                    new JsonObject().put("welfareConsent", consent.getString("id")))
                .compose(v -> repository.outbox(conn, "booking.welfare-consent-requested", confirmed.getString("person"), consent))
                .map(v -> {
                  after.add(() -> publish(confirmed.getString("person"), new JsonObject().put("kind", "welfare-consent")
                      .put("event", "requested").put("consent", consent)));
                  return new Outcome(202, new JsonObject().put("booking", confirmed).put("welfareConsent", consent));
                })));
  }

  /**
   * Inside the service's cancellation window a citizen cannot cancel; staff can, and must say
   * why (the reason goes into the audit log).
   */
  public Future<Outcome> cancel(Identity actor, UUID bookingId, String reason, Idempotency.Key key) {
    boolean staff = actor.hasAnyRole(BookingAccess.STAFF);
    if (staff && reason == null) {
      return Future.failedFuture(Problem.validation("Un operatore che annulla indica il motivo (reason).", null));
    }
    return change(key, (conn, after) -> owned(conn, actor, bookingId).compose(booking ->
        repository.release(conn, bookingId, "cancelled", staff).compose(released -> {
          if (released.isEmpty()) {
            boolean live = "held".equals(booking.getString("status")) || "confirmed".equals(booking.getString("status"));
            return Future.failedFuture(live
                ? Problem.conflict("cancellation-window", "Mancano troppo poche ore all'inizio per annullare online: "
                    + "chiama il contact center.")
                : Problem.conflict("booking-not-active", "La prenotazione è già annullata o scaduta."));
          }
          return payments.settle(conn, after, actor.subject(), bookingId, reason == null ? "Annullata" : reason)
              .compose(v -> repository.find(conn, bookingId).map(Optional::orElseThrow))
              .compose(cancelled -> record(conn, after, actor, cancelled, "cancelled",
                      reason == null ? new JsonObject() : new JsonObject().put("reason", reason))
                  .compose(v -> offerInLine(conn, after, UUID.fromString(booking.getString("slotId")), OFFERS_PER_SLOT))
                  .map(v -> new Outcome(200, cancelled)));
        })));
  }

  /** The new place is secured first; only then is the old one given back, all in one transaction. */
  public Future<Outcome> reschedule(Identity actor, UUID bookingId, UUID newSlotId, Idempotency.Key key) {
    return change(key, (conn, after) -> owned(conn, actor, bookingId).compose(old -> {
      if (!"confirmed".equals(old.getString("status")) && !"held".equals(old.getString("status"))) {
        return Future.failedFuture(Problem.conflict("booking-not-active", "Si può spostare solo una prenotazione attiva."));
      }
      int places = old.getInteger("places");
      // Its delivery would stay with the old booking, which no report counts any longer.
      return repository.deliveryRecorded(conn, bookingId).compose(recorded -> recorded
              ? Future.failedFuture(Problem.conflict("delivery-recorded",
                  "La cooperativa ha già registrato l'erogazione di questa prenotazione: non si sposta. Prenota un'altra fascia."))
              : repository.slotService(conn, newSlotId))
          .compose(service -> service.isPresent()
              && !service.get().equals(old.getString("serviceId"))
              ? Future.failedFuture(new Problem(422, "other-service", "Servizio diverso",
                  "Si sposta una prenotazione su un'altra fascia dello stesso servizio."))
              : Future.<Void>succeededFuture())
          // Same service, same person: an operator's residency override carries over to the new time.
          .compose(v -> repository.residencyOverride(conn, bookingId))
          .compose(override -> attemptHold(conn, new Claim(newSlotId, places, old.getString("person"), actor.subject(),
              override.orElse(null), bookingId, null)))
          .compose(fresh -> repository.confirm(conn, UUID.fromString(fresh.getString("id")), bookingId, IntakeAnswers.NONE)
              .map(Optional::orElseThrow))
          .compose(fresh -> payments.move(conn, bookingId, UUID.fromString(fresh.getString("id")), actor.subject()).map(fresh))
          .compose(fresh -> repository.release(conn, bookingId, "rescheduled", actor.hasAnyRole(BookingAccess.STAFF))
              .compose(released -> released.isPresent() ? Future.succeededFuture(released.get()) : Future.<JsonObject>failedFuture(
                  Problem.conflict("cancellation-window", "Mancano troppo poche ore all'inizio per spostare online: chiama il contact center.")))
              .compose(ended -> repository.find(conn, UUID.fromString(fresh.getString("id"))).map(Optional::orElseThrow)
                  .compose(moved -> record(conn, after, actor, ended, "rescheduled", new JsonObject().put("to", moved.getString("id")))
                      .compose(v -> record(conn, after, actor, moved, "confirmed", new JsonObject().put("from", ended.getString("id"))))
                      .compose(v -> offerInLine(conn, after, UUID.fromString(ended.getString("slotId")), OFFERS_PER_SLOT))
                      .map(v -> new Outcome(200, moved)))));
    }));
  }

  /** Runs on every node every few seconds; each hold can only expire once. Holds due by {@code now} expire. */
  public Future<Integer> expireHolds(Instant now) {
    return repository.expireHolds(now).map(expired -> {
      expired.forEach(b -> notifyPerson(b.getString("person"), "expired", b));
      return expired.size();
    });
  }

  /** Unused welfare credit of plans that have ended is given back (their wallets close). */
  public Future<Integer> expireEndedPlans() {
    return wallets.expireEndedPlans();
  }

  /** Opens a funded wallet for every employee of the plan's group (HR of the plan's company only). */
  public Future<Outcome> fundPlan(Identity hr, UUID planId, Idempotency.Key key) {
    return change(key, (conn, after) -> wallets.fund(conn, planId, hr.companyId(), hr.subject()).compose(funded -> funded.isEmpty()
        ? Future.failedFuture(Problem.notFound("Nessun piano welfare della tua azienda con questo identificativo."))
        : Future.succeededFuture(new Outcome(200,
            new JsonObject().put("planId", planId.toString()).put("walletsOpened", funded.get())))));
  }

  // ---- recurring bookings -----------------------------------------------------------------------

  /** Which dates of a weekly pattern can be had, which clash, and with which resource. */
  public Future<JsonObject> previewRecurring(Identity who, WeeklySeries series) {
    return plan(pool, series).map(plan -> {
      JsonArray dates = new JsonArray();
      plan.occurrences().forEach(o -> dates.add(new JsonObject().put("date", o.date().toString())
          .put("slotId", o.slotId() == null ? null : o.slotId().toString()).put("clash", o.clash())));
      return new JsonObject().put("resourceId", plan.resourceId() == null ? null : plan.resourceId().toString())
          .put("dates", dates).put("clashes", clashesJson(plan)).put("requestedBy", who.subject());
    });
  }

  private Future<Recurrence.Plan> plan(SqlClient client, WeeklySeries series) {
    return repository.serviceOpen(client, series.service())
        .compose(open -> open ? Future.<Void>succeededFuture()
            : Future.failedFuture(Problem.notFound("Nessun servizio attivo con questo identificativo.")))
        .compose(v -> repository.recurrenceCandidates(client, series.service(), series.from(), series.until(), series.start()))
        .map(candidates -> Recurrence.plan(Recurrence.dates(series.from(), series.until(), series.weekdays()),
            series.start(), series.places(), candidates, series.resource()));
  }

  /**
   * Books every date of the pattern with the same resource, confirmed, in one transaction.
   * All-or-nothing refuses the whole series if any date clashes (also a clash that appears while
   * booking); skip-the-clashes books the rest. The {@code intake} answers are checked once and
   * kept on every date booked. Every date is paid as it is booked, as {@code choice} says: the
   * person's own credit first, the rest due at the provider (a card checkout is one booking's, so
   * a series is not paid by card; someone else's credit is asked for one booking at a time).
   */
  public Future<Outcome> bookRecurring(Identity actor, WeeklySeries series, boolean allOrNothing, String forPerson,
                                       String residencyOverride, PaymentChoice choice, Map<String, ?> intake,
                                       Idempotency.Key key) {
    if (choice.byCard()) {
      return Future.failedFuture(new Problem(422, "series-not-by-card", "Serie non pagabile con carta",
          "Una serie di date si paga con il credito welfare o presso l'ente, non con la carta."));
    }
    return change(key, (conn, after) -> mayOverrideResidency(actor, residencyOverride)
        .compose(v -> personFor(conn, actor, forPerson))
        .compose(person -> !choice.spendsCredit() || WelfareConsent.ownSpending(actor, person) ? Future.succeededFuture(person)
            : Future.<String>failedFuture(new Problem(422, "credit-needs-consent", "Credito welfare di un'altra persona",
                "Il credito di un'altra persona si chiede per una prenotazione alla volta, con la sua approvazione.")))
        .compose(person -> plan(conn, series).compose(plan ->
            intakeAnswers(conn, series.service(), intake).compose(answers -> {
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
        Claim unpriced = new Claim(occurrence.slotId(), series.places(), person, actor.subject(), residencyOverride);
        // Each date charged its own quote, as a single hold of it would be.
        chain = chain.compose(v -> pricing.quote(conn, unpriced.slotId(), unpriced.places(), person)).compose(quoted -> {
          Claim claim = unpriced.priced(quoted);
          return repository.hold(conn, claim, codes.get(), holdSeconds)
            .recover(e -> Future.failedFuture(overlap(e)))
            .compose(held -> held.isPresent() ? Future.succeededFuture(held.get())
                : repository.slotState(conn, claim).compose(state -> skipOrRefuse(state, claim, occurrence, allOrNothing, skipped)))
            .compose(held -> held == null ? Future.succeededFuture()
                : payments.pay(conn, actor, UUID.fromString(held.getString("id")), choice)
                    .compose(paid -> repository.confirm(conn, UUID.fromString(held.getString("id")), null, answers))
                    .map(Optional::orElseThrow)
                    .compose(confirmed -> record(conn, after, actor, confirmed, "confirmed", withOverride(
                            new JsonObject().put("series", true), residencyOverride))
                        .onSuccess(x -> booked.add(confirmed))));
        });
      }
      return chain.compose(v -> booked.isEmpty() ? Future.failedFuture(Problem.conflict("recurrence-clashes",
              "Nessuna data della serie è disponibile: non è stato prenotato nulla.").with("clashes", skipped))
          : Future.succeededFuture()).map(v -> new Outcome(201, new JsonObject()
          .put("resourceId", plan.resourceId() == null ? null : plan.resourceId().toString())
          .put("booked", booked).put("skipped", skipped)));
    }))));
  }

  /**
   * A date of a series whose hold took nothing: skipped (null) when that date alone cannot be had
   * (it filled up, or the person's limits for that slot or day are reached) and the series skips
   * clashes; otherwise the whole series is refused, also for what no date could pass (the person
   * does not live where the service is offered, more places than one booking may take).
   */
  private static Future<JsonObject> skipOrRefuse(Optional<BookingRepository.SlotState> state, Claim claim,
                                                 Recurrence.Occurrence occurrence, boolean allOrNothing, JsonArray skipped) {
    String clash = "full";
    if (personRefused(state)) {
      boolean everyDate = !state.get().resident() || "places-per-booking".equals(state.get().limitReached());
      if (allOrNothing || everyDate) {
        return Future.failedFuture(refusal(state, claim));
      }
      clash = "place-limit";
    } else if (allOrNothing) {
      return Future.failedFuture(Problem.conflict("recurrence-clashes", "Il " + occurrence.date()
          + " si è appena riempito: la serie non è stata prenotata."));
    }
    skipped.add(new JsonObject().put("date", occurrence.date().toString()).put("clash", clash));
    return Future.succeededFuture(null);
  }

  private static JsonArray clashesJson(Recurrence.Plan plan) {
    JsonArray clashes = new JsonArray();
    plan.clashes().forEach(o -> clashes.add(new JsonObject().put("date", o.date().toString()).put("clash", o.clash())));
    return clashes;
  }

  // ---- waitlist -------------------------------------------------------------------------------

  /** Joins the line for a slot that cannot give these places now (and could be sold on its own); answers the position. */
  public Future<Outcome> joinWaitlist(Identity actor, UUID slotId, int places, String forPerson, String residencyOverride,
                                      Idempotency.Key key) {
    return joinWaitlist(actor, slotId, places, null, forPerson, residencyOverride, key);
  }

  /**
   * Joins the line for a sold-out time of an event, waiting for the tickets of {@code order}: the
   * places offered when seats free up are priced by the event's ticket types then and issue the
   * tickets, as a purchase does.
   */
  public Future<Outcome> joinWaitlistForTickets(Identity actor, UUID slotId, TicketOrder order, String forPerson,
                                                Idempotency.Key key) {
    return joinWaitlist(actor, slotId, order.tickets(), order, forPerson, null, key);
  }

  private Future<Outcome> joinWaitlist(Identity actor, UUID slotId, int places, TicketOrder order, String forPerson,
                                       String residencyOverride, Idempotency.Key key) {
    return change(key, (conn, after) -> mayOverrideResidency(actor, residencyOverride)
        .compose(v -> personFor(conn, actor, forPerson))
        // A slot that cannot be sold on its own (a week or month service's) has no line to join either,
        // nor one of an event for places rather than tickets; a purchase that could not be priced neither.
        .compose(person -> quote(conn, slotId, places, order, person).map(person)).compose(person -> {
      Claim claim = new Claim(slotId, places, person, actor.subject(), residencyOverride);
      JsonObject tickets = PricingService.json(order);
      return repository.joinWaitlist(conn, claim, tickets)
            .recover(e -> Future.failedFuture(SqlErrors.isUniqueViolation(e, null)
                ? Problem.conflict("already-waiting", "Sei già in lista d'attesa per questa fascia oraria.") : e))
            .compose(entry -> entry.isEmpty()
                ? repository.slotState(conn, claim).compose(state -> Future.failedFuture(waitlistRefusal(state, places)))
                : repository.waitlistPosition(conn, entry.get()).map(position -> new Outcome(201, new JsonObject()
                    .put("id", entry.get().toString()).put("slotId", slotId.toString()).put("person", person)
                    .put("places", places).put("status", "waiting").put("position", position)
                    .put("tickets", tickets))));
    }));
  }

  /** The person's price for the places, or for the tickets of {@code order} when it is a purchase of an event's tickets. */
  private Future<PricingService.Priced> quote(SqlClient conn, UUID slotId, int places, TicketOrder order, String person) {
    return order == null ? pricing.quote(conn, slotId, places, person) : pricing.quoteTickets(conn, slotId, order, person);
  }

  /** Why a place in line was refused: unknown slot, a person the service is not for, too many places, or free places. */
  private static Problem waitlistRefusal(Optional<BookingRepository.SlotState> state, int places) {
    if (state.isEmpty()) {
      return Problem.notFound("Nessuna fascia oraria con questo identificativo.");
    }
    if (!state.get().resident()) {
      return notResident();
    }
    if (places > state.get().limits().placesPerBooking()) {
      return placeLimit("places-per-booking", state.get().limits());
    }
    return Problem.conflict("places-available", "Ci sono posti liberi: prenota direttamente.");
  }

  public Future<Outcome> leaveWaitlist(Identity actor, UUID entryId, Idempotency.Key key) {
    return change(key, (conn, after) -> repository.leaveWaitlist(conn, entryId, actor.subject()).compose(ok -> ok
        ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", entryId.toString()).put("status", "left")))
        : Future.failedFuture(Problem.notFound("Nessuna tua attesa in corso con questo identificativo."))));
  }

  /**
   * Gives freed places to the people waiting, first in line first, as timed holds, inside the
   * caller's transaction: whoever frees a place hands it on before anyone else can take it.
   */
  private Future<Void> offerInLine(SqlConnection conn, AfterCommit after, UUID slotId, int maxOffers) {
    if (maxOffers == 0) {
      return Future.succeededFuture();
    }
    return repository.nextInLine(conn, slotId).compose(next -> {
      if (next.isEmpty()) {
        return Future.succeededFuture();
      }
      JsonObject entry = next.get();
      Claim unpriced = new Claim(slotId, entry.getInteger("places"), entry.getString("person"), WAITING_LINE,
          entry.getString("residencyOverride"));
      // This transaction may already hold the slot's row (it freed the places), and a hold of the
      // same person takes their lock before the slot's: waiting here could deadlock with it. When
      // the person is busy, the places wait for the offer job, which starts with no slot locked.
      return repository.tryLockPerson(conn, unpriced.person()).compose(locked -> !locked ? Future.succeededFuture()
          // A slot that cannot be sold on its own (an enrolment's) is offered to nobody: the entry leaves the line.
          : quote(conn, slotId, unpriced.places(), PricingService.ticketOrder(entry.getJsonObject("tickets")), unpriced.person())
            .map(unpriced::priced).transform(quoted ->
            quoted.failed() && quoted.cause() instanceof Problem ? lapse(conn, after, entry, slotId, maxOffers)
            : quoted.failed() ? Future.failedFuture(quoted.cause())
            : repository.hold(conn, quoted.result(), codes.get(), holdSeconds).compose(held -> held.isPresent()
              ? offered(conn, after, entry, held.get()).compose(v -> offerInLine(conn, after, slotId, maxOffers - 1))
              : repository.slotState(conn, quoted.result()).compose(state -> personRefused(state)
                  // Their limits or residence refuse the places: they leave the line, the next one gets the offer.
                  ? lapse(conn, after, entry, slotId, maxOffers)
                  : Future.succeededFuture())))); // the slot has started or closed: nobody can be offered it
    });
  }

  /** The entry leaves the line and the next one in it gets the offer. */
  private Future<Void> lapse(SqlConnection conn, AfterCommit after, JsonObject entry, UUID slotId, int maxOffers) {
    return repository.lapse(conn, UUID.fromString(entry.getString("id")))
        .compose(v -> offerInLine(conn, after, slotId, maxOffers - 1));
  }

  private static boolean personRefused(Optional<BookingRepository.SlotState> state) {
    return state.isPresent() && (!state.get().resident() || state.get().limitReached() != null);
  }

  /** The offered hold's entry, audit row, outbox message and, after commit, the event to the person. */
  private Future<Void> offered(SqlConnection conn, AfterCommit after, JsonObject entry, JsonObject booking) {
    String person = booking.getString("person");
    return repository.markOffered(conn, UUID.fromString(entry.getString("id")), UUID.fromString(booking.getString("id")))
        .compose(v -> repository.audit(conn, UUID.fromString(booking.getString("id")), WAITING_LINE, "offered",
            withOverride(new JsonObject().put("person", person), entry.getString("residencyOverride"))))
        .compose(v -> repository.outbox(conn, "booking.waitlist-offer", person, booking))
        .onSuccess(v -> after.add(() -> publish(person, new JsonObject().put("kind", "booking")
            .put("event", "waitlist-offer").put("booking", booking).put("waitlistEntry", entry.getString("id")))));
  }

  /** For places freed by expiry (or by any path outside a booking transaction): run with the expiry job. */
  public Future<Integer> offerFreedPlaces() {
    return repository.slotsWithFreedPlaces().compose(slots -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (UUID slot : slots) {
        chain = chain.compose(n -> {
          return AfterCommit.transaction(pool, (conn, after) -> offerInLine(conn, after, slot, OFFERS_PER_SLOT))
              .map(v -> n + 1);
        });
      }
      return chain;
    });
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Future<String> personFor(SqlClient conn, Identity actor, String forPerson) {
    return personFor(repository, conn, actor, forPerson, "Indica per chi è la prenotazione (forPerson).",
        "Solo operatori, welfare manager e totem prenotano per altre persone.");
  }

  /**
   * Whom a hold or an enrolment is for: the caller, or (staff and kiosks only) the registered person
   * {@code forPerson} names. {@code missing} and {@code forbidden} say it in the words of the action.
   */
  static Future<String> personFor(BookingRepository repository, SqlClient conn, Identity actor, String forPerson,
                                  String missing, String forbidden) {
    if (forPerson == null) {
      return actor.hasAnyRole(BookingAccess.FOR_THEMSELVES) ? Future.succeededFuture(actor.subject())
          : Future.failedFuture(Problem.validation(missing, null));
    }
    if (!actor.hasAnyRole(BookingAccess.ON_BEHALF)) {
      return Future.failedFuture(Problem.forbidden(forbidden));
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

  /** Only staff acting for the person may book an in-person service for someone who does not live where it is offered. */
  private static Future<Void> mayOverrideResidency(Identity actor, String residencyOverride) {
    return residencyOverride == null || actor.hasAnyRole(BookingAccess.RESIDENCY_OVERRIDE) ? Future.succeededFuture()
        : Future.failedFuture(Problem.forbidden("Solo un operatore del contact center o un welfare manager può prenotare "
            + "un servizio in presenza per chi non risiede nei comuni in cui è offerto."));
  }

  /** The audit detail, with the operator's reason for booking a non-resident when there is one. */
  private static JsonObject withOverride(JsonObject detail, String residencyOverride) {
    return residencyOverride == null ? detail : detail.put("residencyOverride", residencyOverride);
  }

  private static boolean visibleTo(Identity who, JsonObject booking) {
    return BookingAccess.visibleTo(who, booking.getString("person"), booking.getString("actedBy"));
  }

  /** The booking locked, if visible to the caller. */
  private Future<JsonObject> owned(SqlConnection conn, Identity actor, UUID bookingId) {
    return repository.lock(conn, bookingId).compose(found -> {
      if (found.isPresent() && visibleTo(actor, found.get())) {
        return Future.succeededFuture(found.get());
      }
      return Future.failedFuture(Problem.notFound("Nessuna prenotazione tua con questo identificativo."));
    });
  }

  /** Audit row and outbox message in the transaction; the screen event once it has committed. */
  private Future<Void> record(SqlConnection conn, AfterCommit after, Identity actor, JsonObject booking, String action,
                              JsonObject detail) {
    UUID id = UUID.fromString(booking.getString("id"));
    JsonObject auditDetail = detail.copy().put("person", booking.getString("person"));
    return repository.audit(conn, id, actor.subject(), action, auditDetail)
        .compose(v -> repository.outbox(conn, "booking." + action, booking.getString("person"), booking))
        .onSuccess(v -> after.add(() -> notifyPerson(booking.getString("person"), action, booking)));
  }

  private void notifyPerson(String person, String event, JsonObject booking) {
    publish(person, new JsonObject().put("kind", "booking").put("event", event).put("booking", booking));
  }

  private void publish(String person, JsonObject event) {
    nodeBus.publish(PlatformBridge.userAddress(person), event);
  }

  private static Problem refusal(Optional<BookingRepository.SlotState> state, Claim claim) {
    int places = claim.places();
    if (state.isEmpty()) {
      return Problem.notFound("Nessuna fascia oraria con questo identificativo.");
    }
    if (claim.tariffChanged(state.get())) {
      return new Problem(409, "price-changed", "Il prezzo è cambiato",
          "La cooperativa ha appena cambiato la tariffa di questo servizio: guarda il nuovo prezzo e riprova.")
          .header("Retry-After", "0");
    }
    if (state.get().tooSoon()) {
      return new Problem(422, "too-late", "Troppo tardi per prenotare",
          "Questo servizio si prenota almeno " + state.get().minNoticeMinutes() + " minuti prima dell'inizio.");
    }
    if (state.get().tooFar()) {
      return new Problem(422, "too-early", "Troppo presto per prenotare",
          "Questo servizio si prenota al massimo " + state.get().horizonDays() + " giorni prima.");
    }
    if (!state.get().resident()) {
      return notResident();
    }
    if (state.get().limitReached() != null) {
      return placeLimit(state.get().limitReached(), state.get().limits());
    }
    int free = Math.max(0, state.get().capacity() - state.get().taken());
    if (free >= places) {
      // Nothing read now explains the refusal: the slot or the tariff changed between the hold and
      // this read (a tariff changed and changed back, a place freed). Trying again decides it.
      return new Problem(409, "changed-meanwhile", "Qualcosa è cambiato mentre prenotavi",
          "I posti o il prezzo di questa fascia sono cambiati proprio ora: riprova.")
          .header("Retry-After", "0");
    }
    return Problem.conflict("slot-full", free == 0 ? "Non ci sono più posti liberi in questa fascia oraria."
            : "Restano solo " + free + " posti, ne hai chiesti " + places + ".")
        .with("free", free);
  }

  private static Problem notResident() {
    return new Problem(422, "not-resident", "Servizio riservato ai residenti",
        "Questo servizio in presenza è riservato a chi risiede nei comuni in cui è offerto, e la residenza registrata "
            + "per questa persona non è tra questi. Si possono scegliere i servizi del proprio comune o quelli online; "
            + "per un'eccezione chiama il contact center.");
  }

  /** One of the service's per-person limits, named as {@code booking_limit_reached} names it (V17). */
  private static Problem placeLimit(String limit, BookingRepository.Limits limits) {
    int max = limits.of(limit);
    String detail = switch (limit) {
      case "places-per-booking" -> "Per questo servizio si prenotano al massimo " + max + " posti alla volta.";
      case "places-per-slot" -> "Per questo servizio una persona può avere al massimo " + max + " posti nella stessa fascia oraria.";
      case "places-per-day" -> "Per questo servizio una persona può avere al massimo " + max + " posti nello stesso giorno.";
      default -> "Per questo servizio una persona può tenere al massimo " + max + " prenotazioni in attesa di conferma: "
          + "conferma o lascia quelle che ha prima di tenerne altre.";
    };
    return Problem.conflict("place-limit", detail).with("limit", limit).with("max", max);
  }

  private static Throwable overlap(Throwable e) {
    if (SqlErrors.isExclusionViolation(e, null)) {
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
