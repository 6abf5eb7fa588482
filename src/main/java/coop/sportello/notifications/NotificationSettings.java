package coop.sportello.notifications;

import coop.sportello.notifications.domain.Backoff;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The {@code notifications} section: how often the relay plans and sends, how many messages a
 * node takes at once and for how long, the retry policy, reminders, how long messages are kept,
 * and the e-mail, SMS and webhook transports.
 *
 * @param publicUrl where links in messages point (empty: {@code http.publicUrl}, else localhost)
 * @param webhooksAllowInsecure webhooks may go to http:// and https:// on localhost (development and tests only)
 */
public record NotificationSettings(String network, String publicUrl, long planMillis, long sendMillis, int batchSize,
                                   Duration lease, Backoff backoff, long reminderMillis, Duration retention, long purgeMillis,
                                   EmailTransport.Settings email, SmsGateway.Settings sms, long webhookTimeoutMillis,
                                   boolean webhooksAllowInsecure) {

  public static NotificationSettings from(JsonObject notifications, String network, String publicUrl) {
    JsonObject n = notifications;
    return new NotificationSettings(network, publicUrl, n.getLong("planMillis"), n.getLong("sendMillis"), n.getInteger("batchSize"),
        Duration.ofSeconds(n.getLong("leaseSeconds")),
        new Backoff(Duration.ofSeconds(n.getLong("retryBaseSeconds")), Duration.ofSeconds(n.getLong("retryCapSeconds")),
            n.getInteger("maxAttempts")),
        n.getLong("reminderMillis"), Duration.ofDays(n.getLong("retentionDays")), n.getLong("purgeMillis"),
        EmailTransport.Settings.from(n.getJsonObject("email")), SmsGateway.Settings.from(n.getJsonObject("sms")),
        n.getJsonObject("webhooks").getLong("timeoutMillis"), n.getJsonObject("webhooks").getBoolean("allowInsecure"));
  }
}
