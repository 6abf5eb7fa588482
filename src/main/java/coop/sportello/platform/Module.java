package coop.sportello.platform;

import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;

/**
 * A capability as {@code Application} runs it: created by its {@code XxxModule.create(platform,
 * settings)}, started after the platform (its bus consumers, verticles and timers), its routes
 * ({@link #api()}) mounted on every HTTP verticle, stopped in reverse order.
 */
public interface Module {

  /** Its /api/v1 routes, the concern checks it answers and its bridge rules (none by default). */
  default ApiModule api() {
    return ApiModule.NONE;
  }

  default Future<Void> start() {
    return Future.succeededFuture();
  }

  default Future<Void> stop() {
    return Future.succeededFuture();
  }
}
