package coop.sportello.kiosk;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.auth.AttemptRepository;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.http.ApiModule;

import java.util.List;

/** Kiosk mode: identification at workplace welfare points and Social Points, and whom a kiosk may act for. */
public final class KioskModule implements Module {

  private final KioskService service;
  private final KioskRoutes routes;

  private KioskModule(KioskService service) {
    this.service = service;
    this.routes = new KioskRoutes(service);
  }

  public static KioskModule create(Platform platform, KioskService.Settings settings) {
    return new KioskModule(new KioskService(platform.vertx(), new KioskRepository(platform.pool()),
        new AttemptRepository(platform.pool()), new PasswordHasher(platform.vertx()), settings));
  }

  /** The kiosk PIN check, for a person who tells their PIN to approve spending their welfare credit. */
  public PinCheck pins() {
    return service.pins();
  }

  @Override
  public ApiModule api() {
    return routes;
  }

}
