package coop.sportello.notifications;

import coop.sportello.notifications.domain.Channel;
import coop.sportello.notifications.domain.WebhookEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The webhooks an outbox row yields, planned in the same transaction as the person's messages: one
 * message per live subscription of the cooperative whose service the booking is of and which asked
 * for that event. Its address is the subscription's id (the URL and secret are read when it is sent,
 * so a disabled subscription stops at once); the unique (outbox row, channel, address) keeps it once.
 */
final class WebhookFanOut implements OutboxPlanning.MessageFanOut {

  /**
   * What of a booking a cooperative's software is told. It delivers the service, so the booking's
   * code, service, resource, times, places and status — what its staff needs to plan the work and
   * recognise the person when they arrive with the code. Nothing about the person: not their
   * account id (a pseudonym, but the same in every cooperative's system and in every Sportello
   * record, so once copied into other software it links a person's bookings across cooperatives),
   * not who acted for them, not their intake answers (a home address, notes about health), not
   * whether they paid with company welfare (their employer). The cooperative's staff sees who and
   * where signed in, on its bookings page, where access is checked; a URL only needs the facts.
   */
  static final List<String> BOOKING_FIELDS =
      List.of("id", "code", "serviceId", "resourceId", "start", "end", "places", "status", "holdExpiresAt", "rescheduledFrom");

  private final WebhookRepository repository;
  private final Clock clock;

  WebhookFanOut(WebhookRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  @Override
  public Future<List<NotificationRepository.NewMessage>> messagesFor(SqlClient tx, List<Row> rows) {
    List<WebhookRepository.Announced> announced = new ArrayList<>();
    Map<Long, Announcing> byOutbox = new HashMap<>();
    for (Row row : rows) {
      JsonObject payload = row.getJsonObject("payload");
      Optional<WebhookEvent> event = WebhookEvent.ofTopic(row.getString("topic"), payload.getString("rescheduledFrom") != null);
      Optional<UUID> service = uuid(payload.getValue("serviceId"));
      if (event.isPresent() && service.isPresent()) {
        long id = row.getLong("id");
        announced.add(new WebhookRepository.Announced(id, event.get().wireName(), service.get()));
        byOutbox.put(id, new Announcing(event.get(), payload));
      }
    }
    if (announced.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return repository.subscribers(tx, announced).map(matches -> {
      List<NotificationRepository.NewMessage> out = new ArrayList<>(matches.size());
      for (WebhookRepository.Match m : matches) {
        Announcing a = byOutbox.get(m.outboxId());
        out.add(new NotificationRepository.NewMessage(m.outboxId(), a.event().wireName(), Channel.WEBHOOK.wireName(), null,
            m.subscriptionId().toString(), "it", event(a.event(), m.createdAt(), new JsonObject().put("booking", booking(a.payload()))),
            clock.instant()));
      }
      return out;
    });
  }

  private record Announcing(WebhookEvent event, JsonObject payload) { }

  /**
   * An event's body as stored with its message; the transport puts the message's id in front
   * ({@code id}, the same on every retry and in the {@code Sportello-Delivery} header).
   */
  static JsonObject event(WebhookEvent type, String createdAt, JsonObject data) {
    return new JsonObject().put("type", type.wireName()).put("createdAt", createdAt).put("data", data);
  }

  private static JsonObject booking(JsonObject payload) {
    JsonObject out = new JsonObject();
    for (String field : BOOKING_FIELDS) {
      if (payload.getValue(field) != null) {
        out.put(field, payload.getValue(field));
      }
    }
    return out;
  }

  /** A UUID given as text, or empty for anything else. */
  static Optional<UUID> uuid(Object value) {
    if (!(value instanceof String text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
