package coop.sportello.booking;

import coop.sportello.booking.domain.WelfareConsent;
import coop.sportello.kiosk.PinCheck;
import coop.sportello.payments.PaymentService;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.bridge.PlatformBridge;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The person's answer to a request to spend their welfare credit (V20): approving debits the
 * wallet with its ledger row naming the request, in the transaction that records the decision;
 * refusing records the no. Each decision is taken once: a second approval answers the approved
 * request again and debits nothing (the row lock on the request serialises two approvals; the
 * ledger's unique indexes are the backstop). The booking row is locked before paying, so a
 * cancellation at the same moment either comes first (nothing to pay: 409) or refunds the payment.
 * Meanwhile the booking's price was due at the provider; the approved credit pays it instead.
 */
public final class WelfareConsentService {

  private final Pool pool;
  private final NodeBus nodeBus;
  private final WelfareConsentRepository consents;
  private final BookingRepository bookings;
  private final PaymentService payments;
  private final PinCheck pins;

  public WelfareConsentService(Pool pool, NodeBus nodeBus, WelfareConsentRepository consents, BookingRepository bookings,
                               PaymentService payments, PinCheck pins) {
    this.pool = pool;
    this.nodeBus = nodeBus;
    this.consents = consents;
    this.bookings = bookings;
    this.payments = payments;
    this.pins = pins;
  }

  private Future<Outcome> change(Idempotency.Key key, BiFunction<SqlConnection, AfterCommit, Future<Outcome>> work) {
    return AfterCommit.idempotent(pool, key, work);
  }

  /** The requests the caller may see: their own, the identified person's at a kiosk, or those they asked for. */
  public Future<JsonObject> list(Identity who) {
    return consents.visibleTo(who.subject()).map(items -> new JsonObject().put("items", items));
  }

  /** The person approves, signed in as themselves or at a kiosk where they are identified. */
  public Future<Outcome> approve(Identity who, UUID consentId, Idempotency.Key key) {
    return decideApproval(who, consentId, WelfareConsent.directly(who), key);
  }

  /**
   * Whoever asked approves with the PIN the person told them: the PIN is checked first, with the
   * kiosk lock-out (so a requester cannot guess it), then the approval is recorded as given by PIN.
   */
  public Future<Outcome> approveWithPin(Identity requester, UUID consentId, String pin, Idempotency.Key key) {
    return consents.find(pool, consentId, requester.subject()).compose(found -> {
      if (found.isEmpty() || !requester.subject().equals(found.get().getString("requestedBy"))) {
        return Future.failedFuture(notFound());
      }
      UUID person = UUID.fromString(found.get().getString("person"));
      return pins.verify(person, requester.subject(), pin, new Problem(422, "wrong-pin", "PIN non corretto",
              "Il PIN non è quello della persona: chiedile di ripeterlo, oppure di approvare dall'area personale."))
          .compose(v -> decideApproval(requester, consentId, WelfareConsent.How.PIN, key));
    });
  }

  private Future<Outcome> decideApproval(Identity who, UUID consentId, WelfareConsent.How how, Idempotency.Key key) {
    return change(key, (conn, after) -> consents.approve(conn, consentId, who.subject(), how).compose(approved -> approved.isEmpty()
        ? undecided(conn, who, consentId, "approved")
        : bookings.lock(conn, approved.get().bookingId()).compose(found -> {
          WelfareConsentRepository.Approved request = approved.get();
          JsonObject booking = found.orElseThrow();
          if (!"confirmed".equals(booking.getString("status")) || booking.getInteger("paidWithWelfareCents") > 0) {
            return Future.failedFuture(Problem.conflict("consent-lapsed", "La prenotazione non è più da pagare "
                + "(annullata, spostata o già pagata): non è stato tolto nulla dal credito."));
          }
          UUID bookingId = request.bookingId();
          // What was due at the provider meanwhile is no longer due: the credit pays it (PaymentService).
          return payments.payApprovedCredit(conn, who, bookingId, request.person().toString(), request.amountCents(), consentId)
              .compose(paid -> decided(conn, after, who, consentId, bookingId, "welfare-consent-approved",
                  new JsonObject().put("how", how.wireName()).put("paidWithWelfareCents", paid)));
        })));
  }

  /** The person says no; the booking stays confirmed and unpaid (it is paid at the service as usual). */
  public Future<Outcome> refuse(Identity who, UUID consentId, Idempotency.Key key) {
    WelfareConsent.How how = WelfareConsent.directly(who);
    return change(key, (conn, after) -> consents.refuse(conn, consentId, who.subject(), how).compose(refused -> refused.isEmpty()
        ? undecided(conn, who, consentId, "refused")
        : decided(conn, after, who, consentId, refused.get(), "welfare-consent-refused",
            new JsonObject().put("how", how.wireName()))));
  }

  /** The decision in the booking's audit trail and outbox; its person and requester hear of it after commit. */
  private Future<Outcome> decided(SqlConnection conn, AfterCommit after, Identity who, UUID consentId, UUID bookingId,
                                  String action, JsonObject detail) {
    return consents.find(conn, consentId, who.subject()).map(found -> found.orElseThrow()).compose(consent ->
        bookings.audit(conn, bookingId, who.subject(), action, detail.put("consent", consentId.toString()))
            .compose(v -> bookings.outbox(conn, "booking." + action, consent.getString("person"), consent))
            .map(v -> {
              after.add(() -> tell(consent, action));
              return new Outcome(200, consent);
            }));
  }

  /**
   * Nothing was decided: the same decision again answers the request as it is (idempotent); any
   * other state says why. Whoever may not see the request hears there is none.
   */
  private Future<Outcome> undecided(SqlConnection conn, Identity who, UUID consentId, String wanted) {
    return consents.find(conn, consentId, who.subject()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(notFound());
      }
      JsonObject consent = found.get();
      String status = consent.getString("status");
      if (status.equals(wanted)) {
        return Future.succeededFuture(new Outcome(200, consent));
      }
      return Future.failedFuture(switch (status) {
        case "approved" -> Problem.conflict("consent-approved", "Hai già approvato questo pagamento: per riavere il "
            + "credito annulla la prenotazione.");
        case "refused" -> Problem.conflict("consent-refused", "Questa richiesta è già stata rifiutata.");
        case "lapsed" -> Problem.conflict("consent-lapsed", "Questa richiesta non vale più: è scaduta, oppure la "
            + "prenotazione è stata annullata, spostata o già pagata.");
        default -> Problem.forbidden("Solo la persona che paga decide: dall'area personale, al totem, o dicendo il suo PIN "
            + "a chi ha fatto la richiesta.");
      });
    });
  }

  private void tell(JsonObject consent, String event) {
    JsonObject message = new JsonObject().put("kind", "welfare-consent").put("event", event).put("consent", consent);
    nodeBus.publish(PlatformBridge.userAddress(consent.getString("person")), message);
    nodeBus.publish(PlatformBridge.userAddress(consent.getString("requestedBy")), message);
  }

  private static Problem notFound() {
    return Problem.notFound("Nessuna richiesta di pagamento con il credito welfare con questo identificativo.");
  }
}
