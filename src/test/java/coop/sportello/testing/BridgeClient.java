package coop.sportello.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client of the event-bus bridge speaking the same frames as vertx-eventbus.js, over SockJS's
 * raw WebSocket endpoint.
 */
public final class BridgeClient {

  private final WebSocket socket;
  private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private BridgeClient(WebSocket socket) {
    this.socket = socket;
    // The bridge writes binary or text frames depending on transport: read both.
    socket.handler(data -> frames.add(data.toJsonObject()));
    socket.closeHandler(v -> closed = true);
  }

  public static Future<BridgeClient> connect(Vertx vertx, int port, String ticket) {
    WebSocketClient client = vertx.createWebSocketClient();
    String uri = "/eventbus/websocket" + (ticket == null ? "" : "?ticket=" + ticket);
    return client.connect(port, "127.0.0.1", uri).map(BridgeClient::new);
  }

  public BridgeClient register(String address) {
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
    return this;
  }

  public BridgeClient send(String address, JsonObject body, JsonObject headers, String replyAddress) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body);
    if (headers != null) {
      frame.put("headers", headers);
    }
    if (replyAddress != null) {
      frame.put("replyAddress", replyAddress);
    }
    socket.writeTextMessage(frame.encode());
    return this;
  }

  public List<JsonObject> frames() {
    return frames;
  }

  public boolean closed() {
    return closed;
  }

  public Future<Void> close() {
    return socket.close();
  }
}
