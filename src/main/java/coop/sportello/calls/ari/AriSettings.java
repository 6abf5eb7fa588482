package coop.sportello.calls.ari;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.Objects;

/**
 * How the adapter reaches Asterisk, from the {@code calls.ari} configuration object (every
 * setting's default is in {@code sportello-defaults.json}):
 * <pre>
 * {url: "http://127.0.0.1:8088/ari", username, password, app: "sportello",
 *  callbackDtmf: "1", callbackDialPattern: "PJSIP/%s@sportello-trunk", reconnectMinMillis, ...}
 * </pre>
 * No url means no Asterisk: the adapter is not deployed.
 *
 * @param baseUrl             ARI's base URL, without a trailing slash
 * @param application         the Stasis application name the dialplan hands callers to
 * @param callbackDtmf        the key a waiting caller presses to ask for a call-back (empty: never)
 * @param callbackDialPattern {@link String#format} pattern turning a caller's number into an endpoint
 * @param reconnectMinMillis  first wait before reconnecting the events socket; doubles up to the max
 * @param pingMillis          how often the events socket is pinged; three silent periods close it
 * @param controlTimeoutMillis how long a request on calls.control may wait for its reply
 * @param releaseMillis       longest wait for a good-bye message before the channel is hung up anyway
 */
public record AriSettings(String baseUrl, String username, String password, String application,
                          String callbackDtmf, String callbackDialPattern,
                          long reconnectMinMillis, long reconnectMaxMillis, long pingMillis,
                          long controlTimeoutMillis, long releaseMillis) {

  public AriSettings {
    Objects.requireNonNull(baseUrl, "calls.ari.url");
    URI parsed = URI.create(baseUrl);
    if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw new IllegalArgumentException("calls.ari.url must be an http(s) URL, got '" + baseUrl + "'");
    }
    if (application == null || application.isBlank() || application.contains(",")) {
      throw new IllegalArgumentException("calls.ari.app must be a name without commas");
    }
    if (callbackDialPattern == null || !callbackDialPattern.contains("%s")) {
      throw new IllegalArgumentException("calls.ari.callbackDialPattern must contain %s for the number");
    }
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
  }

  /** The settings in the {@code calls.ari} section, or null when it names no url (the adapter stays off). */
  public static AriSettings from(JsonObject ari) {
    String url = ari == null ? null : ari.getString("url");
    if (url == null || url.isBlank()) {
      return null;
    }
    return new AriSettings(url.trim(), ari.getString("username"), ari.getString("password"), ari.getString("app"),
        ari.getString("callbackDtmf"), ari.getString("callbackDialPattern"),
        ari.getLong("reconnectMinMillis"), ari.getLong("reconnectMaxMillis"), ari.getLong("pingMillis"),
        ari.getLong("controlTimeoutMillis"), ari.getLong("releaseMillis"));
  }

  /** The endpoint that rings a caller back, e.g. {@code PJSIP/0351234567@sportello-trunk}. */
  public String callbackEndpoint(String number) {
    return String.format(callbackDialPattern, number);
  }

  /** ARI accepts its credentials as one query parameter, which is how the events socket sends them. */
  public String apiKey() {
    return username + ":" + password;
  }

  @Override
  public String toString() {
    return "AriSettings[" + baseUrl + ", user " + username + ", app " + application + "]";
  }
}
