package coop.sportello.calls;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PBX-neutral way out: every command the owner publishes on this node is POSTed, signed like
 * the webhooks that come in, to the PBX's command URL. A local consumer, so in a cluster only the
 * owner's node sends it; a refused or failed POST is retried a few times, then logged.
 */
public final class WebhookCommandSender extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookCommandSender.class);
  private static final int ATTEMPTS = 3;

  private final String url;
  private final String secret;
  private WebClient client;

  public WebhookCommandSender(String url, String secret) {
    this.url = url;
    this.secret = secret;
  }

  @Override
  public Future<?> start() {
    client = WebClient.create(vertx);
    return vertx.eventBus().<JsonObject>localConsumer(CallAddresses.PBX_COMMAND, msg -> send(msg.body(), 1)).completion();
  }

  private void send(JsonObject command, int attempt) {
    Buffer body = command.toBuffer();
    client.postAbs(url)
        .putHeader("Content-Type", "application/json")
        .putHeader(PbxSignature.HEADER, PbxSignature.sign(secret, System.currentTimeMillis() / 1000, body.getBytes()))
        .timeout(5_000)
        .sendBuffer(body)
        .onComplete(ar -> {
          boolean ok = ar.succeeded() && ar.result().statusCode() / 100 == 2;
          if (ok) {
            return;
          }
          if (attempt < ATTEMPTS) {
            vertx.setTimer(200L * attempt, id -> send(command, attempt + 1));
          } else {
            LOG.error("The PBX did not take command {} for call {}", command.getString("command"), command.getString("callId"),
                ar.cause());
          }
        });
  }

  @Override
  public Future<?> stop() {
    if (client != null) {
      client.close();
    }
    return Future.succeededFuture();
  }
}
