package coop.sportello.platform.http;

import coop.sportello.platform.bridge.BridgeRules;

import java.util.List;

/**
 * What a capability contributes to the HTTP server: its /api/v1 routes, each with its access
 * rule (see {@link ApiRoutes}), the checks it answers for the people routes concern, and the
 * bridge addresses a browser may use.
 */
public interface ApiModule {

  /** No routes, checks or bridge rules. */
  ApiModule NONE = new ApiModule() { };

  default void mount(ApiRoutes routes) { }

  default List<ConcernCheck> concernChecks() {
    return List.of();
  }

  default void registerBridgeRules(BridgeRules rules) { }
}
