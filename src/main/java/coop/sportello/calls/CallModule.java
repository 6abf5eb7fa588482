package coop.sportello.calls;

import coop.sportello.calls.ari.AriAdapterVerticle;
import coop.sportello.people.PeopleService;
import coop.sportello.platform.Module;
import coop.sportello.platform.Deployment;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The contact center's call queue: the PBX webhook and REST routes, the operators' bridge
 * commands, and on every node the race to own call distribution (one owner, elected in
 * PostgreSQL), with the PBX adapters running beside the owner.
 */
public final class CallModule implements Module {

  private static final Logger LOG = LoggerFactory.getLogger(CallModule.class);

  /**
   * The {@code calls} section of the configuration.
   *
   * @param webhookSecret  signs webhooks between Sportello and the PBX; empty leaves the webhook closed
   *                       (the embedded development set-up makes one up for the run)
   * @param commandUrl     where PBX-neutral commands go, if set
   * @param ari            the Asterisk ARI section (empty url: no adapter)
   * @param afterCallMinutes how long after a call ends its operator may still write its notes and
   *                       read the caller's upcoming bookings
   */
  public record Settings(long tickMillis, long ownerPollMillis, long handoverWaitMillis, String webhookSecret,
                         String commandUrl, JsonObject ari, int afterCallMinutes) {
    public static Settings from(JsonObject calls) {
      JsonObject webhook = calls.getJsonObject("webhook");
      return new Settings(calls.getLong("tickMillis"), calls.getLong("ownerPollMillis"), calls.getLong("handoverWaitMillis"),
          webhook.getString("secret"), webhook.getString("commandUrl"), calls.getJsonObject("ari"),
          calls.getInteger("afterCallMinutes"));
    }
  }

  private final Platform platform;
  private final Settings settings;
  private final String webhookSecret;
  private final boolean webhookSecretGenerated;
  private final CallControl control;
  private final CallOwnership ownership;
  private final CallService service;
  private final CallRoutes routes;
  private final Deployment verticle;

  private CallModule(Platform platform, Settings settings, PeopleService people) {
    this.platform = platform;
    this.verticle = new Deployment(platform.vertx());
    this.settings = settings;
    this.webhookSecretGenerated = settings.webhookSecret().isEmpty() && platform.embeddedDatabase();
    this.webhookSecret = webhookSecretGenerated ? generatedSecret() : settings.webhookSecret();
    CallStore store = new CallStore(platform.pool(), new CallRepository(platform.pool()), people);
    this.control = new CallControl(platform.vertx(), settings.handoverWaitMillis(), store::ownerNode);
    this.ownership = new CallOwnership(platform.vertx(), platform.database().connectOptions(), store, platform.clock(),
        settings.tickMillis(), List.of(
            () -> AriAdapterVerticle.deployIfConfigured(platform.vertx(), settings.ari()),
            this::deployPbxCommandSender));
    this.service = new CallService(control, store, settings.afterCallMinutes());
    this.routes = new CallRoutes(service, () -> webhookSecret);
  }

  /** @param people who a caller is, for the screen pop */
  public static CallModule create(Platform platform, Settings settings, PeopleService people) {
    return new CallModule(platform, settings, people);
  }

  /**
   * Without a secret configured, the embedded (development) set-up makes one up for this run and
   * prints it, so the demo's simulated calls work; an external database (production) leaves the
   * webhook closed.
   */
  private static String generatedSecret() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    LOG.warn("Generated a PBX webhook secret for this run; set SPORTELLO_PBX_WEBHOOK_SECRET in production");
    return HexFormat.of().formatHex(random);
  }

  /** The PBX-neutral way out, if a command URL is configured; runs with the distribution owner. */
  private Future<String> deployPbxCommandSender() {
    return settings.commandUrl().isEmpty() ? Future.succeededFuture()
        : platform.vertx().deployVerticle(new WebhookCommandSender(settings.commandUrl(), webhookSecret));
  }

  /** What the call queue does, for other modules (staff management seats and signs out operators). */
  public CallService service() {
    return service;
  }

  /** Whether this node owns call distribution now. */
  public boolean ownsDistribution() {
    return ownership.owner();
  }

  /** The secret PBX webhooks are signed with (the simulator and the tests sign with it too). */
  public String webhookSecret() {
    return webhookSecret;
  }

  /** Whether the secret was made up for this development run (then the banner shows it). */
  public boolean webhookSecretGenerated() {
    return webhookSecretGenerated;
  }

  @Override
  public ApiModule api() {
    return routes;
  }

  @Override
  public Future<Void> start() {
    return verticle.deploy(new CallVerticle(ownership, control, settings.ownerPollMillis()));
  }

  @Override
  public Future<Void> stop() {
    return verticle.undeploy();
  }
}
