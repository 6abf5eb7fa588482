package coop.sportello.calls.ari;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Asterisk's REST Interface: the part of ARI the adapter uses, speaking ARI's
 * published JSON shapes (Channel, Bridge, Playback; StasisStart, StasisEnd, ChannelDestroyed,
 * ChannelDtmfReceived, PlaybackStarted, PlaybackFinished), with ARI's authentication (basic auth
 * or {@code api_key=user:pass}) and its status codes. Every REST request is recorded.
 * <p>
 * Like Asterisk, it keeps no events for an application whose socket is closed: what happens while
 * the adapter is disconnected is lost, and the adapter must find out by asking.
 * Thread-safe: tests drive it from the JUnit thread while its server runs on an event loop.
 */
final class FakeAsterisk {

  /** One REST request as Asterisk received it. */
  record Request(String method, String path, MultiMap query) {
    String param(String name) {
      return query.get(name);
    }

    @Override
    public String toString() {
      return method + " " + path + (query.isEmpty() ? "" : " " + query.entries());
    }
  }

  /** A channel created by {@code POST /channels}, with what it was asked to do. */
  record Originated(String channelId, String endpoint, String app, List<String> appArgs, String callerId, int timeout) { }

  private static final DateTimeFormatter ARI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  private static final String ASTERISK_ID = "02:42:ac:11:00:02";

  private final Vertx vertx;
  private final String username;
  private final String password;
  private final String app;
  private HttpServer server;

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> handshakes = new CopyOnWriteArrayList<>();
  private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  private final Map<String, JsonObject> channels = new LinkedHashMap<>();
  private final Set<String> inStasis = new LinkedHashSet<>();
  private final Set<String> onHold = new LinkedHashSet<>();
  private final Map<String, Originated> originated = new LinkedHashMap<>();
  private final Map<String, JsonObject> bridges = new LinkedHashMap<>();
  private final AtomicLong sequence = new AtomicLong(1);
  private volatile boolean refuseEvents;
  private volatile boolean finishPlaybacks = true;

  private FakeAsterisk(Vertx vertx, String username, String password, String app) {
    this.vertx = vertx;
    this.username = username;
    this.password = password;
    this.app = app;
  }

  static Future<FakeAsterisk> start(Vertx vertx, String username, String password, String app) {
    FakeAsterisk fake = new FakeAsterisk(vertx, username, password, app);
    fake.server = vertx.createHttpServer()
        .webSocketHandshakeHandler(fake::handshake)
        .webSocketHandler(fake::eventsSocket)
        .requestHandler(fake::rest);
    return fake.server.listen(0, "127.0.0.1").map(s -> fake);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/ari";
  }

  Future<Void> close() {
    return server.close();
  }

  // ---------------------------------------------------------------- what tests look at

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Request> requests(String method, String path) {
    return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
  }

  boolean received(String method, String path) {
    return !requests(method, path).isEmpty();
  }

  /** Query strings of every events socket opened, in order. */
  List<String> handshakes() {
    return List.copyOf(handshakes);
  }

  int openSockets() {
    return sockets.size();
  }

  synchronized List<Originated> originated() {
    return List.copyOf(originated.values());
  }

  synchronized Originated originatedTo(String endpoint) {
    return originated.values().stream().filter(o -> o.endpoint().equals(endpoint)).reduce((a, b) -> b).orElse(null);
  }

  synchronized boolean exists(String channelId) {
    return channels.containsKey(channelId);
  }

  synchronized boolean isOnHold(String channelId) {
    return onHold.contains(channelId);
  }

  synchronized List<String> bridgeMembers(String bridgeId) {
    JsonObject bridge = bridges.get(bridgeId);
    return bridge == null ? null : bridge.getJsonArray("channels").stream().map(String::valueOf).toList();
  }

  synchronized JsonObject bridge(String bridgeId) {
    JsonObject bridge = bridges.get(bridgeId);
    return bridge == null ? null : bridge.copy();
  }

  // ---------------------------------------------------------------- what tests make happen

