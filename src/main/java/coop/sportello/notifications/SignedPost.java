package coop.sportello.notifications;

import coop.sportello.calls.PbxSignature;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * A JSON POST signed as the receiver can check it: {@code Sportello-Signature: t=<unix seconds>,
 * v1=<hex HMAC-SHA256 of "t.body">} (the scheme Stripe uses for its webhooks), with the message id
 * as {@code Sportello-Delivery} and {@code Idempotency-Key}, so a receiver that dedupes sees a retry as
 * the same delivery. 2xx is accepted; 408, 429 and 5xx are worth another try; any other answer is a
 * refusal ({@link Transport.Rejected}). Used by the SMS gateway adapter and by webhooks; the
 * signature is {@link coop.sportello.calls.PbxSignature}'s scheme and code.
 */
final class SignedPost {

  private static final int KEPT_BODY_CHARS = 500;

  private final WebClient client;
  private final Clock clock;
  private final long timeoutMillis;

  SignedPost(WebClient client, Clock clock, long timeoutMillis) {
    this.client = client;
    this.clock = clock;
    this.timeoutMillis = timeoutMillis;
  }

  Future<JsonObject> post(String url, String secret, String deliveryId, JsonObject body, Map<String, String> extraHeaders) {
    String payload = body.encode();
    long timestamp = clock.instant().getEpochSecond();
    var request = client.postAbs(url).timeout(timeoutMillis)
        .putHeader("Content-Type", "application/json")
        .putHeader("Sportello-Delivery", deliveryId)
        .putHeader("Idempotency-Key", deliveryId)
        // The PBX webhooks' scheme, signed by the same code.
        .putHeader("Sportello-Signature", PbxSignature.sign(secret, timestamp, payload.getBytes(StandardCharsets.UTF_8)));
    extraHeaders.forEach(request::putHeader);
    return request.sendBuffer(Buffer.buffer(payload)).compose(SignedPost::classify);
  }

  private static Future<JsonObject> classify(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.bodyAsString();
    JsonObject kept = new JsonObject().put("status", status)
        .put("body", text.length() > KEPT_BODY_CHARS ? text.substring(0, KEPT_BODY_CHARS) : text);
    if (status >= 200 && status < 300) {
      return Future.succeededFuture(kept);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return Future.failedFuture(new RetryableAnswer("HTTP " + status, kept));
    }
    return Future.failedFuture(new Transport.Rejected("HTTP " + status, kept));
  }

  /** An answer worth another try; its status and body are kept as the message's last response. */
  static final class RetryableAnswer extends RuntimeException {
    private final JsonObject response;

    RetryableAnswer(String reason, JsonObject response) {
      super(reason, null, false, false);
      this.response = response;
    }

    JsonObject response() {
      return response;
    }
  }
}
