package coop.sportello.staff;

import coop.sportello.calls.CallService;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Staff management (see {@link StaffService}): supervisors and cooperatives' admins create,
 * change, disable and re-enable staff accounts, with their call queues and chat areas, every
 * change audited. No timers, no bus consumers: it tells the call queue's owner what changed.
 */
public final class StaffModule implements Module {

  private final StaffService service;
  private final StaffRoutes routes;

  private StaffModule(Platform platform, String networkName, CallService calls) {
    StaffService.CallCenter callCenter = new StaffService.CallCenter() {
      @Override
      public Future<Void> seated(String subject, JsonObject profile) {
        return calls.defineOperator(subject, profile).mapEmpty();
      }

      @Override
      public Future<Void> signOut(String subject) {
        return calls.signOut(subject).mapEmpty();
      }
    };
    this.service = new StaffService(platform.pool(), platform.nodeBus(), new StaffRepository(platform.pool()), callCenter,
        networkName);
    this.routes = new StaffRoutes(service);
  }

  /**
   * @param networkName the network's name (site.network), which invitations to network staff come from
   * @param calls       the call queue, told of operators' seats and sign-outs
   */
  public static StaffModule create(Platform platform, String networkName, CallService calls) {
    return new StaffModule(platform, networkName, calls);
  }

  public StaffService service() {
    return service;
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