  /** A call from outside reaches {@code Stasis(app,queue)} in the dialplan. */
  synchronized String callerEnters(String queue, String number) {
    long n = sequence.getAndIncrement();
    String id = "1732540000." + n;
    JsonObject channel = channel(id, "PJSIP/sportello-trunk-" + String.format("%08x", n), "Ring",
        "", number, "from-trunk", "0350000000");
    channels.put(id, channel);
    inStasis.add(id);
    emit(event("StasisStart").put("args", new JsonArray().add(queue)).put("channel", channel.copy()));
    return id;
  }

  synchronized void dtmf(String channelId, String digit) {
    emit(event("ChannelDtmfReceived").put("digit", digit).put("duration_ms", 120).put("channel", existing(channelId).copy()));
  }

  /** The far end of a channel hangs up (a caller, or an operator who was talking). */
  synchronized void hangUp(String channelId) {
    destroy(channelId, 16, "Normal Clearing");
  }

  /**
   * An originated operator or citizen leg answers: ARI puts it into the application with the
   * originate's appArgs as args.
   */
  synchronized void answer(String channelId) {
    Originated o = Objects.requireNonNull(originated.get(channelId), "not originated: " + channelId);
    JsonObject channel = existing(channelId);
    channel.put("state", "Up");
    inStasis.add(channelId);
    JsonArray args = new JsonArray();
    o.appArgs().forEach(args::add);
    emit(event("StasisStart").put("args", args).put("channel", channel.copy()));
  }

  /**
   * An originated leg never answers: busy (17), no answer (19), unreachable (20)… It was never in
   * Stasis, so only ChannelDestroyed is sent.
   */
  synchronized void fail(String channelId, int cause, String causeText) {
    destroy(channelId, cause, causeText);
  }

  /** Closes the events sockets from Asterisk's side. */
  void dropEvents() {
    sockets.forEach(ServerWebSocket::close);
  }

  /** While set, new events sockets are refused (Asterisk restarting, a network cut). */
  void refuseEvents(boolean refuse) {
    this.refuseEvents = refuse;
  }

  /** Whether playbacks finish on their own a moment after they start (the default). */
  void finishPlaybacks(boolean finish) {
    this.finishPlaybacks = finish;
  }

  // ---------------------------------------------------------------- the events socket

  private void handshake(ServerWebSocketHandshake handshake) {
    Map<String, List<String>> params = new QueryStringDecoder(handshake.uri()).parameters();
    MultiMap query = MultiMap.caseInsensitiveMultiMap();
    params.forEach(query::add);
    if (!"/ari/events".equals(handshake.path())) {
      handshake.reject(404);
    } else if (!(username + ":" + password).equals(query.get("api_key"))) {
      handshake.reject(401);
    } else if (!app.equals(query.get("app"))) {
      handshake.reject(400);
    } else if (refuseEvents) {
      handshake.reject(503);
    } else {
      handshakes.add(handshake.query());
      handshake.accept();
    }
  }

  private void eventsSocket(ServerWebSocket socket) {
    sockets.add(socket);
    socket.closeHandler(v -> sockets.remove(socket));
  }

  private void emit(JsonObject event) {
    String text = event.encode();
    sockets.forEach(s -> s.writeTextMessage(text));
  }

  private JsonObject event(String type) {
    return new JsonObject().put("type", type).put("timestamp", now()).put("asterisk_id", ASTERISK_ID).put("application", app);
  }

  // ---------------------------------------------------------------- REST

  private static final Pattern CHANNEL = Pattern.compile("/ari/channels/([^/]+)(/(answer|moh|ring|play))?");
  private static final Pattern BRIDGE = Pattern.compile("/ari/bridges/([^/]+)(/addChannel)?");

