package coop.sportello.booking;

import coop.sportello.payments.domain.PaymentChoice;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a manage-my-booking link may do with the one booking it names (see {@link ManageLinks}):
 * each action is the booking API's own ({@link BookingService}), asked as the booking's person.
 * That person is read from the booking row, never from the request, and acts with a citizen's
 * rights only: a link never carries staff powers (cancelling inside the cancellation window, say),
 * even when the person happens to be an operator. A booking someone else held or confirmed for
 * the person is the person's to cancel or move as the API allows them. The person's account must
 * not be disabled. A link that names nothing it may act on gets {@link #invalidLink()}, like a
 * forged or expired one.
 */
public final class ManageLinkService {

  private final Pool pool;
  private final BookingRepository repository;
  private final BookingService bookings;

  ManageLinkService(Pool pool, BookingRepository repository, BookingService bookings) {
    this.pool = pool;
    this.repository = repository;
    this.bookings = bookings;
  }

  /** The one answer to every link that does not work: expired, forged, for another purpose, or naming nothing. */
  public static Problem invalidLink() {
    return new Problem(401, "link-invalid", "Collegamento non valido",
        "Il collegamento è scaduto o non è valido. Accedi a Sportello per vedere le tue prenotazioni, "
            + "oppure chiama il servizio di assistenza.");
  }

  /** The booking a {@code booking} link names. */
  public Future<JsonObject> view(UUID bookingId) {
    return holder(bookingId).map(Holder::booking);
  }

  /** Cancels it as its person (the cancellation window applies). */
  public Future<Outcome> cancel(UUID bookingId, Idempotency.Key key) {
    return holder(bookingId).compose(holder -> bookings.cancel(holder.person(), bookingId, null, key));
  }

  /** Moves it to another slot of the same service as its person; the answer is the new booking. */
  public Future<Outcome> reschedule(UUID bookingId, UUID slotId, Idempotency.Key key) {
    return holder(bookingId).compose(holder -> bookings.reschedule(holder.person(), bookingId, slotId, key));
  }

  /** The hold a {@code waitlist-offer} link names: only one the waiting line offered. */
  public Future<JsonObject> offer(UUID bookingId) {
    return offered(bookingId).map(Holder::booking);
  }

  /**
   * Confirms the offered hold as its person, with the answers to the service's intake questions.
   * Never paid with welfare credit: spending money takes signing in.
   */
  public Future<Outcome> confirmOffer(UUID bookingId, Map<String, ?> intake, Idempotency.Key key) {
    return offered(bookingId).compose(holder -> bookings.confirm(holder.person(), bookingId, PaymentChoice.NOTHING, intake, key));
  }

  /** The booking and its person as a link acts for them. */
  private record Holder(JsonObject booking, Identity person) { }

  private Future<Holder> offered(UUID bookingId) {
    return holder(bookingId).compose(holder -> BookingService.WAITING_LINE.equals(holder.booking().getString("actedBy"))
        ? Future.succeededFuture(holder) : Future.failedFuture(invalidLink()));
  }

  private Future<Holder> holder(UUID bookingId) {
    return repository.find(bookingId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(invalidLink());
      }
      String person = found.get().getString("person");
      return active(person).compose(active -> active
          ? Future.succeededFuture(new Holder(found.get(), asCitizen(person)))
          : Future.failedFuture(invalidLink()));
    });
  }

  /** A person with an account must still have it; a person named otherwise (no account id) has nothing to check. */
  private Future<Boolean> active(String person) {
    Optional<UUID> account = ManageLinks.canonicalUuid(person);
    return account.isEmpty() ? Future.succeededFuture(true) : repository.accountExists(pool, account.get());
  }

  private static Identity asCitizen(String person) {
    return new Identity(person, Set.of(Role.CITIZEN), null, "", null, null, null);
  }
}
