package coop.sportello.booking;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.kiosk.PinCheck;
import coop.sportello.payments.PaymentService;
import coop.sportello.platform.database.Sweep;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bookings and welfare wallets: the routes (also those of manage-my-booking links), and on every node the jobs that expire holds (offering
 * the freed places to the waiting line) and close ended welfare plans. Each job is safe to run on
 * several nodes at once: every hold and every plan can only expire once.
 */
public final class BookingModule implements Module {

  private static final Logger LOG = LoggerFactory.getLogger(BookingModule.class);

  /** {@code booking} section of the configuration. */
  public record Settings(int holdSeconds, long expiryMillis, long planExpiryMillis) {
    public static Settings from(JsonObject booking) {
      return new Settings(booking.getInteger("holdSeconds"), booking.getLong("expiryMillis"),
          booking.getLong("planExpiryMillis"));
    }
  }

  private final Platform platform;
  private final Settings settings;
  private final BookingService service;
  private final ManageLinks links;
  /** The booking routes, the welfare consent routes and the manage-my-booking link routes. */
  private final ApiModule api;
  private Sweep expirySweep;
  private Sweep planSweep;

  private BookingModule(Platform platform, Settings settings, PinCheck pins, PaymentService payments) {
    this.platform = platform;
    this.settings = settings;
    BookingRepository bookings = new BookingRepository(platform.pool(), platform.statements()::current);
    WalletRepository wallets = new WalletRepository(platform.pool());
    this.service = new BookingService(platform.pool(), platform.nodeBus(), bookings, wallets, payments, settings.holdSeconds());
    BookingRoutes routes = new BookingRoutes(service);
    WelfareConsentRoutes consentRoutes = new WelfareConsentRoutes(new WelfareConsentService(platform.pool(),
        platform.nodeBus(), new WelfareConsentRepository(platform.pool()), bookings, payments, pins));
    this.links = new ManageLinks(platform.links());
    ManageLinkRoutes linkRoutes = new ManageLinkRoutes(links, new ManageLinkService(platform.pool(), bookings, service),
        platform.clock());
    this.api = new ApiModule() {
      @Override
      public void mount(ApiRoutes declared) {
        routes.mount(declared);
        consentRoutes.mount(declared);
        linkRoutes.mount(declared);
        new EnrolmentRoutes(EnrolmentService.create(platform, bookings, settings.holdSeconds())).mount(declared);
      }
    };
  }

  /**
   * {@code pins} checks a PIN a person tells whoever asked to spend their welfare credit (the kiosk
   * module's); {@code payments} pays and pays back bookings in their transactions (the payments module's).
   */
  public static BookingModule create(Platform platform, Settings settings, PinCheck pins, PaymentService payments) {
    return new BookingModule(platform, settings, pins, payments);
  }

  public BookingService service() {
    return service;
  }

  /** The manage-my-booking links whose routes this module mounts (messages carry their {@link ManageLinks#url}). */
  public ManageLinks links() {
    return links;
  }

  @Override
  public ApiModule api() {
    return api;
  }

  @Override
  public Future<Void> start() {
    var vertx = platform.vertx();
    // Expired holds give their places back within a few seconds, on whichever node gets there first.
    expirySweep = Sweep.every(vertx, settings.expiryMillis(), LOG, "Could not expire holds or offer freed places",
        () -> service.expireHolds(platform.clock().instant()).compose(expired -> service.offerFreedPlaces()));
    expirePlans().onFailure(e -> LOG.warn("Could not expire ended welfare plans", e));
    planSweep = Sweep.every(vertx, settings.planExpiryMillis(), LOG, "Could not expire ended welfare plans", this::expirePlans);
    return Future.succeededFuture();
  }

  private Future<Integer> expirePlans() {
    return service.expireEndedPlans().onSuccess(n -> LOG.info("Unused welfare credit of ended plans expired ({} wallets)", n));
  }

  @Override
  public Future<Void> stop() {
    if (expirySweep != null) {
      expirySweep.stop();
      planSweep.stop();
    }
    return Future.succeededFuture();
  }
}
