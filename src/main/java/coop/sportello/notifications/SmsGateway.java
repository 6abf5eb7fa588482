package coop.sportello.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * SMS through an HTTP gateway: a signed JSON POST {@code {id, to, text, sender}} to the configured
 * URL with the account's API key as a bearer token. Italian gateways (Skebby, Aruba, Twilio's
 * Italian numbers) all take a JSON or form POST of this kind; a gateway with another body gets its
 * own adapter beside this one, behind the same {@link Transport}.
 */
final class SmsGateway implements Transport {

  /** {@code notifications.sms} section. */
  record Settings(String url, String apiKey, String signingSecret, String sender) {
    static Settings from(JsonObject sms) {
      return new Settings(sms.getString("url"), sms.getString("apiKey"), sms.getString("signingSecret"), sms.getString("sender"));
    }

    boolean configured() {
      return url != null && !url.isBlank();
    }
  }

  private final SignedPost post;
  private final Settings settings;

  SmsGateway(SignedPost post, Settings settings) {
    this.post = post;
    this.settings = settings;
  }

  @Override
  public Future<JsonObject> send(NotificationRepository.Claimed m) {
    JsonObject body = new JsonObject().put("id", m.id().toString()).put("to", m.address())
        .put("text", m.content().getString("sms")).put("sender", settings.sender());
    return post.post(settings.url(), settings.signingSecret(), m.id().toString(), body,
        settings.apiKey() == null || settings.apiKey().isBlank() ? Map.of() : Map.of("Authorization", "Bearer " + settings.apiKey()));
  }
}
