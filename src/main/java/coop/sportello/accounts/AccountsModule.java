package coop.sportello.accounts;

import coop.sportello.accounts.domain.PasswordPolicy;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.auth.AttemptRepository;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.auth.SourceAddress;
import coop.sportello.platform.database.Sweep;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** E-mail accounts: sign-up with a verified address, forgotten password, changes of password and address, the profile. */
public final class AccountsModule implements Module {

  private static final Logger LOG = LoggerFactory.getLogger(AccountsModule.class);

  private final Platform platform;
  private final AccountsService service;
  private final AccountsRoutes routes;
  private Sweep housekeeping;
  private final long housekeepingMillis;

  private AccountsModule(Platform platform, AccountsService service, AccountsRoutes routes, long housekeepingMillis) {
    this.platform = platform;
    this.service = service;
    this.routes = routes;
    this.housekeepingMillis = housekeepingMillis;
  }

  /**
   * @param trustedProxies {@code auth.trustedProxies}: where requests come from is read as sign-ins read it
   */
  public static AccountsModule create(Platform platform, AccountsService.Settings settings, List<String> trustedProxies) {
    AccountsService service = new AccountsService(platform.nodeBus(), new AccountsRepository(platform.pool()),
        new AttemptRepository(platform.pool()), new PasswordHasher(platform.vertx()), PasswordPolicy.shipped(), settings);
    return new AccountsModule(platform, service, new AccountsRoutes(service, SourceAddress.trusting(trustedProxies)),
        settings.housekeepingMillis());
  }

  public AccountsService service() {
    return service;
  }

  @Override
  public ApiModule api() {
    return routes;
  }

  @Override
  public Future<Void> start() {
    housekeeping = Sweep.every(platform.vertx(), housekeepingMillis, LOG, "Deleting expired account links failed", service::deleteExpired);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    if (housekeeping != null) {
      housekeeping.stop();
    }
    return Future.succeededFuture();
  }
}
