package coop.sportello.notifications;

import coop.sportello.notifications.domain.Backoff;
import coop.sportello.notifications.domain.Channel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends the messages that are due: claims a batch under a lease (see
 * {@link NotificationRepository#claimDue}), hands each to its channel's transport, and records
 * each outcome as soon as it is known — sent, failed with the next try at a capped exponential
 * backoff, or dead after the last attempt or a refusal. At least once: a node that dies between
 * the server's "accepted" and that record lets the lease lapse and the message goes again with the
 * same id (Message-ID, delivery id), which a receiver that dedupes recognises.
 */
final class DeliveryRelay {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryRelay.class);

  private final NotificationRepository repository;
  private final Map<Channel, Transport> transports;
  private final Backoff backoff;
  private final Duration lease;
  private final long sendTimeoutMillis;
  private final int concurrency;
  private final Clock clock;

  /**
   * @param concurrency messages under way at once (the SMTP pool's connections): a send's timeout
   *                    then measures the send, not the wait for a free connection, which would
   *                    time out messages the client still sends and send them twice
   */
  DeliveryRelay(NotificationRepository repository, Map<Channel, Transport> transports, Backoff backoff, Duration lease,
                long sendTimeoutMillis, int concurrency, Clock clock) {
    this.repository = repository;
    this.transports = Map.copyOf(transports);
    this.backoff = backoff;
    this.lease = lease;
    this.sendTimeoutMillis = sendTimeoutMillis;
    this.concurrency = Math.max(1, concurrency);
    this.clock = clock;
  }

  /** Sends one batch of up to {@code limit} due messages, {@code concurrency} at a time; answers how many were taken. */
  Future<Integer> sendBatch(int limit) {
    return repository.claimDue(limit, lease).compose(claimed -> {
      Queue<NotificationRepository.Claimed> waiting = new ConcurrentLinkedQueue<>(claimed);
      List<Future<Void>> lanes = new ArrayList<>(concurrency);
      for (int i = 0; i < Math.min(concurrency, claimed.size()); i++) {
        lanes.add(lane(waiting));
      }
      return Future.join(lanes).transform(done -> Future.succeededFuture(claimed.size()));
    });
  }

  /** One message after another from the batch, until it is empty. */
  private Future<Void> lane(Queue<NotificationRepository.Claimed> waiting) {
    NotificationRepository.Claimed next = waiting.poll();
    return next == null ? Future.succeededFuture() : deliver(next).compose(v -> lane(waiting));
  }

  private Future<Void> deliver(NotificationRepository.Claimed m) {
    Transport transport = transports.get(Channel.of(m.channel()));
    Future<JsonObject> sent;
    try {
      sent = transport.send(m).timeout(sendTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.compose(
        response -> repository.markSent(m.id(), response),
        failure -> {
          boolean refused = failure instanceof Transport.Rejected;
          JsonObject response = failure instanceof Transport.Rejected r ? r.response()
              : failure instanceof SignedPost.RetryableAnswer a ? a.response() : null;
          Optional<java.time.Instant> retryAt = refused ? Optional.empty()
              : backoff.after(m.attempts(), ThreadLocalRandom.current().nextDouble()).map(wait -> clock.instant().plus(wait));
          String reason = reason(failure);
          if (retryAt.isEmpty()) {
            // The id only: the address and the words are personal data.
            LOG.warn("Message {} ({} {}) is a dead letter after {} attempts: {}", m.id(), m.channel(), m.kind(), m.attempts(), reason);
          }
          return repository.markFailed(m.id(), reason, response, retryAt);
        })
        .recover(e -> {
          // The record failed (database away): the lease runs out and the message goes again.
          LOG.warn("Could not record the outcome of message {}", m.id(), e);
          return Future.succeededFuture();
        });
  }

  private static String reason(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return message.length() > 500 ? message.substring(0, 500) : message;
  }
}