  private void rest(HttpServerRequest req) {
    Request recorded = new Request(req.method().name(), req.path(), MultiMap.caseInsensitiveMultiMap().addAll(req.params()));
    if (!authorised(req)) {
      reply(req, 401, new JsonObject().put("message", "Authentication required"));
      return;
    }
    requests.add(recorded);
    String method = recorded.method();
    String path = recorded.path();
    Matcher channel = CHANNEL.matcher(path);
    Matcher bridge = BRIDGE.matcher(path);
    synchronized (this) {
      if (path.equals("/ari/channels")) {
        if (method.equals("POST")) {
          originate(req, recorded);
        } else {
          reply(req, 200, new JsonArray(new ArrayList<>(channels.values())));
        }
      } else if (channel.matches()) {
        channelOperation(req, recorded, channel.group(1), channel.group(3) == null ? "" : channel.group(3));
      } else if (path.equals("/ari/bridges")) {
        if (method.equals("POST")) {
          createBridge(req, recorded);
        } else {
          reply(req, 200, new JsonArray(new ArrayList<>(bridges.values())));
        }
      } else if (bridge.matches()) {
        bridgeOperation(req, recorded, bridge.group(1), bridge.group(2) != null);
      } else {
        reply(req, 404, new JsonObject().put("message", "Resource not found"));
      }
    }
  }

