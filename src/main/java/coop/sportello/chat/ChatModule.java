package coop.sportello.chat;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.bridge.BridgeRules;
import coop.sportello.platform.bridge.BusCommand;
import coop.sportello.platform.http.ApiRoutes;
import io.vertx.core.Future;

import java.util.List;

/** Chat with welfare managers: the bridge commands and rules, the few REST routes, and the verticle that runs the sweeps. */
public final class ChatModule implements Module {

  private final Platform platform;
  private final ChatService service;
  private final List<BusCommand> commands;
  private final ChatRoutes routes;
  private String deployment;

  private ChatModule(Platform platform, ChatService.Settings settings) {
    this.platform = platform;
    this.service = ChatService.create(platform.vertx(), platform.pool(), platform.nodeBus(), settings, platform.areas(), platform.clock());
    this.commands = ChatCommands.all(service);
    this.routes = new ChatRoutes(service, commands);
  }

  /** @param settings the {@code chat} section of the configuration ({@link ChatService.Settings#from}) */
  public static ChatModule create(Platform platform, ChatService.Settings settings) {
    return new ChatModule(platform, settings);
  }

  public ChatService service() {
    return service;
  }

  @Override
  public void mount(ApiRoutes api) {
    routes.mount(api);
  }

  @Override
  public void registerBridgeRules(BridgeRules rules) {
    routes.registerBridgeRules(rules);
  }

  @Override
  public Future<Void> start() {
    return platform.vertx().deployVerticle(new ChatVerticle(commands, service.routing(), service.positions(),
        service.settings().sweepMillis())).map(id -> {
          deployment = id;
          return null;
        });
  }

  @Override
  public Future<Void> stop() {
    return deployment == null ? Future.succeededFuture() : platform.vertx().undeploy(deployment);
  }
}
