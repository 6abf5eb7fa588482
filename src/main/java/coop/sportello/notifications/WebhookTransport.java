package coop.sportello.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A webhook delivery: the event body with the message's id in front, posted to the subscription's
 * URL and signed with its secret ({@link SignedPost}), both read now, so that a subscription
 * disabled after the event was planned gets nothing more: its waiting deliveries become dead
 * letters with that reason. Retries are the relay's (same backoff as e-mail).
 */
final class WebhookTransport implements Transport {

  /** The header naming the event type, so that a receiver can route before it parses. */
  static final String EVENT_HEADER = "Sportello-Event";

  private final WebhookRepository repository;
  private final SignedPost post;

  WebhookTransport(WebhookRepository repository, SignedPost post) {
    this.repository = repository;
    this.post = post;
  }

  @Override
  public Future<JsonObject> send(NotificationRepository.Claimed m) {
    Optional<UUID> subscription = WebhookFanOut.uuid(m.address());
    if (subscription.isEmpty()) {
      return Future.failedFuture(new Rejected("no such subscription", new JsonObject()));
    }
    return repository.target(subscription.get()).compose(target -> {
      if (target.isEmpty() || !target.get().live()) {
        return Future.failedFuture(new Rejected("subscription disabled", new JsonObject()));
      }
      JsonObject body = new JsonObject().put("id", m.id().toString()).mergeIn(m.content());
      return post.post(target.get().url(), target.get().secret(), m.id().toString(), body, Map.of(EVENT_HEADER, m.kind()));
    });
  }
}
