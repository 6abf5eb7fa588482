package coop.sportello.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One way out (SMTP, an SMS gateway, a webhook). {@link #send} succeeds when the other side
 * accepted the message, with what it answered (kept as the message's last response); it fails with
 * {@link Rejected} when trying again cannot help (an address the server refuses), with anything
 * else when it may (a server down, a timeout).
 */
interface Transport {

  Future<JsonObject> send(NotificationRepository.Claimed message);

  /** A refusal that no retry will change: the message goes straight to the dead letters. */
  final class Rejected extends RuntimeException {
    private final JsonObject response;

    Rejected(String reason, JsonObject response) {
      super(reason, null, false, false);
      this.response = response;
    }

    JsonObject response() {
      return response;
    }
  }

  /** The reason a message of this channel cannot leave because nothing was configured for it. */
  static Transport unconfigured(String what) {
    return message -> Future.failedFuture(new IllegalStateException(what + " non configurato / not configured"));
  }
}
