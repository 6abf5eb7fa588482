package coop.sportello.pricing;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/** Prices of slots for the screens and the person's ISEE declaration (the hold quotes through {@link PricingService}). */
public final class PricingModule implements Module {

  private final PricingService service;
  private final PricingRoutes routes;

  private PricingModule(Platform platform) {
    this.service = new PricingService(platform.pool(), new PricingRepository(), platform.clock());
    this.routes = new PricingRoutes(service);
  }

  public static PricingModule create(Platform platform) {
    return new PricingModule(platform);
  }

  public PricingService service() {
    return service;
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
