package coop.sportello.people;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Problem;
import coop.sportello.privacy.ReadLog;
import coop.sportello.privacy.domain.ReadKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.Optional;
import java.util.UUID;

/**
 * What the staff's consoles show about a person, read the same way for the operator's screen pop,
 * the welfare manager's citizen beside a chat and the re-read after booking for someone:
 * <pre>
 *   person            {id, name, municipality (ISTAT code), municipalityName, employee, company {id, name} | null}
 *   upcomingBookings  booking_json of their held and confirmed bookings not yet over, soonest first
 * </pre>
 * Reads only. Who may see whom is decided before: by the route's {@code Concern.person} (the call
 * queue's and the chat's checks) or by the module asking (the screen pop goes to the operator the
 * call is offered to; the chat asks for its assigned manager).
 */
public final class PeopleService {

  /**
   * The answer for a person one may not see and for one who does not exist alike, so that nobody
   * learns which account ids are real (the concern checks give it too).
   */
  public static final Refusal NOT_FOUND = Refusal.notFound("not-found", "Nessuna persona con questo identificativo tra le tue.");

  /** Bookings shown at most: a console lists the next ones, not a history. */
  static final int UPCOMING = 20;

  /** Who a phone number is: the one account with it, or nobody when none or several have it. */
  public record Recognised(Optional<JsonObject> person, int matches) { }

  private final Pool pool;
  private final PeopleRepository repository;

  public PeopleService(Pool pool) {
    this.pool = pool;
    this.repository = new PeopleRepository(pool);
  }

  /** The account a subject names, if it is an account id at all (external sign-ins and visitors have none). */
  public static Optional<UUID> account(String subject) {
    try {
      return subject == null ? Optional.empty() : Optional.of(UUID.fromString(subject)).filter(id -> id.toString().equals(subject));
    } catch (IllegalArgumentException notAnAccount) {
      return Optional.empty();
    }
  }

  /** The person with this number (E.164), when exactly one account has it. */
  public Future<Recognised> withPhone(String e164) {
    return repository.withPhone(e164).compose(ids -> ids.size() != 1 ? Future.succeededFuture(new Recognised(Optional.empty(), ids.size()))
        : repository.person(ids.get(0)).map(person -> new Recognised(person, 1)));
  }

  /**
   * The person and their upcoming bookings: {person, upcomingBookings[]}; {person: null,
   * upcomingBookings: []} without an account. The reader's look is logged first ({@link ReadLog},
   * chat-context, naming the conversation {@code ref}).
   */
  public Future<JsonObject> context(Identity reader, String subject, String ref) {
    Optional<UUID> account = account(subject);
    if (account.isEmpty()) {
      return Future.succeededFuture(new JsonObject().putNull("person").put("upcomingBookings", new JsonArray()));
    }
    return repository.person(account.get()).compose(person -> person.isEmpty()
        ? Future.succeededFuture(new JsonObject().putNull("person").put("upcomingBookings", new JsonArray()))
        : ReadLog.record(pool, reader, account.get(), ReadKind.CHAT_CONTEXT.wireName(), ref)
            .compose(logged -> upcoming(account.get())).map(bookings -> new JsonObject().put("person", person.get()).put("upcomingBookings", bookings)));
  }

  /** The person's upcoming bookings: {personId, items[]}; 404 for an id no account has. The read is logged first. */
  public Future<JsonObject> upcomingBookings(Identity reader, UUID person) {
    return repository.person(person).compose(found -> found.isEmpty()
        ? Future.failedFuture(Problem.of(NOT_FOUND))
        : ReadLog.record(pool, reader, person, ReadKind.PERSON_BOOKINGS.wireName()).compose(logged -> upcoming(person)).map(items -> new JsonObject().put("personId", person.toString()).put("items", items)));
  }

  /** Just the bookings still to come (for a person already found). */
  public Future<JsonArray> upcoming(UUID person) {
    return repository.upcomingBookings(person, UPCOMING);
  }
}
