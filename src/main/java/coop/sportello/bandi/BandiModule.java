package coop.sportello.bandi;

import coop.sportello.bandi.domain.BandoReport;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.vouchers.VouchersModule;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Bandi of the municipalities (issue 22): the officers' bandi, the public list, applications with
 * their documents and receipts ({@link BandiService}). The routes are several {@link ApiModule}s
 * mounted together: {@link #parts} is the one place a further part (the officer's review,
 * ranking, budget and reports) is added. No timers, no bus.
 */
public final class BandiModule implements Module {

  private final BandiService bandi;
  private final List<ApiModule> parts;

  private BandiModule(Platform platform, VouchersModule vouchers) {
    this.bandi = new BandiService(platform.pool(), new BandiRepository(), platform.clock());
    this.parts = parts(platform, bandi, vouchers);
  }

  /**
   * The bandi, with the buoni spesa of {@code vouchers}: admitting an application of a buoni spesa
   * bando opens its voucher wallet in the same transaction, and the reports say what the wallets spent.
   */
  public static BandiModule create(Platform platform, VouchersModule vouchers) {
    return new BandiModule(platform, vouchers);
  }

  /** Every part's routes, in this order. */
  private static List<ApiModule> parts(Platform platform, BandiService bandi, VouchersModule vouchers) {
    BandoReports.VoucherSpending spending = (c, bando) -> vouchers.service().spentByBando(c, bando).map(BandiModule::spent);
    return List.of(new BandiRoutes(bandi), ReviewRoutes.create(platform, Optional.of(vouchers.grants()), Optional.of(spending)));
  }

  /** The vouchers module's account of a bando's spending, as the reports take it. */
  private static BandoReports.VoucherSpending.Spent spent(JsonObject json) {
    return new BandoReports.VoucherSpending.Spent(json.getLong("spentCents"), json.getJsonArray("shops").stream()
        .map(JsonObject.class::cast)
        .map(shop -> new BandoReport.Shop(UUID.fromString(shop.getString("id")), shop.getString("name"),
            shop.getLong("payments"), shop.getLong("spentCents")))
        .toList());
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
