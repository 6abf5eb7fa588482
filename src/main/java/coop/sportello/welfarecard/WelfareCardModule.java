package coop.sportello.welfarecard;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/**
 * The Welfare Card (see {@link WelfareCardService}): agreements, cards, and their checks. The
 * discount itself reaches prices through V40's SQL function welfare_card_discount. No timers, no bus.
 */
public final class WelfareCardModule implements Module {

  private final WelfareCardRoutes routes;

  private WelfareCardModule(Platform platform) {
    this.routes = new WelfareCardRoutes(new WelfareCardService(platform.pool(), new WelfareCardRepository(),
        platform.links(), platform.clock()));
  }

  public static WelfareCardModule create(Platform platform) {
    return new WelfareCardModule(platform);
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
