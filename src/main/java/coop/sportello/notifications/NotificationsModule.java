package coop.sportello.notifications;

import coop.sportello.booking.ManageLinks;
import coop.sportello.notifications.domain.Channel;
import coop.sportello.notifications.domain.Links;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Telling people what happened. On every node four pumps run: planning (outbox rows into
 * messages), sending (due messages to SMTP, the SMS gateway, webhooks), reminders (bookings whose
 * reminder time came, into the outbox) and the purge of messages past retention. Each is safe on
 * several nodes at once (see {@link OutboxPlanning}, {@link DeliveryRelay},
 * {@link NotificationRepository#announceDueReminders}).
 */
public final class NotificationsModule implements Module {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationsModule.class);
  private static final int PURGE_BATCH = 5000;

  private final Platform platform;
  private final NotificationSettings settings;
  private final NotificationRepository repository;
  private final NotificationService service;
  private final OutboxPlanning planning;
  private final DeliveryRelay relay;
  private final EmailTransport email;
  private final WebClient web;
  private final ApiModule api;
  private List<Pump> pumps = List.of();

  private NotificationsModule(Platform platform, NotificationSettings settings) {
    this.platform = platform;
    this.settings = settings;
    this.repository = new NotificationRepository(platform.pool());
    this.service = new NotificationService(repository, platform.links(), platform.clock());
    WebhookRepository webhooks = new WebhookRepository(platform.pool());
    this.planning = new OutboxPlanning(platform.pool(), repository, links(platform, settings), settings.network(),
        platform.clock(), List.of(new WebhookFanOut(webhooks, platform.clock())));
    this.web = WebClient.create(platform.vertx(), new WebClientOptions().setUserAgent("Sportello-Notifications")
        .setConnectTimeout((int) settings.webhookTimeoutMillis()).setFollowRedirects(false));
    SignedPost post = new SignedPost(web, platform.clock(), settings.webhookTimeoutMillis());
    Map<Channel, Transport> transports = new EnumMap<>(Channel.class);
    this.email = settings.email().configured() ? new EmailTransport(platform.vertx(), settings.email()) : null;
    transports.put(Channel.EMAIL, email != null ? email : Transport.unconfigured("Server SMTP / SMTP server"));
    transports.put(Channel.SMS, settings.sms().configured() ? new SmsGateway(post, settings.sms())
        : Transport.unconfigured("Gateway SMS / SMS gateway"));
    transports.put(Channel.WEBHOOK, new WebhookTransport(webhooks, post));
    this.relay = new DeliveryRelay(repository, transports, settings.backoff(), settings.lease(),
        settings.email().timeoutMillis(), settings.email().maxConnections(), platform.clock());
    NotificationRoutes routes = new NotificationRoutes(service);
    WebhookRoutes webhookRoutes = new WebhookRoutes(new WebhookService(webhooks, platform.clock()), settings.webhooksAllowInsecure());
    this.api = new ApiModule() {
      @Override
      public void mount(ApiRoutes declared) {
        routes.mount(declared);
        webhookRoutes.mount(declared);
      }
    };
  }

  public static NotificationsModule create(Platform platform, NotificationSettings settings) {
    return new NotificationsModule(platform, settings);
  }

  /** The addresses messages carry: signed where they act without a sign-in. */
  private static Links links(Platform platform, NotificationSettings settings) {
    ManageLinks manage = new ManageLinks(platform.links());
    String base = settings.publicUrl();
    return new Links() {
      @Override
      public String manageBooking(String bookingId, Instant until) {
        return manage.url(base, ManageLinks.BOOKING, bookingId, until);
      }

      @Override
      public String acceptOffer(String bookingId, Instant until) {
        return manage.url(base, ManageLinks.WAITLIST_OFFER, bookingId, until);
      }

      @Override
      public String unsubscribe(String accountId) {
        return base + "/disiscrizione.html#t="
            + platform.links().sign(NotificationService.UNSUBSCRIBE, accountId, platform.clock().instant().plus(365, ChronoUnit.DAYS));
      }

      @Override
      public String page(String path) {
        return base + path;
      }
    };
  }

  public NotificationService service() {
    return service;
  }

  @Override
  public ApiModule api() {
    return api;
  }

  @Override
  public Future<Void> start() {
    var vertx = platform.vertx();
    int batch = settings.batchSize();
    pumps = List.of(
        new Pump(vertx, "notifications planning", settings.planMillis(), batch, () -> planning.planBatch(batch)),
        new Pump(vertx, "notifications sending", settings.sendMillis(), batch, () -> relay.sendBatch(batch)),
        new Pump(vertx, "reminders", settings.reminderMillis(), Integer.MAX_VALUE,
            () -> repository.announceDueReminders(platform.clock().instant())),
        new Pump(vertx, "notifications purge", settings.purgeMillis(), PURGE_BATCH,
            () -> repository.purge(settings.retention(), PURGE_BATCH)));
    pumps.forEach(Pump::start);
    if (!settings.email().configured()) {
      LOG.warn("No SMTP server configured (notifications.email.host): e-mails wait, then become dead letters");
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    Future<Void> stopped = Future.join(pumps.stream().map(Pump::stop).toList()).mapEmpty();
    return stopped.eventually(() -> email == null ? Future.succeededFuture() : email.close())
        .eventually(() -> {
          web.close();
          return Future.succeededFuture();
        });
  }
}
