package coop.sportello.notifications;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.mail.LoginOption;

/**
 * E-mail through SMTP with the Vert.x Mail Client: a pool of kept-alive connections, STARTTLS
 * (required, optional or off) and authentication from the {@code notifications.email} section. The
 * message's id is its Message-ID, so the same message sent twice is recognisable as one.
 */
final class EmailTransport implements Transport {

  /** {@code notifications.email} section. */
  record Settings(String host, int port, String starttls, String username, String password, String from, String replyTo,
                  int maxConnections, int timeoutMillis) {
    static Settings from(JsonObject email) {
      return new Settings(email.getString("host"), email.getInteger("port"), email.getString("starttls"),
          email.getString("username"), email.getString("password"), email.getString("from"), email.getString("replyTo"),
          email.getInteger("maxConnections"), email.getInteger("timeoutMillis"));
    }

    boolean configured() {
      return host != null && !host.isBlank();
    }
  }

  private final MailClient client;
  private final Settings settings;
  private final String messageIdDomain;

  EmailTransport(Vertx vertx, Settings settings) {
    this.settings = settings;
    MailConfig config = new MailConfig()
        .setHostname(settings.host()).setPort(settings.port())
        .setStarttls(StartTLSOptions.valueOf(settings.starttls().toUpperCase(java.util.Locale.ROOT)))
        .setMaxPoolSize(settings.maxConnections()).setKeepAlive(true)
        .setConnectTimeout(settings.timeoutMillis()).setIdleTimeout(settings.timeoutMillis())
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        .setMultiPartOnly(false);
    if (settings.username() != null && !settings.username().isBlank()) {
      config.setLogin(LoginOption.REQUIRED).setUsername(settings.username()).setPassword(settings.password());
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    this.client = MailClient.create(vertx, config);
    String from = settings.from();
    int at = from.lastIndexOf('@');
    this.messageIdDomain = at < 0 ? "sportello" : from.substring(at + 1).replace(">", "").trim();
  }

  @Override
  public Future<JsonObject> send(NotificationRepository.Claimed m) {
    JsonObject c = m.content();
    String fromName = c.getString("senderName");
    MailMessage mail = new MailMessage()
        .setFrom(fromName == null ? settings.from() : quoted(fromName) + " <" + bareAddress(settings.from()) + ">")
        .setTo(m.address())
        .setSubject(c.getString("subject"))
        .setText(c.getString("text"))
        .setHtml(c.getString("html"));
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Message-ID", "<" + m.id() + "@" + messageIdDomain + ">")
        .add("Content-Language", m.language())
        .add("Auto-Submitted", "auto-generated");
    String replyTo = c.getString("replyTo", settings.replyTo());
    if (replyTo != null && !replyTo.isBlank()) {
      headers.add("Reply-To", replyTo);
    }
    mail.setHeaders(headers);
    return client.sendMail(mail)
        .map(result -> new JsonObject().put("messageId", result.getMessageID()))
        .recover(e -> Future.failedFuture(permanent(e) ? new Rejected(e.getMessage(), new JsonObject()) : e));
  }

  /** A 5xx reply to the recipient (unknown mailbox, refused address) will not change on retry. */
  private static boolean permanent(Throwable e) {
    return e instanceof SMTPException smtp && smtp.isPermanent();
  }

  private static String bareAddress(String from) {
    int lt = from.indexOf('<');
    return lt < 0 ? from.trim() : from.substring(lt + 1, from.indexOf('>', lt)).trim();
  }

  /** A display name as RFC 5322 allows it (the client encodes non-ASCII letters). */
  private static String quoted(String name) {
    return "\"" + name.replace("\\", "").replace("\"", "") + "\"";
  }

  Future<Void> close() {
    return client.close();
  }
}
