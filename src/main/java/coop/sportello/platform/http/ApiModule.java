package coop.sportello.platform.http;

import coop.sportello.platform.bridge.BridgeRules;
import io.vertx.ext.web.Router;

/**
 * What a capability contributes to the HTTP server: REST routes under /api/v1 and the bridge
 * addresses a browser may use. Protected routes sit behind the authentication gate, so a route
 * is private unless a module deliberately mounts it as public.
 */
public interface ApiModule {

  default void mountPublic(Router api) { }

  default void mountProtected(Router api) { }

  default void registerBridgeRules(BridgeRules rules) { }
}
