package coop.sportello.bandi;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;

import java.util.List;

/**
 * Bandi of the municipalities (issue 22): the officers' bandi, the public list, applications with
 * their documents and receipts ({@link BandiService}). The routes are several {@link ApiModule}s
 * mounted together: {@link #parts} is the one place a further part (the officer's review,
 * ranking, budget and reports) is added. No timers, no bus.
 */
public final class BandiModule implements Module {

  private final BandiService bandi;
  private final List<ApiModule> parts;

  private BandiModule(Platform platform) {
    this.bandi = new BandiService(platform.pool(), new BandiRepository(), platform.clock());
    this.parts = parts(platform, bandi);
  }

  public static BandiModule create(Platform platform) {
    return new BandiModule(platform);
  }

  /** Every part's routes, in this order. */
  private static List<ApiModule> parts(Platform platform, BandiService bandi) {
    return List.of(new BandiRoutes(bandi), ReviewRoutes.create(platform, java.util.Optional.empty(), java.util.Optional.empty()));
  }

  public BandiService service() {
    return bandi;
  }

  @Override
  public ApiModule api() {
    return new ApiModule() {
      @Override
      public void mount(ApiRoutes routes) {
        parts.forEach(part -> part.mount(routes));
      }
    };
  }
}
