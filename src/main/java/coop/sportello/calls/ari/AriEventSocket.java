package coop.sportello.calls.ari;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * ARI's events WebSocket, kept open: {@code GET {url}/events?app=…&subscribeAll=false&api_key=user:pass}.
 * When it drops or cannot be opened it is tried again after a wait that doubles from
 * {@link AriSettings#reconnectMinMillis} to {@link AriSettings#reconnectMaxMillis}. It is pinged
 * every {@link AriSettings#pingMillis}; a socket silent for three periods (a dead NAT entry, a
 * switched-off host) is closed and reopened rather than trusted. Call from the verticle's context.
 */
final class AriEventSocket {

  private static final Logger LOG = LoggerFactory.getLogger(AriEventSocket.class);

  private final Vertx vertx;
  private final AriSettings settings;
  private final Consumer<String> onMessage;
  private final Runnable onOpen;
  private final WebSocketClient client;

  private WebSocket socket;
  private long backoff;
  private long lastHeard;
  private long pingTimer = -1;
  private long reconnectTimer = -1;
  private boolean stopped;
  private boolean warned;

  AriEventSocket(Vertx vertx, AriSettings settings, Consumer<String> onMessage, Runnable onOpen) {
    this.vertx = vertx;
    this.settings = settings;
    this.onMessage = onMessage;
    this.onOpen = onOpen;
    this.client = vertx.createWebSocketClient();
    this.backoff = settings.reconnectMinMillis();
  }

  void start() {
    pingTimer = vertx.setPeriodic(settings.pingMillis(), id -> keepAlive());
    connect();
  }

  boolean isOpen() {
    return socket != null;
  }

  private void connect() {
    reconnectTimer = -1;
    if (stopped) {
      return;
    }
    URI base = URI.create(settings.baseUrl());
    boolean ssl = "https".equals(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
    String path = (base.getRawPath() == null ? "" : base.getRawPath()) + "/events?app=" + encode(settings.application())
        + "&subscribeAll=false&api_key=" + encode(settings.apiKey());
    client.connect(new WebSocketConnectOptions().setHost(base.getHost()).setPort(port).setSsl(ssl).setURI(path)
            .setConnectTimeout(10_000))
        .onSuccess(this::opened)
        .onFailure(e -> {
          if (!warned) {
            LOG.warn("Cannot open ARI events at {}: {} (retrying)", settings.baseUrl(), e.getMessage());
            warned = true;
          } else {
            LOG.debug("ARI events still unreachable: {}", e.getMessage());
          }
          scheduleReconnect();
        });
  }

  private void opened(WebSocket ws) {
    if (stopped) {
      ws.close();
      return;
    }
    socket = ws;
    lastHeard = System.currentTimeMillis();
    backoff = settings.reconnectMinMillis();
    warned = false;
    LOG.info("ARI events connected: {} app {}", settings.baseUrl(), settings.application());
    ws.textMessageHandler(text -> {
      lastHeard = System.currentTimeMillis();
      onMessage.accept(text);
    });
    ws.pongHandler(pong -> lastHeard = System.currentTimeMillis());
    ws.exceptionHandler(e -> LOG.warn("ARI events socket error: {}", e.getMessage()));
    ws.closeHandler(v -> {
      if (socket == ws) {
        socket = null;
        if (!stopped) {
          LOG.warn("ARI events socket closed ({}); reconnecting", ws.closeStatusCode());
          scheduleReconnect();
        }
      }
    });
    onOpen.run();
  }

  private void keepAlive() {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    if (System.currentTimeMillis() - lastHeard > 3 * settings.pingMillis()) {
      LOG.warn("ARI events socket silent for {} ms: reopening", System.currentTimeMillis() - lastHeard);
      ws.close();
      return;
    }
    ws.writePing(Buffer.buffer("sportello"));
  }

  private void scheduleReconnect() {
    if (stopped || reconnectTimer >= 0) {
      return;
    }
    long wait = backoff;
    backoff = Math.min(backoff * 2, settings.reconnectMaxMillis());
    reconnectTimer = vertx.setTimer(wait, id -> connect());
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(pingTimer);
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
    }
    if (socket != null) {
      socket.close();
      socket = null;
    }
    client.close();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
