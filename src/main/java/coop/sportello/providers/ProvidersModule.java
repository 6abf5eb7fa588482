package coop.sportello.providers;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/**
 * The provider directory (see {@link ProvidersService}): what each provider is (cooperative,
 * Comune, association, shop), and the shops each municipality accredits to accept its vouchers.
 * No timers, no bus.
 */
public final class ProvidersModule implements Module {

  private final ProvidersRoutes routes;

  private ProvidersModule(Platform platform) {
    this.routes = new ProvidersRoutes(new ProvidersService(platform.pool(), new ProvidersRepository(platform.pool())));
  }

  public static ProvidersModule create(Platform platform) {
    return new ProvidersModule(platform);
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
