package coop.sportello.payments.card;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionCreateParams.LineItem;
import com.stripe.param.checkout.SessionCreateParams.LineItem.PriceData;
import com.stripe.param.checkout.SessionCreateParams.LineItem.PriceData.ProductData;
import com.stripe.param.checkout.SessionExpireParams;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@link CardCheckout} through Stripe's official SDK (stripe-java), as direct charges on the
 * provider's connected account: every call carries its {@code Stripe-Account}, so the session, the
 * PaymentIntent, the charge and its refunds live on the provider's account, and the network only
 * takes its application fee, if any.
 *
 * <p>The SDK blocks on its HTTP calls, so they run on a small pool of worker threads of their own
 * ({@value #POOL}), never on an event loop, and the pool being full cannot starve the rest of the
 * application's blocking work. Each call is bounded three ways: the SDK's connect and read
 * timeouts, few or no retries of its own, and a timeout on the whole call (queueing included); any
 * failure but a declined card becomes the 503 problem {@code card-unavailable}. A call that timed
 * out here may still reach Stripe later: the caller's retry carries the same idempotency key and
 * gets the same session or refund back.
 */
public final class StripeCardCheckout implements CardCheckout {

  private static final Logger LOG = LoggerFactory.getLogger(StripeCardCheckout.class);
  static final String POOL = "stripe-calls";
  private static final String CURRENCY = "eur";

  private final StripeSettings settings;
  private final StripeClient client;
  private final WorkerExecutor workers;

  private StripeCardCheckout(StripeSettings settings, StripeClient client, WorkerExecutor workers) {
    this.settings = settings;
    this.client = client;
    this.workers = workers;
  }

  /** The checkout of {@code settings}; without a secret key it opens nothing (see {@link #configured}). */
  public static StripeCardCheckout create(Vertx vertx, StripeSettings settings) {
    if (!settings.cardPaymentsOffered()) {
      return new StripeCardCheckout(settings, null, null);
    }
    StripeClient client = StripeClient.builder()
        .setApiKey(settings.secretKey())
        .setApiBase(settings.apiBase())
        .setConnectTimeout(settings.connectTimeoutMillis())
        .setReadTimeout(settings.readTimeoutMillis())
        .setMaxNetworkRetries(settings.maxNetworkRetries())
        .build();
    return new StripeCardCheckout(settings, client,
        vertx.createSharedWorkerExecutor(POOL, settings.workerPoolSize()));
  }

  /**
   * Whether card payments are offered at all: a secret key and a webhook signing secret are
   * configured. When not, the payment step does not show the card and every call here fails
   * with 503 {@code card-unavailable}.
   */
  public boolean configured() {
    return client != null;
  }

  @Override
  public Future<CheckoutSession> create(CheckoutRequest request) {
    if (request.amountCents() <= 0 || request.applicationFeeCents() < 0
        || request.applicationFeeCents() >= request.amountCents()) {
      return Future.failedFuture(new IllegalArgumentException("a card payment is of a positive amount, above its fee"));
    }
    SessionCreateParams.PaymentIntentData.Builder intent = SessionCreateParams.PaymentIntentData.builder()
        .setDescription(request.description())
        .putMetadata("paymentId", request.paymentId().toString())
        .putMetadata("bookingId", request.bookingId().toString());
    if (request.applicationFeeCents() > 0) {
      intent.setApplicationFeeAmount(request.applicationFeeCents());
    }
    SessionCreateParams params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setLocale(SessionCreateParams.Locale.IT)
        // Cards (wallets such as Apple Pay and Google Pay included) are paid when the session completes;
        // delayed methods (SEPA debit, bank transfers) would complete unpaid and settle days later.
        .addPaymentMethodType(SessionCreateParams.PaymentMethodType.CARD)
        .addLineItem(LineItem.builder()
            .setQuantity(1L)
            .setPriceData(PriceData.builder()
                .setCurrency(CURRENCY)
                .setUnitAmount(request.amountCents())
                .setProductData(ProductData.builder().setName(request.description()).build())
                .build())
            .build())
        .setPaymentIntentData(intent.build())
        .setClientReferenceId(request.paymentId().toString())
        .putMetadata("paymentId", request.paymentId().toString())
        .putMetadata("bookingId", request.bookingId().toString())
        .setExpiresAt(request.expiresAt().getEpochSecond())
        .setSuccessUrl(request.successUrl())
        .setCancelUrl(request.cancelUrl())
        .build();
    RequestOptions options = onAccount(request.connectedAccount(), request.idempotencyKey());
    return call("checkout", () -> client.checkout().sessions().create(params, options))
        .map(StripeCardCheckout::opened);
  }

  @Override
  public Future<RefundStarted> refund(RefundRequest request) {
    RefundCreateParams params = RefundCreateParams.builder()
        .setPaymentIntent(request.paymentIntent())
        .setAmount(request.amountCents())
        .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
        .putMetadata("refundId", request.refundId().toString())
        .build();
    RequestOptions options = onAccount(request.connectedAccount(), request.idempotencyKey());
    return call("refund", () -> client.refunds().create(params, options))
        .map(refund -> new RefundStarted(refund.getId(), refund.getStatus()));
  }

  /**
   * Ends the session; one that is already complete or expired cannot be paid any more either, so
   * Stripe's refusal to expire it (400) counts as done: a completion that raced this arrives as
   * its webhook, and the payments service refunds it.
   */
  @Override
  public Future<Void> expire(String connectedAccount, String sessionId) {
    RequestOptions options = onAccount(connectedAccount, "expire-" + sessionId);
    return this.<Void>call("expire", () -> {
      try {
        client.checkout().sessions().expire(sessionId, SessionExpireParams.builder().build(), options);
      } catch (InvalidRequestException notOpen) {
        LOG.info("Stripe did not expire checkout session {}: {} ({})", sessionId, notOpen.getCode(),
            notOpen.getStatusCode());
      }
      return null;
    });
  }

  private static CheckoutSession opened(Session session) {
    return new CheckoutSession(session.getId(), session.getUrl(), Instant.ofEpochSecond(session.getExpiresAt()));
  }

  private static RequestOptions onAccount(String connectedAccount, String idempotencyKey) {
    return RequestOptions.builder().setStripeAccount(connectedAccount).setIdempotencyKey(idempotencyKey).build();
  }

  /** The SDK's blocking call on the Stripe workers, bounded in time, its failures as problems. */
  private <T> Future<T> call(String what, Callable<T> blocking) {
    if (client == null) {
      return Future.failedFuture(CardCheckout.unavailable());
    }
    return workers.executeBlocking(blocking, false)
        .timeout(settings.callTimeoutMillis(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(problem(what, e)));
  }

  private static Problem problem(String what, Throwable e) {
    if (e instanceof CardException declined) {
      return new Problem(422, "card-declined", "Carta rifiutata",
          "La carta è stata rifiutata" + (declined.getUserMessage() == null ? "." : ": " + declined.getUserMessage()));
    }
    if (e instanceof StripeException stripe) {
      LOG.warn("Stripe {} failed: {} status {} code {} request {}", what, stripe.getClass().getSimpleName(),
          stripe.getStatusCode(), stripe.getCode(), stripe.getRequestId());
    } else {
      LOG.warn("Stripe {} failed: {}", what, e.toString());
    }
    return CardCheckout.unavailable();
  }

}
