package coop.sportello.payments;

import coop.sportello.booking.BookingRepository;
import coop.sportello.booking.WalletRepository;
import coop.sportello.booking.WelfarePayment;
import coop.sportello.payments.card.CardCheckout;
import coop.sportello.payments.card.StripeCardCheckout;
import coop.sportello.payments.card.StripeSettings;
import coop.sportello.payments.card.StripeWebhook;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.database.Sweep;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Payments: the routes, and on every node the sweep that settles the money of bookings that ended
 * while a checkout was open and asks again for card refunds whose request was lost (each safe on
 * several nodes at once). The card service ({@link CardCheckout}) and municipal voucher wallets
 * ({@link VoucherWallets}, issue 22) are plugged in here; without them paying by card or voucher
 * is refused with a clear 422.
 */
public final class PaymentsModule implements Module {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentsModule.class);

  /**
   * How often the sweep runs (the booking expiry's period), the site's public address (checkouts
   * return to it) and {@code payments.stripe}: with its keys set, card payments are offered
   * through Stripe ({@link StripeCardCheckout}); without them paying by card answers 422.
   */
  public record Settings(long sweepMillis, String publicUrl, StripeSettings stripe) { }

  private final Platform platform;
  private final Settings settings;
  private final PaymentService service;
  private final PaymentRoutes routes;
  private Sweep sweep;

  private PaymentsModule(Platform platform, Settings settings, Optional<VoucherWallets> vouchers) {
    this.platform = platform;
    this.settings = settings;
    Optional<CardCheckout> cards = settings.stripe().cardPaymentsOffered()
        ? Optional.of(StripeCardCheckout.create(platform.vertx(), settings.stripe())) : Optional.empty();
    this.service = new PaymentService(platform.pool(), platform.nodeBus(), new PaymentRepository(platform.pool()),
        new BookingRepository(platform.pool()), new WelfarePayment(new WalletRepository(platform.pool())), cards, vouchers,
        CheckoutPages.of(settings.publicUrl(), settings.stripe()), platform.clock());
    this.routes = new PaymentRoutes(service, StripeWebhook.of(settings.stripe(), platform.clock()));
  }

  /** {@code vouchers}: the municipal voucher wallets (the vouchers module's), or none. */
  public static PaymentsModule create(Platform platform, Settings settings, Optional<VoucherWallets> vouchers) {
    return new PaymentsModule(platform, settings, vouchers);
  }

  public PaymentService service() {
    return service;
  }

  @Override
  public ApiModule api() {
    return routes;
  }

  @Override
  public Future<Void> start() {
    sweep = Sweep.every(platform.vertx(), settings.sweepMillis(), LOG, "Could not settle the money of ended bookings",
        () -> service.settleEnded().compose(settled -> service.askUnaskedRefunds()));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    if (sweep != null) {
      sweep.stop();
    }
    return Future.succeededFuture();
  }
}
