package coop.sportello.frontdesk;

import coop.sportello.frontdesk.domain.Channel;
import coop.sportello.frontdesk.domain.Contact;
import coop.sportello.frontdesk.domain.Outcome;
import coop.sportello.frontdesk.domain.OutcomeRules;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Problem;
import coop.sportello.reporting.domain.ReportPeriod;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The front desk's outcomes (issue 23, part 6): what an answered call or a handled chat
 * conversation was about and how it ended, recorded by who had it (or a supervisor) into V55's
 * {@code contact_outcomes}, one row per contact, a later recording replacing the earlier; the
 * form's suggestion (a booking the handler made for the person during the contact); and the
 * supervisor's counts by channel, topic and outcome.
 */
final class FrontDeskService {

  private final Pool pool;
  private final FrontDeskRepository repository;

  FrontDeskService(Pool pool, FrontDeskRepository repository) {
    this.pool = pool;
    this.repository = repository;
  }

  /**
   * What the outcome form starts from: {channel, contactId, contactAt, topic (the conversation's,
   * or null), recorded (or null), bookings[] made during the contact, suggestion {outcome, bookingId}
   * (or null)}. 404 for a contact the caller did not handle, as for an unknown one.
   */
  Future<JsonObject> form(Identity who, Channel channel, String contactId) {
    return contact(pool, who, channel, contactId).compose(contact -> repository.madeDuring(pool, contact)
        .compose(bookings -> repository.recorded(pool, channel, contactId).map(recorded -> {
          Optional<UUID> booking = OutcomeRules.suggestedBooking(ids(bookings));
          return new JsonObject().put("channel", channel.wire()).put("contactId", contact.id())
              .put("contactAt", contact.at().toString()).put("topic", contact.topic())
              .put("recorded", recorded.orElse(null)).put("bookings", bookings)
              .put("suggestion", booking.map(id -> new JsonObject().put("outcome", Outcome.BOOKING.wire())
                  .put("bookingId", id.toString())).orElse(null));
        })));
  }

  /**
   * Records the contact's outcome (replacing an earlier one), once per Idempotency-Key; the topic
   * defaults to the conversation's. A booking named must be one its handler made for the person
   * during it (422 otherwise).
   */
  Future<Idempotency.Outcome> record(Identity who, Channel channel, String contactId, String topic, Outcome outcome,
                                     UUID booking, Idempotency.Key key) {
    return AfterCommit.idempotent(pool, key, (tx, after) -> contact(tx, who, channel, contactId)
        .compose(contact -> {
          String chosen = topic != null ? topic : contact.topic();
          if (chosen == null) {
            return Future.failedFuture(Problem.validation("Indica l'argomento del contatto.", new JsonArray()
                .add(new JsonObject().put("pointer", "/topic").put("detail", "obbligatorio"))));
          }
          Future<List<UUID>> madeDuring = booking == null ? Future.succeededFuture(List.of())
              : repository.madeDuring(tx, contact).map(FrontDeskService::ids);
          return madeDuring.compose(made -> OutcomeRules.check(outcome, booking, made)
              .<Future<JsonObject>>map(refusal -> Future.failedFuture(Problem.of(refusal)))
              .orElseGet(() -> repository.record(tx, contact, chosen, outcome, booking, who.subject())));
        })
        .map(recorded -> new Idempotency.Outcome(200, recorded)));
  }

  /** The contacts that began in the period (Rome days, both included; the reports' period and its limit), counted. */
  Future<JsonObject> contacts(ReportPeriod period) {
    return repository.counts(pool, period.start(), period.end())
        .map(counts -> new JsonObject().put("from", period.from().toString()).put("to", period.to().toString()).mergeIn(counts));
  }

  /** The contact, if the caller handled it or is a supervisor (who may record for any handled contact). */
  private Future<Contact> contact(SqlClient client, Identity who, Channel channel, String contactId) {
    String handler = who.hasRole(Role.SUPERVISOR) ? null : who.subject();
    Future<Optional<Contact>> found = switch (channel) {
      case CALL -> repository.call(client, contactId, handler);
      case CHAT -> repository.chat(client, UUID.fromString(contactId), handler);
    };
    return found.compose(c -> c.isPresent() ? Future.succeededFuture(c.get())
        : Future.failedFuture(Problem.of(OutcomeRules.NOT_FOUND)));
  }

  private static List<UUID> ids(JsonArray bookings) {
    return bookings.stream().map(b -> UUID.fromString(((JsonObject) b).getString("id"))).toList();
  }
}
