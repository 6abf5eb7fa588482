package coop.sportello.vouchers;

import coop.sportello.kiosk.PinCheck;
import coop.sportello.payments.VoucherWallets;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.database.Sweep;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buoni spesa (see {@link VoucherService}): the wallets the bandi grant ({@link #grants()}), the
 * payments' plug for paying bookings by voucher ({@link #wallets()}), the shops' counter and the
 * reimbursement statements; on every node a sweep that expires wallets past their last day and
 * charges past their time (safe on several nodes at once).
 */
public final class VouchersModule implements Module {

  private static final Logger LOG = LoggerFactory.getLogger(VouchersModule.class);
  private static final long SWEEP_MILLIS = 60_000;

  private final Platform platform;
  private final VoucherService service;
  private final VoucherRoutes routes;
  private Sweep sweep;

  private VouchersModule(Platform platform, PinCheck pins) {
    this.platform = platform;
    this.service = new VoucherService(platform.pool(), new VoucherRepository(), pins, platform.clock());
    this.routes = new VoucherRoutes(service);
  }

  /** {@code pins}: the kiosk PIN check (kiosk mode's throttle) a holder confirms a charge with. */
  public static VouchersModule create(Platform platform, PinCheck pins) {
    return new VouchersModule(platform, pins);
  }

  public VoucherService service() {
    return service;
  }

  /** For the bandi: admission grants a wallet in the admitting transaction. */
  public VoucherGrants grants() {
    return service;
  }

  /** For the payments: bookings paid by voucher. */
  public VoucherWallets wallets() {
    return service;
  }

  @Override
  public ApiModule api() {
    return routes;
  }

  @Override
  public Future<Void> start() {
    sweep = Sweep.every(platform.vertx(), SWEEP_MILLIS, LOG, "Could not expire voucher wallets", service::expireDue);
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
