package coop.sportello.payments;

import coop.sportello.booking.BookingRepository;
import coop.sportello.booking.WelfarePayment;
import coop.sportello.booking.domain.BookingAccess;
import coop.sportello.payments.PaymentRepository.BookingMoney;
import coop.sportello.payments.PaymentRepository.NewPayment;
import coop.sportello.payments.PaymentRepository.Payment;
import coop.sportello.payments.card.CardCheckout;
import coop.sportello.payments.card.CardEvent;
import coop.sportello.payments.card.CardEvents;
import coop.sportello.payments.domain.CardTerms;
import coop.sportello.payments.domain.PaymentChoice;
import coop.sportello.payments.domain.PaymentMethod;
import coop.sportello.payments.domain.PaymentPlan;
import coop.sportello.payments.domain.RefundRule;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.bridge.PlatformBridge;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.privacy.ReadLog;
import coop.sportello.privacy.domain.ReadKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * How bookings are paid and paid back. The booking service calls {@link #pay}, {@link #settle}
 * and {@link #move} inside its own transactions, so a booking's change and its money commit
 * together; the provider's recording of a payment at its desk, the card events and the sweep of
 * ended bookings open their own. Every payment completed and every refund completed writes its
 * row of {@code money_ledger} in the same statement ({@link PaymentRepository}); welfare credit
 * also moves the wallet and its {@code wallet_ledger} ({@link WelfarePayment}).
 *
 * <p>Card money moves only on verified {@link CardEvent}s: a confirmation by card leaves the
 * booking held (the hold lasting as long as the checkout) with a pending payment; the checkout's
 * completion confirms it, its expiry (or the hold ending first) releases it and gives the credit
 * part back; a completion that comes after the hold ended is refunded at once. Calls to the card
 * service that follow a change (expire a checkout, ask a refund) run after the commit; a refund
 * whose request was lost is asked again by {@link #askUnaskedRefunds}.
 */
public final class PaymentService implements CardEvents {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
  /** Payments due or under way, to cancel when a booking ends. */
  private static final List<String> UNDER_WAY = List.of("pending", "due");
  /** Who acts on card events. */
  static final String STRIPE = "stripe";
  private static final int SWEEP_BATCH = 100;

  /** What paying produced: the credit spent and, when a card payment waits, that payment. */
  public record Paid(int creditCents, CardWaiting card) {
    public boolean waitsForCard() {
      return card != null;
    }
  }

  /**
   * A card payment recorded (pending) whose checkout opens after the commit ({@link #withCheckout}):
   * the hold lasts until {@code expiresAt}, the instant the checkout will end.
   */
  public record CardWaiting(UUID paymentId, Instant expiresAt) {
    /** What the stored answer of a confirmation says of it; {@link #withCheckout} adds where to pay. */
    public JsonObject toJson() {
      return new JsonObject().put("paymentId", paymentId.toString()).put("expiresAt", expiresAt.toString());
    }
  }

  private final Pool pool;
  private final NodeBus nodeBus;
  private final PaymentRepository repository;
  private final BookingRepository bookings;
  private final WelfarePayment credit;
  private final Optional<CardCheckout> cards;
  private final Optional<VoucherWallets> vouchers;
  /** Where the person comes back to after the checkout. */
  private final CheckoutPages pages;
  private final Clock clock;

  public PaymentService(Pool pool, NodeBus nodeBus, PaymentRepository repository, BookingRepository bookings,
                        WelfarePayment credit, Optional<CardCheckout> cards, Optional<VoucherWallets> vouchers,
                        CheckoutPages pages, Clock clock) {
    this.pool = pool;
    this.nodeBus = nodeBus;
    this.repository = repository;
    this.bookings = bookings;
    this.credit = credit;
    this.cards = cards;
    this.vouchers = vouchers;
    this.pages = pages;
    this.clock = clock;
  }

  private Future<Outcome> change(Idempotency.Key key, BiFunction<SqlConnection, AfterCommit, Future<Outcome>> work) {
    return AfterCommit.idempotent(pool, key, work);
  }

  private Future<Void> inTransaction(BiFunction<SqlConnection, AfterCommit, Future<Void>> work) {
    return AfterCommit.transaction(pool, work);
  }

  // ---- paying, inside the booking's transaction -------------------------------------------------

  /**
   * Pays the booking (locked by the caller) as the person chose: credit first, then the rest. A
   * refusal fails the caller's whole transaction, so nothing is half paid. Credit is spent by the
   * caller as the actor (the wallet's trigger admits only the person, or a kiosk where they are
   * identified). A card part is created last, once everything else has succeeded.
   */
  public Future<Paid> pay(SqlConnection conn, Identity actor, UUID bookingId, PaymentChoice choice) {
    return repository.bookingMoney(conn, bookingId).map(Optional::orElseThrow).compose(money -> {
      if (choice.byCard() && (cards.isEmpty() || money.stripeAccount() == null)) {
        return Future.failedFuture(new Problem(422, "no-card-payments", "Pagamento con carta non disponibile",
            "Questa cooperativa non accetta pagamenti con carta online: scegli di pagare presso l'ente."));
      }
      if (choice.rest() == PaymentMethod.VOUCHER && vouchers.isEmpty()) {
        return Future.failedFuture(noVoucherWallet());
      }
      Future<PaymentPlan.Credit> facts = !choice.spendsCredit() || money.priceCents() == 0
          ? Future.succeededFuture(PaymentPlan.Credit.refused(null))
          : credit.payable(conn, bookingId).compose(payable -> credit.held(conn, money.person(), payable)
              .map(held -> new PaymentPlan.Credit(null, held.balanceCents(), payable.fringeHeadroom(held.fringeUsedCents()))));
      return facts.compose(available -> {
        PaymentPlan.Result plan = PaymentPlan.of(money.priceCents(), choice, available);
        if (plan.refused()) {
          Problem refused = Problem.of(plan.refusal());
          return Future.failedFuture("insufficient-credit".equals(plan.refusal().type())
              ? refused.with("priceCents", money.priceCents()) : refused);
        }
        Future<Paid> paid = Future.succeededFuture(new Paid(0, null));
        for (PaymentPlan.Part part : plan.parts()) {
          paid = paid.compose(sofar -> payPart(conn, actor, money, choice, part).map(card ->
              new Paid(sofar.creditCents() + (part.method() == PaymentMethod.WELFARE_CREDIT ? part.cents() : 0),
                  card == null ? sofar.card() : card)));
        }
        return paid;
      });
    });
  }

  /**
   * One part of the plan; answers the pending card payment for a card part, null otherwise. The
   * card's checkout is not opened here: calling Stripe inside the booking's transaction would hold
   * its connection and lock for as long as Stripe takes.
   */
  private Future<CardWaiting> payPart(SqlConnection conn, Identity actor, BookingMoney money,
                                                       PaymentChoice choice, PaymentPlan.Part part) {
    String by = actor.subject();
    UUID id = UUID.randomUUID();
    return switch (part.method()) {
      case WELFARE_CREDIT -> credit.payable(conn, money.bookingId())
          .compose(payable -> credit.debit(conn, by, money.bookingId(), money.person(), payable, part.cents(), null))
          .compose(debited -> repository.insert(conn, completed(id, money, part, debited.planId(), null, by)))
          .map(x -> null);
      case AT_PROVIDER -> repository.insert(conn, new NewPayment(id, money.bookingId(), part.method(), part.cents(), "due",
          null, null, null, null, null, by)).map(x -> null);
      case VOUCHER -> vouchers.orElseThrow().debit(conn, choice.voucherWallet(), money.person(), money.bookingId(),
              part.cents(), by)
          .compose(v -> repository.insert(conn, completed(id, money, part, null, choice.voucherWallet(), by)))
          .map(x -> null);
      case CARD -> {
        Instant expiresAt = CardTerms.checkoutExpiry(clock.instant());
        yield repository.insert(conn, new NewPayment(id, money.bookingId(), part.method(), part.cents(), "pending", null,
            null, money.stripeAccount(), null, expiresAt, by)).map(x -> new CardWaiting(id, expiresAt));
      }
    };
  }

  // ---- opening the card checkout, after the booking's transaction ---------------------------------

  /**
   * Completes a confirmation's answer that waits for a card: opens (or finds again) the payment's
   * Checkout Session and adds where to pay ({@code checkout.url}). Runs after the commit, also
   * when the answer is replayed for a retried request, so a lost or slow answer from Stripe is
   * cured by retrying: the creation carries the payment's own idempotency key, so Stripe answers
   * the same session again, never a second one. Any other answer passes through unchanged.
   */
  public Future<Outcome> withCheckout(Outcome outcome) {
    JsonObject checkout = outcome.body() == null ? null : outcome.body().getJsonObject("checkout");
    if (checkout == null || checkout.getString("paymentId") == null) {
      return Future.succeededFuture(outcome);
    }
    return openCheckout(UUID.fromString(checkout.getString("paymentId"))).map(session -> {
      JsonObject body = outcome.body().copy();
      body.getJsonObject("checkout").put("url", session.url()).put("sessionId", session.sessionId())
          .put("expiresAt", session.expiresAt().toString());
      return new Outcome(outcome.status(), body);
    });
  }

  private Future<CardCheckout.CheckoutSession> openCheckout(UUID paymentId) {
    return repository.cardToOpen(pool, paymentId).compose(found -> {
      if (found.isEmpty() || !found.get().pending()) {
        return Future.failedFuture(checkoutClosed());
      }
      PaymentRepository.CardToOpen card = found.get();
      if (cards.isEmpty()) {
        return Future.failedFuture(CardCheckout.unavailable());
      }
      return cards.get().create(new CardCheckout.CheckoutRequest(card.stripeAccount(), paymentId, card.bookingId(),
              card.amountCents(), CardTerms.applicationFeeCents(card.amountCents(), card.platformFeeBps()),
              card.serviceTitle(), pages.success(card.bookingId()), pages.cancel(card.bookingId()), card.expiresAt(),
              "checkout-" + paymentId))
          .compose(session -> repository.opened(pool, paymentId, session.sessionId()).map(session));
    });
  }

  static Problem checkoutClosed() {
    return Problem.conflict("checkout-closed", "Il pagamento con carta di questa prenotazione non è più aperto: "
        + "è stato completato oppure è scaduto. Guarda la prenotazione in «Le mie prenotazioni».");
  }

  private static NewPayment completed(UUID id, BookingMoney money, PaymentPlan.Part part, UUID plan, UUID voucher, String by) {
    return new NewPayment(id, money.bookingId(), part.method(), part.cents(), "completed", plan, voucher, null, null, null, by);
  }

  static Problem noVoucherWallet() {
    return new Problem(422, "no-voucher-wallet", "Voucher non disponibile",
        "Il pagamento con voucher del comune non è ancora attivo: scegli un altro modo di pagare.");
  }

  /**
   * The credit an approved consent spends (someone else asked, the person approved): the debit,
   * its payment, and the amount that was due at the provider in the meantime no longer due.
   */
  public Future<Integer> payApprovedCredit(SqlConnection conn, Identity approver, UUID bookingId, String person,
                                           int cents, UUID consentId) {
    return repository.live(conn, bookingId).compose(live -> {
      if (live.stream().anyMatch(p -> p.is("completed") || p.is("pending"))) {
        return Future.failedFuture(Problem.conflict("consent-lapsed", "La prenotazione non è più da pagare "
            + "(già pagata, anche in parte): non è stato tolto nulla dal credito."));
      }
      Future<Void> undue = Future.succeededFuture();
      for (Payment due : live) {
        undue = undue.compose(v -> repository.cancel(conn, due.id(), "due").mapEmpty());
      }
      return undue.compose(v -> repository.bookingMoney(conn, bookingId)).map(Optional::orElseThrow)
          .compose(money -> credit.payable(conn, bookingId)
              .compose(payable -> credit.debit(conn, approver.subject(), bookingId, person, payable, cents, consentId))
              .compose(debited -> repository.insert(conn, completed(UUID.randomUUID(), money,
                  new PaymentPlan.Part(PaymentMethod.WELFARE_CREDIT, cents), debited.planId(), null, approver.subject())))
              .map(cents));
    });
  }

  // ---- ending and moving, inside the booking's transaction ---------------------------------------

  /**
   * Settles the money of a booking that has ended (cancelled, expired, released): what was not yet
   * money (due, a checkout under way) is cancelled, and everything received goes back in full
   * ({@link RefundRule}) by the way it came: credit to its wallet, a voucher to its wallet, the
   * provider's own payment by its recorded refund, a card by a refund asked of Stripe after commit.
   */
  public Future<Void> settle(SqlConnection conn, AfterCommit after, String actor, UUID bookingId, String reason) {
    // Credit is given back by the booking's wallet record (also for credit paid before payments had rows).
    return credit.refund(conn, bookingId, actor).compose(v -> repository.live(conn, bookingId)).compose(live -> {
      Future<Void> chain = Future.succeededFuture();
      for (Payment payment : live) {
        chain = chain.compose(v -> settleOne(conn, after, actor, payment, reason));
      }
      return chain;
    });
  }

  private Future<Void> settleOne(SqlConnection conn, AfterCommit after, String actor, Payment payment, String reason) {
    if (UNDER_WAY.contains(payment.state())) {
      return repository.cancel(conn, payment.id(), payment.state()).onSuccess(cancelled -> {
        if (cancelled && payment.method() == PaymentMethod.CARD) {
          after.add(() -> expireCheckout(payment));
        }
      }).mapEmpty();
    }
    int cents = RefundRule.refundCents(payment.amountCents(), payment.refundedCents());
    if (cents == 0) {
      return Future.succeededFuture();
    }
    return switch (payment.method()) {
      case WELFARE_CREDIT, AT_PROVIDER -> repository.refundAtOnce(conn, payment.id(), cents, reason, actor).mapEmpty();
      case VOUCHER -> vouchers.map(v -> v.refund(conn, payment.voucherWallet(), payment.bookingId(), cents, actor))
          .orElseGet(() -> Future.failedFuture(noVoucherWallet()))
          .compose(v -> repository.refundAtOnce(conn, payment.id(), cents, reason, actor)).mapEmpty();
      case CARD -> repository.refundLater(conn, payment.id(), cents, reason, actor).onSuccess(refund -> refund.ifPresent(id ->
          after.add(() -> askRefund(new PaymentRepository.UnaskedRefund(id, cents, payment.stripeAccount(),
              payment.paymentIntent()))))).mapEmpty();
    };
  }

  /**
   * A reschedule: the old booking's payments pay its replacement (a checkout under way must finish
   * first). When the new time costs more, the difference is due at the provider; when it costs
   * less, the move is refused: the person cancels (refunded in full) and books again.
   */
  public Future<Void> move(SqlConnection conn, UUID from, UUID to, String actor) {
    return repository.live(conn, from).compose(live -> live.stream().anyMatch(p -> p.is("pending"))
            ? Future.failedFuture(paymentPending())
            : repository.move(conn, from, to))
        .compose(v -> credit.move(conn, from, to))
        .compose(v -> coverPrice(conn, to, actor));
  }

  /** A booking confirmed without its price covered (a reschedule from a hold, a dearer time) owes the rest at the provider. */
  private Future<Void> coverPrice(SqlConnection conn, UUID bookingId, String actor) {
    return repository.bookingMoney(conn, bookingId).map(Optional::orElseThrow).compose(money ->
        repository.covered(conn, bookingId).compose(covered -> {
          int missing = money.priceCents() - covered;
          if (missing < 0) {
            return Future.failedFuture(Problem.conflict("reschedule-price-lower", "Il nuovo orario costa meno di quanto "
                + "hai pagato: annulla la prenotazione (ti viene restituito tutto) e prenota di nuovo."));
          }
          return missing == 0 ? Future.<Void>succeededFuture() : repository.addToDue(conn, bookingId, missing)
              .compose(added -> added ? Future.<Void>succeededFuture() : repository.insert(conn, new NewPayment(
                  UUID.randomUUID(), bookingId, PaymentMethod.AT_PROVIDER, missing, "due", null, null, null, null, null,
                  actor)).mapEmpty());
        }));
  }

  /**
   * The card payment under way for the booking, if any: it must finish or expire before anything
   * else, and asking again to pay by card answers its checkout again.
   */
  public Future<Optional<CardWaiting>> cardUnderWay(SqlConnection conn, UUID bookingId) {
    return repository.live(conn, bookingId).map(live -> live.stream().filter(p -> p.is("pending")).findFirst()
        .map(p -> new CardWaiting(p.id(), p.sessionExpiresAt())));
  }

  public static Problem paymentPending() {
    return Problem.conflict("payment-pending", "C'è un pagamento con carta in corso per questa prenotazione: "
        + "completalo, oppure attendi che scada.");
  }

  // ---- reading and the provider's desk -----------------------------------------------------------

  /** The booking's payments and refunds, for whoever may see the booking. */
  public Future<JsonObject> ofBooking(Identity who, UUID bookingId) {
    return bookings.find(bookingId).compose(found -> {
      if (found.isEmpty() || !BookingAccess.visibleTo(who, found.get().getString("person"), found.get().getString("actedBy"))) {
        return Future.failedFuture(Problem.notFound("Nessuna prenotazione tua con questo identificativo."));
      }
      return ReadLog.recordSubjects(pool, who, List.of(found.get().getString("person")), ReadKind.BOOKING_DETAILS.wireName(),
              bookingId.toString())
          .compose(v -> repository.bookingMoney(pool, bookingId)).map(Optional::orElseThrow)
          .compose(money -> repository.ofBooking(pool, bookingId)
              .map(payments -> payments.put("bookingId", bookingId.toString()).put("priceCents", money.priceCents())));
    });
  }

  /**
   * The provider's admin records a payment made at its desk (cash, POS, bank transfer): the due
   * payment completes with its ledger row. Recording the same again answers the payment as it is.
   */
  public Future<Outcome> record(Identity admin, UUID paymentId, String means, Idempotency.Key key) {
    return Access.cooperative(admin).compose(provider -> change(key, (conn, after) -> repository.ofProvider(conn, paymentId, provider)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(Problem.notFound("Nessun pagamento della tua cooperativa con questo identificativo."));
          }
          Payment payment = found.get();
          if (payment.method() != PaymentMethod.AT_PROVIDER) {
            return Future.failedFuture(Problem.conflict("not-at-provider", "Questo pagamento non si riceve presso l'ente."));
          }
          if (payment.is("completed")) {
            return repository.meansOf(conn, paymentId).compose(recorded -> means.equals(recorded.orElse(null))
                ? answerPayment(conn, payment)
                : Future.failedFuture(Problem.conflict("payment-recorded", "Questo pagamento è già stato registrato.")));
          }
          if (!payment.is("due")) {
            return Future.failedFuture(Problem.conflict("payment-not-due", "Questo pagamento non è più da ricevere: "
                + "la prenotazione è stata annullata o spostata."));
          }
          return repository.complete(conn, paymentId, List.of("due"), admin.subject(), means, null)
              .compose(done -> bookings.audit(conn, payment.bookingId(), admin.subject(), "payment-recorded",
                  new JsonObject().put("payment", paymentId.toString()).put("means", means)
                      .put("amountCents", payment.amountCents()).put("person", payment.person())))
              .compose(v -> answerPayment(conn, payment));
        })));
  }

  private Future<Outcome> answerPayment(SqlConnection conn, Payment payment) {
    return repository.ofBooking(conn, payment.bookingId()).map(all -> new Outcome(200, all.getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(p -> p.getString("id").equals(payment.id().toString())).findFirst()
        .orElseThrow()));
  }

  // ---- card events -------------------------------------------------------------------------------

  @Override
  public Future<Void> handle(CardEvent event) {
    return inTransaction((conn, after) -> repository.firstSeen(conn, event.eventId(), kindOf(event)).compose(first -> {
      if (!first) {
        return Future.succeededFuture();
      }
      if (event instanceof CardEvent.CheckoutCompleted completed) {
        return completed(conn, after, completed);
      }
      if (event instanceof CardEvent.CheckoutExpired expired) {
        return expired(conn, after, expired);
      }
      return refunded(conn, (CardEvent.ChargeRefunded) event);
    }));
  }

  private static String kindOf(CardEvent event) {
    if (event instanceof CardEvent.CheckoutCompleted) {
      return "checkout.session.completed";
    }
    return event instanceof CardEvent.CheckoutExpired ? "checkout.session.expired" : "charge.refunded";
  }

  /**
   * The money arrived: the payment completes (once: a conditional update, also from cancelled when
   * the checkout had been given up on our side) and the hold is confirmed; if the hold had already
   * ended, everything the booking received goes back at once.
   */
  private Future<Void> completed(SqlConnection conn, AfterCommit after, CardEvent.CheckoutCompleted event) {
    return repository.cardBySession(conn, event.connectedAccount(), event.sessionId(), event.paymentId()).compose(found -> {
      if (found.isEmpty()) {
        if (event.paid()) {
          // A checkout we kept no payment for (its transaction failed after Stripe made it): give the money back.
          LOG.warn("Card checkout completed with no payment recorded: refunding it (event {})", event.eventId());
          after.add(() -> askRefund(new PaymentRepository.UnaskedRefund(UUID.randomUUID(), (int) event.amountTotal(),
              event.connectedAccount(), event.paymentIntent())));
        }
        return Future.succeededFuture();
      }
      Payment payment = found.get();
      Future<Void> known = payment.stripeSession() != null ? Future.succeededFuture()
          : repository.opened(conn, payment.id(), event.sessionId()).mapEmpty(); // paid before its opening was stored
      if (!event.paid()) {
        return known; // a delayed method: the money is not there yet
      }
      if (event.amountTotal() != payment.amountCents()) {
        LOG.warn("Card checkout {} paid {} cents for a payment of {}", event.sessionId(), event.amountTotal(),
            payment.amountCents());
      }
      return known.compose(v -> repository.complete(conn, payment.id(), List.of("pending", "cancelled", "failed"), STRIPE,
          null, event.paymentIntent())).compose(completedNow -> !completedNow ? Future.succeededFuture()
          : bookings.lock(conn, payment.bookingId()).compose(locked -> bookings.confirmPaid(conn, payment.bookingId()))
              .compose(confirmed -> confirmed.isPresent()
                  ? announce(conn, after, confirmed.get(), "confirmed", new JsonObject().put("paidByCardCents", payment.amountCents()))
                  : endHold(conn, after, payment.bookingId(), "payment-after-hold")
                      .compose(v -> settle(conn, after, STRIPE, payment.bookingId(),
                          "Pagamento arrivato dopo la scadenza della prenotazione"))));
    });
  }

  /** The checkout can no longer be paid: the payment is cancelled, the hold released, the credit part given back. */
  private Future<Void> expired(SqlConnection conn, AfterCommit after, CardEvent.CheckoutExpired event) {
    return repository.cardBySession(conn, event.connectedAccount(), event.sessionId(), event.paymentId()).compose(found -> found.isEmpty()
        ? Future.succeededFuture()
        : repository.cancel(conn, found.get().id(), "pending").compose(cancelled -> !cancelled ? Future.succeededFuture()
            : bookings.lock(conn, found.get().bookingId())
                .compose(locked -> endHold(conn, after, found.get().bookingId(), "checkout-expired"))
                .compose(v -> settle(conn, after, STRIPE, found.get().bookingId(), "Pagamento con carta non completato"))));
  }

  /** A hold still held is released now (its places back); a booking already ended stays as it is. */
  private Future<Void> endHold(SqlConnection conn, AfterCommit after, UUID bookingId, String why) {
    return bookings.find(conn, bookingId).map(Optional::orElseThrow).compose(booking -> !"held".equals(booking.getString("status"))
        ? Future.succeededFuture()
        : bookings.release(conn, bookingId, "expired", true).compose(released -> released.isEmpty() ? Future.succeededFuture()
            : announce(conn, after, released.get(), "expired", new JsonObject().put("reason", why))));
  }

  /** Stripe's word on refunds: those that succeeded complete (with their ledger row), those that failed no longer count. */
  private Future<Void> refunded(SqlConnection conn, CardEvent.ChargeRefunded event) {
    Future<Void> chain = Future.succeededFuture();
    for (CardEvent.RefundSeen seen : event.refunds()) {
      if (seen.refundId() == null) {
        LOG.warn("A refund not asked by Sportello on a card payment (event {}): not in the ledger", event.eventId());
        continue;
      }
      chain = chain.compose(v -> switch (seen.status()) {
        case "succeeded" -> repository.completeRefund(conn, seen.refundId(), seen.stripeRefundId(), event.paymentIntent())
            .mapEmpty();
        case "failed", "canceled" -> repository.failRefund(conn, seen.refundId()).mapEmpty();
        default -> Future.<Void>succeededFuture();
      });
    }
    return chain;
  }

  private Future<Void> announce(SqlConnection conn, AfterCommit after, JsonObject booking, String action, JsonObject detail) {
    UUID id = UUID.fromString(booking.getString("id"));
    String person = booking.getString("person");
    return bookings.audit(conn, id, STRIPE, action, detail.put("person", person))
        .compose(v -> bookings.outbox(conn, "booking." + action, person, booking))
        .onSuccess(v -> after.add(() -> nodeBus.publish(PlatformBridge.userAddress(person),
            new JsonObject().put("kind", "booking").put("event", action).put("booking", booking))));
  }

  // ---- calls to the card service after commit, and the sweep -------------------------------------

  private void expireCheckout(Payment payment) {
    if (payment.stripeSession() == null) {
      return; // never opened: nobody can pay it
    }
    cards.ifPresent(c -> c.expire(payment.stripeAccount(), payment.stripeSession())
        .onFailure(e -> LOG.info("Could not end checkout early (it expires on its own): {}", e.getMessage())));
  }

  private Future<Void> askRefund(PaymentRepository.UnaskedRefund refund) {
    if (cards.isEmpty()) {
      return Future.succeededFuture();
    }
    return cards.get().refund(new CardCheckout.RefundRequest(refund.stripeAccount(), refund.paymentIntent(),
            refund.refundId(), refund.amountCents(), "refund-" + refund.refundId()))
        .compose(started -> repository.asked(refund.refundId(), started.stripeRefundId()))
        .onFailure(e -> LOG.warn("Could not ask for a card refund now; the sweep asks again: {}", e.getMessage()));
  }

  /**
   * Bookings that ended with money not settled (a hold that expired while its checkout was open,
   * with credit spent): settled now. Safe on every node: each booking is settled in a transaction
   * holding its payments' locks, and settling twice finds nothing left.
   */
  public Future<Integer> settleEnded() {
    return repository.endedUnsettled(SWEEP_BATCH).compose(ids -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (UUID id : ids) {
        chain = chain.compose(n -> inTransaction((conn, after) -> bookings.lock(conn, id)
            .compose(locked -> settle(conn, after, "system", id, "Prenotazione scaduta prima del pagamento"))).map(n + 1));
      }
      return chain;
    });
  }

  /** Card refunds recorded whose request to Stripe was lost: asked again (the same idempotency key, so never twice). */
  public Future<Integer> askUnaskedRefunds() {
    return repository.unaskedCardRefunds(SWEEP_BATCH).compose(refunds -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (PaymentRepository.UnaskedRefund refund : refunds) {
        chain = chain.compose(n -> askRefund(refund).map(n + 1).otherwise(n));
      }
      return chain;
    });
  }
}
