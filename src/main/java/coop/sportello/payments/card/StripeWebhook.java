package coop.sportello.payments.card;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import coop.sportello.platform.http.Problem;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stripe's webhook deliveries as {@link CardEvent}s. The signature and its timestamp are checked by
 * the official SDK ({@link Webhook#constructEvent}) over the body exactly as it arrived, with the
 * endpoint's signing secret and a tolerance that refuses replays of old deliveries; anything that
 * fails is a 400 problem and nothing is handed on. A verified event Sportello does not act on (another
 * type, a session or charge that is not one of ours, an event of the platform's own account rather
 * than a provider's) is acknowledged and ignored, so Stripe stops sending it. This class keeps no
 * state: a duplicate delivery gives the same event again, with the same id, and the payments
 * service makes it harmless.
 */
public final class StripeWebhook {

  private static final Logger LOG = LoggerFactory.getLogger(StripeWebhook.class);
  public static final String SIGNATURE_HEADER = "Stripe-Signature";

  private final String signingSecret;
  private final long toleranceSeconds;
  private final Clock clock;

  public StripeWebhook(String signingSecret, long toleranceSeconds, Clock clock) {
    this.signingSecret = signingSecret;
    this.toleranceSeconds = toleranceSeconds;
    this.clock = clock;
  }

  public static StripeWebhook of(StripeSettings settings, Clock clock) {
    return new StripeWebhook(settings.webhookSecret(), settings.toleranceSeconds(), clock);
  }

  /**
   * The card event a delivery carries, or empty when it is verified but not for Sportello.
   *
   * @throws Problem 400 when the signature or its timestamp does not check out (or there is none),
   *                 404 when no signing secret is configured (card payments are not offered)
   */
  public Optional<CardEvent> verify(byte[] rawBody, String signatureHeader) {
    if (signingSecret == null || signingSecret.isBlank()) {
      // Without it no card payment is ever opened, so no delivery can be expected: there is nothing here (and
      // Stripe, which retries for days, delivers again once the secret is set).
      throw new Problem(404, "card-not-configured", "Pagamento con carta non configurato",
          "Imposta payments.stripe.webhookSecret (SPORTELLO_STRIPE_WEBHOOK_SECRET) per ricevere gli eventi di Stripe.");
    }
    if (signatureHeader == null || signatureHeader.isBlank()) {
      throw refused("manca l'intestazione " + SIGNATURE_HEADER);
    }
    String payload = new String(rawBody, StandardCharsets.UTF_8);
    Event event;
    try {
      event = Webhook.constructEvent(payload, signatureHeader, signingSecret, toleranceSeconds, clock);
    } catch (SignatureVerificationException e) {
      throw refused("firma o data non valide");
    } catch (RuntimeException unreadable) {
      // The SDK reads the body (Gson) before it checks the signature: a body that is not JSON fails there.
      throw refused("il corpo non è un evento");
    }
    return parse(event, payload);
  }

  private static Optional<CardEvent> parse(Event event, String payload) {
    String account = event.getAccount();
    if (account == null) {
      LOG.info("Stripe event {} ({}) is of the platform's own account: acknowledged, ignored", event.getId(), event.getType());
      return Optional.empty();
    }
    JsonObject object;
    try {
      object = new JsonObject(payload).getJsonObject("data").getJsonObject("object");
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      LOG.warn("Stripe event {} ({}) has no data object: acknowledged, ignored", event.getId(), event.getType());
      return Optional.empty();
    }
    Optional<CardEvent> parsed = switch (event.getType()) {
      case "checkout.session.completed" -> ourPayment(object).map(paymentId -> new CardEvent.CheckoutCompleted(
          event.getId(), account, object.getString("id"), idOf(object.getValue("payment_intent")),
          cents(object, "amount_total"), "paid".equals(object.getString("payment_status")), paymentId));
      case "checkout.session.expired" -> ourPayment(object).map(paymentId -> new CardEvent.CheckoutExpired(
          event.getId(), account, object.getString("id"), paymentId));
      case "charge.refunded" -> Optional.ofNullable(idOf(object.getValue("payment_intent"))).map(intent ->
          new CardEvent.ChargeRefunded(event.getId(), account, intent, cents(object, "amount_refunded"),
              refunds(object.getJsonObject("refunds"))));
      default -> Optional.empty();
    };
    if (parsed.isEmpty()) {
      LOG.debug("Stripe event {} ({}) is not one Sportello acts on: acknowledged, ignored", event.getId(), event.getType());
    }
    return parsed;
  }

  /** The payment a session was opened for: its metadata, else its client_reference_id; none if not ours. */
  private static Optional<UUID> ourPayment(JsonObject session) {
    JsonObject metadata = session.getJsonObject("metadata", new JsonObject());
    Optional<UUID> fromMetadata = uuid(metadata.getValue("paymentId"));
    return session.getString("id") == null ? Optional.empty()
        : fromMetadata.isPresent() ? fromMetadata : uuid(session.getValue("client_reference_id"));
  }

  /**
   * The charge's refunds as listed in the event. Since API version 2022-11-15 Stripe no longer
   * includes the list in charge objects unless expanded, so it may be empty: amountRefunded, the
   * cumulative total, is always there.
   */
  private static List<CardEvent.RefundSeen> refunds(JsonObject list) {
    List<CardEvent.RefundSeen> seen = new ArrayList<>();
    JsonArray data = list == null ? null : list.getJsonArray("data");
    if (data == null) {
      return seen;
    }
    for (Object item : data) {
      if (item instanceof JsonObject refund && refund.getString("id") != null) {
        JsonObject metadata = refund.getJsonObject("metadata", new JsonObject());
        seen.add(new CardEvent.RefundSeen(refund.getString("id"), cents(refund, "amount"),
            refund.getString("status"), uuid(metadata.getValue("refundId")).orElse(null)));
      }
    }
    return List.copyOf(seen);
  }

  /** An amount in cents (Stripe's smallest currency unit for eur); absent or null reads as 0. */
  private static long cents(JsonObject object, String field) {
    return object.getValue(field) instanceof Number amount ? amount.longValue() : 0L;
  }

  /** An id field, as Stripe sends it: the id itself, or the object when it was expanded. */
  private static String idOf(Object field) {
    return field instanceof String id ? id : field instanceof JsonObject expanded ? expanded.getString("id") : null;
  }

  private static Optional<UUID> uuid(Object value) {
    if (!(value instanceof String text)) {
      return Optional.empty();
    }
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equals(text) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Problem refused(String why) {
    return new Problem(400, "stripe-signature", "Evento di Stripe rifiutato", "Evento di Stripe rifiutato: " + why + ".");
  }
}
