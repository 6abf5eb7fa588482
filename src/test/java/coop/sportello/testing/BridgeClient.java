package coop.sportello.testing;


import coop.sportello.platform.bridge.EventBusBridge;
import coop.sportello.platform.bridge.PlatformBridge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import io.vertx.core.Promise;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A client of the event-bus bridge speaking the same frames as vertx-eventbus.js, over SockJS's
 * raw WebSocket endpoint.
 */
public final class BridgeClient {

  /**
   * Held for as long as the socket: Vert.x closes a client nobody references any more when the
   * garbage collector finds it (CleanableWebSocketClient), and with it the client's sockets, even
   * one still in its handshake ("Connection closed while handshake in process", seen in CI).
   */
  private final WebSocketClient client;
  private final ClientWebSocket socket;
  private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  private final Map<String, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private volatile Consumer<JsonObject> listener = frame -> { };
  private volatile boolean closed;

  /** Its handlers are set before the handshake, so no frame and no close (a refused socket's) is missed. */
  private BridgeClient(Vertx vertx, WebSocketClient client, ClientWebSocket socket) {
    this.client = client;
    this.socket = socket;
    // The bridge writes binary or text frames depending on transport: read both.
    socket.handler(data -> {
      JsonObject frame = data.toJsonObject();
      frames.add(frame);
      Promise<JsonObject> waiting = frame.getString("address") == null ? null : pending.remove(frame.getString("address"));
      if (waiting != null) {
        if ("err".equals(frame.getString("type"))) {
          waiting.fail(new Failure(frame.getInteger("failureCode", 0), frame.getString("message")));
        } else {
          waiting.complete(frame.getJsonObject("body"));
        }
      }
      listener.accept(frame);
    });
    socket.closeHandler(v -> markClosed());
  }

  /** Closed by either side: the client goes with its socket. */
  private BridgeClient markClosed() {
    closed = true;
    client.close();
    return this;
  }

  /**
   * The handshake succeeded but the bridge closed the socket (one it refuses) before Vert.x moved
   * these handlers onto it, and Vert.x failed the connect for that: for the test it is a socket
   * the bridge closed having sent nothing.
   */
  private static boolean closedAtOnce(Throwable e) {
    return e instanceof IllegalStateException && "WebSocket is closed".equals(e.getMessage());
  }

  /** Like vertx-eventbus.js: the bridge closes sockets that stay silent for ten seconds. */
  private BridgeClient pinging(Vertx vertx) {
    vertx.setPeriodic(5_000, id -> {
      if (closed) {
        vertx.cancelTimer(id);
      } else {
        socket.writeTextMessage("{\"type\":\"ping\"}");
      }
    });
    return this;
  }

  public static Future<BridgeClient> connect(Vertx vertx, int port, String ticket) {
    WebSocketClient client = vertx.createWebSocketClient();
    String uri = "/eventbus/websocket" + (ticket == null ? "" : "?ticket=" + ticket);
    ClientWebSocket socket = client.webSocket();
    BridgeClient bridge = new BridgeClient(vertx, client, socket);
    return socket.connect(port, "127.0.0.1", uri).map(connected -> bridge.pinging(vertx))
        .recover(e -> closedAtOnce(e) ? Future.succeededFuture(bridge.markClosed()) : Future.failedFuture(e))
        .onFailure(e -> client.close());
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

  /** Any frame as it is, even one no client library would send. */
  public BridgeClient socketFrame(JsonObject frame) {
    return sendRaw(frame.encode());
  }

  /** Any frame as raw text, even one that is not JSON: what a hostile client may write. */
  public BridgeClient sendRaw(String frame) {
    socket.writeTextMessage(frame);
    return this;
  }

  /** A command with a reply: the future fails with {@link Failure} when the server refuses. */
  public Future<JsonObject> request(String address, JsonObject body) {
    // The bridge refuses reply addresses longer than 36 characters: a bare UUID fits.
    String replyAddress = UUID.randomUUID().toString();
    Promise<JsonObject> promise = Promise.promise();
    pending.put(replyAddress, promise);
    send(address, body, null, replyAddress);
    return promise.future();
  }

  /**
   * Waits until the bridge has handled every frame sent so far on this signed-in socket: it asks
   * platform.whoami and waits for the answer. The bridge takes a socket's frames in order and
   * decides each subscription before the next frame, so the answer comes after those decisions.
   * The answer is not kept in {@link #frames()}.
   */
  public BridgeClient handled() {
    String probe = UUID.randomUUID().toString();
    Promise<JsonObject> answer = Promise.promise();
    pending.put(probe, answer);
    send(PlatformBridge.WHOAMI, new JsonObject(), null, probe);
    AppTestBase.await(answer.future());
    frames.removeIf(f -> probe.equals(f.getString("address")));
    return this;
  }

  /**
   * The same on a guest's socket, where platform.whoami is refused: waits for that refusal (on the
   * probe's reply address), which is not kept in {@link #frames()}.
   */
  public BridgeClient handledForGuest() {
    String probe = UUID.randomUUID().toString();
    Promise<JsonObject> answer = Promise.promise();
    pending.put(probe, answer);
    send(PlatformBridge.WHOAMI, new JsonObject(), null, probe);
    Waits.waitFor(() -> answer.future().failed(), "the bridge to refuse platform.whoami to the guest");
    frames.removeIf(f -> probe.equals(f.getString("address")));
    return this;
  }

  /** Called for every frame after it is recorded (on the client's event loop). */
  public BridgeClient onFrame(Consumer<JsonObject> listener) {
    this.listener = listener;
    return this;
  }

  /**
   * How many times the bridge refused a frame of this socket: a command on its reply address (a
   * bridge-refused problem), anything else with {"type":"err","body":"rejected"}.
   */
  public long rejections() {
    return frames.stream().filter(BridgeClient::isRejection).count();
  }

  /** The bridge-refused problems this socket's commands got, on their reply addresses. */
  public List<JsonObject> refusedCommands() {
    return frames.stream().filter(BridgeClient::isRefusedCommand).toList();
  }

  private static boolean isRejection(JsonObject frame) {
    return "err".equals(frame.getString("type")) && "rejected".equals(frame.getString("body")) || isRefusedCommand(frame);
  }

  private static boolean isRefusedCommand(JsonObject frame) {
    return "err".equals(frame.getString("type")) && frame.getString("address") != null && frame.getString("message") != null
        && frame.getString("message").contains("/problems/" + EventBusBridge.REFUSED_TYPE + "\"");
  }

  /** The bodies of messages received on {@code address}, in arrival order. */
  public List<JsonObject> received(String address) {
    return frames.stream().filter(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address")))
        .map(f -> f.getJsonObject("body")).toList();
  }

  /** A refusal from the server: status and the RFC 9457 problem it sent. */
  public static final class Failure extends RuntimeException {
    private final int status;

    Failure(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }

    public JsonObject problem() {
      return new JsonObject(getMessage());
    }
  }

  public List<JsonObject> frames() {
    return frames;
  }

  public boolean closed() {
    return closed;
  }

  /** The close frame's status and reason, once closed ("1009 message too big", say). */
  public String closeReason() {
    return socket.closeStatusCode() + " " + socket.closeReason();
  }

  public Future<Void> close() {
    return socket.close().eventually(client::close);
  }
}