  private boolean authorised(HttpServerRequest req) {
    String expected = username + ":" + password;
    if (expected.equals(req.getParam("api_key"))) {
      return true;
    }
    String header = req.getHeader("Authorization");
    return header != null && header.startsWith("Basic ")
        && expected.equals(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8));
  }

  private void originate(HttpServerRequest req, Request r) {
    String endpoint = r.param("endpoint");
    if (endpoint == null || endpoint.isBlank()) {
      reply(req, 400, new JsonObject().put("message", "Endpoint must be specified"));
      return;
    }
    if (endpoint.contains("unreachable")) {
      reply(req, 500, new JsonObject().put("message", "Allocation failed"));
      return;
    }
    String id = r.param("channelId") != null ? r.param("channelId") : "1732540000." + sequence.getAndIncrement();
    if (channels.containsKey(id)) {
      reply(req, 409, new JsonObject().put("message", "Channel with given unique ID already exists"));
      return;
    }
    String callerId = r.param("callerId");
    Matcher number = Pattern.compile("<([^>]*)>").matcher(callerId == null ? "" : callerId);
    JsonObject channel = channel(id, endpoint + "-" + String.format("%08x", sequence.getAndIncrement()), "Down",
        callerId == null ? "" : callerId.replaceAll("\\s*<.*", "").replace("\"", ""),
        number.find() ? number.group(1) : "", "default", "s");
    channels.put(id, channel);
    List<String> args = r.param("appArgs") == null ? List.of() : Arrays.asList(r.param("appArgs").split(",", -1));
    originated.put(id, new Originated(id, endpoint, r.param("app"), args, callerId,
        r.param("timeout") == null ? 30 : Integer.parseInt(r.param("timeout"))));
    reply(req, 200, channel);
  }

  private void channelOperation(HttpServerRequest req, Request r, String id, String operation) {
    JsonObject channel = channels.get(id);
    if (channel == null) {
      reply(req, 404, new JsonObject().put("message", "Channel not found"));
      return;
    }
    switch (r.method() + " " + operation) {
      case "POST answer" -> {
        channel.put("state", "Up");
        reply(req, 204, null);
      }
      case "POST moh" -> {
        onHold.add(id);
        reply(req, 204, null);
      }
      case "DELETE moh" -> {
        onHold.remove(id);
        reply(req, 204, null);
      }
      case "POST ring" -> reply(req, 204, null);
      case "POST play" -> play(req, r, id);
      case "DELETE " -> {
        destroy(id, 16, "Normal Clearing");
        reply(req, 204, null);
      }
      case "GET " -> reply(req, 200, channel);
      default -> reply(req, 405, new JsonObject().put("message", "Method not allowed"));
    }
  }

  private void play(HttpServerRequest req, Request r, String channelId) {
    String media = r.param("media");
    if (media == null || media.isBlank()) {
      reply(req, 400, new JsonObject().put("message", "media parameter required"));
      return;
    }
    if (!inStasis.contains(channelId)) {
      reply(req, 409, new JsonObject().put("message", "Channel not in a Stasis application"));
      return;
    }
    String playbackId = r.param("playbackId") != null ? r.param("playbackId") : "pb-" + sequence.getAndIncrement();
    List<String> uris = Arrays.asList(media.split(","));
    JsonObject playback = new JsonObject().put("id", playbackId).put("media_uri", uris.get(0))
        .put("target_uri", "channel:" + channelId).put("language", "it").put("state", "queued");
    reply(req, 201, playback);
    emit(event("PlaybackStarted").put("playback", playback.copy().put("state", "playing")));
    if (finishPlaybacks) {
      vertx.setTimer(30, t -> {
        synchronized (this) {
          emit(event("PlaybackFinished").put("playback", playback.copy().put("media_uri", uris.get(uris.size() - 1))
              .put("state", channels.containsKey(channelId) ? "done" : "failed")));
        }
      });
    }
  }

  private void createBridge(HttpServerRequest req, Request r) {
    String type = r.param("type") == null ? "mixing" : r.param("type");
    String id = r.param("bridgeId") != null ? r.param("bridgeId") : "bridge-" + sequence.getAndIncrement();
    JsonObject bridge = bridges.computeIfAbsent(id, k -> new JsonObject().put("id", k).put("technology", "simple_bridge")
        .put("bridge_type", type).put("bridge_class", "stasis").put("creator", "Stasis")
        .put("name", r.param("name") == null ? "" : r.param("name")).put("channels", new JsonArray())
        .put("creationtime", now()).put("video_mode", "talker"));
    reply(req, 200, bridge);
  }

  private void bridgeOperation(HttpServerRequest req, Request r, String id, boolean addChannel) {
    JsonObject bridge = bridges.get(id);
    if (bridge == null) {
      reply(req, 404, new JsonObject().put("message", "Bridge not found"));
      return;
    }
    if (!addChannel && r.method().equals("DELETE")) {
      bridges.remove(id);
      reply(req, 204, null);
    } else if (addChannel && r.method().equals("POST")) {
      String list = r.param("channel");
      if (list == null || list.isBlank()) {
        reply(req, 400, new JsonObject().put("message", "Channel not found"));
        return;
      }
      List<String> ids = Arrays.asList(list.split(","));
      for (String channelId : ids) {
        if (!channels.containsKey(channelId)) {
          reply(req, 400, new JsonObject().put("message", "Channel not found"));
          return;
        }
        if (!inStasis.contains(channelId)) {
          reply(req, 422, new JsonObject().put("message", "Channel not in Stasis application"));
          return;
        }
      }
      ids.forEach(bridge.getJsonArray("channels")::add);
      reply(req, 204, null);
    } else if (r.method().equals("GET")) {
      reply(req, 200, bridge);
    } else {
      reply(req, 405, new JsonObject().put("message", "Method not allowed"));
    }
  }

  // ---------------------------------------------------------------- channels

  private void destroy(String channelId, int cause, String causeText) {
    JsonObject channel = channels.remove(channelId);
    if (channel == null) {
      return;
    }
    onHold.remove(channelId);
    bridges.values().forEach(b -> b.getJsonArray("channels").remove(channelId));
    if (inStasis.remove(channelId)) {
      emit(event("StasisEnd").put("channel", channel.copy()));
    }
    emit(event("ChannelDestroyed").put("cause", cause).put("cause_txt", causeText).put("channel", channel.put("state", "Down").copy()));
  }

  private JsonObject existing(String channelId) {
    return Objects.requireNonNull(channels.get(channelId), "no channel " + channelId);
  }

  /** ARI's Channel model. */
  private static JsonObject channel(String id, String name, String state, String callerName, String callerNumber,
                                    String context, String exten) {
    return new JsonObject().put("id", id).put("name", name).put("state", state)
        .put("caller", new JsonObject().put("name", callerName).put("number", callerNumber))
        .put("connected", new JsonObject().put("name", "").put("number", ""))
        .put("accountcode", "")
        .put("dialplan", new JsonObject().put("context", context).put("exten", exten).put("priority", 2))
        .put("creationtime", now())
        .put("language", "it");
  }

  private static String now() {
    return OffsetDateTime.now().format(ARI_TIME);
  }

  private static void reply(HttpServerRequest req, int status, Object body) {
    req.response().setStatusCode(status);
    if (body == null) {
      req.response().end();
    } else {
      req.response().putHeader("Content-Type", "application/json").end(body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode());
    }
  }
}
