package coop.sportello.companies;

import coop.sportello.booking.WalletRepository;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/**
 * Company onboarding (see {@link CompanyService}): a company's HR admin keeps its welfare plans,
 * imports its employees from a CSV file, closes leavers and sees aggregates. No timers, no bus.
 */
public final class CompaniesModule implements Module {

  private final CompanyRoutes routes;

  private CompaniesModule(Platform platform) {
    this.routes = new CompanyRoutes(new CompanyService(platform.pool(), new CompanyRepository(),
        new WalletRepository(platform.pool())));
  }

  public static CompaniesModule create(Platform platform) {
    return new CompaniesModule(platform);
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
