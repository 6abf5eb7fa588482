package coop.sportello.calendar;

import coop.sportello.calendar.domain.FeedAddress;
import coop.sportello.calendar.domain.FeedBooking;
import coop.sportello.calendar.domain.FeedWindow;
import coop.sportello.calendar.domain.FeedWords;
import coop.sportello.calendar.domain.ICalendarFile;
import coop.sportello.platform.auth.Secrets;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Calendar feeds: a secret address per person (their bookings) and per resource (a carer's or a
 * room's agenda, for the cooperative), which a phone's calendar fetches again every hour or so.
 * <ul>
 *   <li>The token is 256 random bits; only its SHA-256 is stored, so the address is shown once,
 *       when made. Making one revokes the live one (rotation), in one transaction that also holds
 *       a lock on the person or the resource, so two taps leave one live feed.</li>
 *   <li>Reading a feed hashes whatever token came and looks the hash up: unknown, revoked and
 *       malformed tokens are all the same 404 after the same single lookup.</li>
 *   <li>The file is a pure function of the data ({@code calendar.domain}): DTSTAMP,
 *       LAST-MODIFIED and SEQUENCE come from when each booking or its service last changed.</li>
 * </ul>
 * Making a feed takes no Idempotency-Key: a repeat only rotates again, and an answer stored under
 * a key would keep the address (the secret) in the database.
 */
public final class CalendarService {

  /** The one answer for a feed address that shows nothing: unknown, revoked or malformed. */
  static final Refusal NO_FEED = Refusal.notFound("not-found", "Nessun calendario a questo indirizzo: forse è stato disattivato.");
  /** The one answer for a resource that is not the caller's cooperative's, or does not exist. */
  static final Refusal NOT_YOUR_RESOURCE = Refusal.notFound("not-found", "Nessuna risorsa con questo identificativo tra le vostre.");

  private final Vertx vertx;
  private final CalendarRepository repository;
  private final Clock clock;

  CalendarService(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.repository = new CalendarRepository(pool);
    this.clock = clock;
  }

  // ---- a person's feed --------------------------------------------------------------------------

  /** A new feed of the person's bookings (the live one, if any, stops working): {httpsUrl, webcalUrl, createdAt}. */
  public Future<JsonObject> createPersonal(String person, String publicUrl) {
    String token = Secrets.newSecret();
    return repository.pool().withTransaction(tx -> repository.lockPerson(tx, person)
            .compose(v -> repository.replacePersonFeed(tx, person, Secrets.sha256(token))))
        .map(createdAt -> made(publicUrl, token, createdAt));
  }

  /** Whether the person has a live feed, and since when: {active, createdAt?}; never the address. */
  public Future<JsonObject> personal(String person) {
    return repository.personFeedSince(person).map(CalendarService::state);
  }

  /** Stops the person's feed (nothing happens when there is none). */
  public Future<Void> revokePersonal(String person) {
    return repository.revokePersonFeed(person).mapEmpty();
  }

  // ---- a resource's feed ------------------------------------------------------------------------

  /** A new feed of a resource of the cooperative (a retired one gets none): {resourceId, httpsUrl, webcalUrl, createdAt}. */
  public Future<JsonObject> createForResource(UUID providerId, UUID resourceId, String actor, String publicUrl) {
    String token = Secrets.newSecret();
    return repository.pool().withTransaction(tx -> repository.lockOwnResource(tx, providerId, resourceId)
            .compose(own -> {
              if (own.isEmpty()) {
                return Future.failedFuture(Problem.of(NOT_YOUR_RESOURCE));
              }
              if (own.get().retired()) {
                return Future.failedFuture(Problem.conflict("resource-retired",
                    "La risorsa è ritirata: non ha più un calendario da seguire."));
              }
              return repository.replaceResourceFeed(tx, resourceId, Secrets.sha256(token), actor);
            }))
        .map(createdAt -> made(publicUrl, token, createdAt).put("resourceId", resourceId.toString()));
  }

  /** Whether the cooperative's resource has a live feed: {resourceId, active, createdAt?}. */
  public Future<JsonObject> forResource(UUID providerId, UUID resourceId) {
    return repository.ownResource(providerId, resourceId).compose(own -> own.isEmpty()
        ? Future.failedFuture(Problem.of(NOT_YOUR_RESOURCE))
        : Future.succeededFuture(state(Optional.ofNullable(own.get().feedSince())).put("resourceId", resourceId.toString())));
  }

  /** Stops the feed of the cooperative's resource (nothing happens when there is none). */
  public Future<Void> revokeForResource(UUID providerId, UUID resourceId) {
    return repository.revokeResourceFeed(providerId, resourceId).compose(done -> done.isEmpty()
        ? Future.failedFuture(Problem.of(NOT_YOUR_RESOURCE)) : Future.succeededFuture());
  }

  /** The cooperative's resources with a live feed: {items: [{resourceId, createdAt}]}. */
  public Future<JsonObject> providerFeeds(UUID providerId) {
    return repository.providerFeeds(providerId).map(items -> new JsonObject().put("items", items));
  }

  // ---- reading a feed ---------------------------------------------------------------------------

  /** The iCalendar text behind a token; fails with the one 404 for any token that shows nothing. */
  public Future<String> calendar(String token) {
    Instant now = clock.instant();
    FeedWindow window = FeedWindow.around(now);
    return repository.liveFeed(Secrets.sha256(token)).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.of(NO_FEED));
      }
      CalendarRepository.Feed feed = found.get();
      FeedWords words = FeedWords.of(feed.language());
      String name = feed.person() != null ? words.personalCalendar() : words.resourceCalendar(feed.resourceName());
      Future<List<FeedBooking>> bookings = feed.person() != null ? repository.personBookings(feed.person(), window, now)
          : repository.resourceBookings(feed.resourceId(), window, now);
      // ical4j's writing is plain CPU work that grows with the bookings: off the event loop.
      return bookings.compose(list -> vertx.executeBlocking(() -> ICalendarFile.feed(name, FeedWindow.REFRESH,
          list.stream().map(b -> b.event(words)).toList()), false));
    });
  }

  private static JsonObject made(String publicUrl, String token, Instant createdAt) {
    FeedAddress address = FeedAddress.of(publicUrl, token);
    return new JsonObject().put("httpsUrl", address.httpsUrl()).put("webcalUrl", address.webcalUrl())
        .put("createdAt", createdAt.toString());
  }

  private static JsonObject state(Optional<Instant> since) {
    JsonObject state = new JsonObject().put("active", since.isPresent());
    since.ifPresent(at -> state.put("createdAt", at.toString()));
    return state;
  }
}
