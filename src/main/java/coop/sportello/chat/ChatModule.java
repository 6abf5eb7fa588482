package coop.sportello.chat;

import coop.sportello.people.PeopleService;
import coop.sportello.platform.Module;
import coop.sportello.platform.Deployment;
import coop.sportello.platform.Platform;
import coop.sportello.platform.bridge.BusCommand;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;

import java.util.List;

/** Chat with welfare managers: the bridge commands and rules, the few REST routes, and the verticle that runs the sweeps. */
public final class ChatModule implements Module {

  private final ChatService service;
  private final List<BusCommand> commands;
  private final ChatRoutes routes;
  private final Deployment verticle;

  private ChatModule(Platform platform, ChatService.Settings settings, PeopleService people) {
    this.verticle = new Deployment(platform.vertx());
    this.service = ChatService.create(platform.vertx(), platform.pool(), platform.nodeBus(), settings, platform.areas(), platform.clock());
    this.commands = ChatCommands.all(service);
    ChatDesk desk = new ChatDesk(new ChatRepository(platform.pool()), people, new ChatViews(platform.areas()),
        settings.presenceSeconds());
    this.routes = new ChatRoutes(service, desk, commands);
  }

  /**
   * @param settings the {@code chat} section of the configuration ({@link ChatService.Settings#from})
   * @param people   what the manager's console shows about the citizen beside a conversation
   */
  public static ChatModule create(Platform platform, ChatService.Settings settings, PeopleService people) {
    return new ChatModule(platform, settings, people);
  }

  public ChatService service() {
    return service;
  }

  @Override
  public ApiModule api() {
    return routes;
  }

  @Override
  public Future<Void> start() {
    return verticle.deploy(new ChatVerticle(commands, service.routing(), service.positions(),
        service.settings().sweepMillis()));
  }

  @Override
  public Future<Void> stop() {
    return verticle.undeploy();
  }
}
