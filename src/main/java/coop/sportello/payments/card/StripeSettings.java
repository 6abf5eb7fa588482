package coop.sportello.payments.card;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * The {@code payments.stripe} section. With no secret key, card payments are not offered at all
 * ({@link #cardPaymentsOffered}); with no webhook secret, the webhook answers 503 and no card
 * payment could ever complete, so card payments are not offered either.
 *
 * @param secretKey          the platform's secret key ({@code sk_...}); calls act on a provider's
 *                           connected account through the Stripe-Account header
 * @param webhookSecret      the signing secret ({@code whsec_...}) of the Connect webhook endpoint
 * @param apiBase            where the SDK sends its calls ({@code https://api.stripe.com}; tests: FakeStripe)
 * @param successPath        path on the public site Checkout returns to once paid ({@code bookingId} is appended)
 * @param cancelPath         path Checkout returns to when the person goes back
 * @param connectTimeoutMillis  the SDK's connect timeout
 * @param readTimeoutMillis     the SDK's read timeout
 * @param callTimeoutMillis     the whole call, queueing for a worker included: past it the answer is 503
 * @param maxNetworkRetries     the SDK's own retries (each with the same idempotency key)
 * @param workerPoolSize        the threads the blocking SDK may hold at once
 * @param toleranceSeconds      how old a webhook's signed timestamp may be (replays older than this are refused)
 */
public record StripeSettings(String secretKey, String webhookSecret, String apiBase, String successPath, String cancelPath,
                             int connectTimeoutMillis, int readTimeoutMillis, long callTimeoutMillis, int maxNetworkRetries,
                             int workerPoolSize, long toleranceSeconds) {

  public static StripeSettings from(JsonObject stripe) {
    return new StripeSettings(stripe.getString("secretKey"), stripe.getString("webhookSecret"), stripe.getString("apiBase"),
        stripe.getString("successPath"), stripe.getString("cancelPath"), stripe.getInteger("connectTimeoutMillis"),
        stripe.getInteger("readTimeoutMillis"), stripe.getLong("callTimeoutMillis"), stripe.getInteger("maxNetworkRetries"),
        stripe.getInteger("workerPoolSize"), stripe.getLong("toleranceSeconds"));
  }

  /** Card payments are offered only when the network can both open checkouts and hear that they were paid. */
  public boolean cardPaymentsOffered() {
    return !secretKey.isBlank() && !webhookSecret.isBlank();
  }

  /** Where Checkout sends the person once paid: the booking's page on the public site. */
  public String successUrl(String publicUrl, UUID bookingId) {
    return withBooking(publicUrl + successPath, bookingId);
  }

  /** Where Checkout sends the person who goes back without paying. */
  public String cancelUrl(String publicUrl, UUID bookingId) {
    return withBooking(publicUrl + cancelPath, bookingId);
  }

  private static String withBooking(String url, UUID bookingId) {
    return url + (url.contains("?") ? "&" : "?") + "prenotazione=" + bookingId;
  }
}
