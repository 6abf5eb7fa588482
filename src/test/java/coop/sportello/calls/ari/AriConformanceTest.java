package coop.sportello.calls.ari;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static coop.sportello.testing.AppTestBase.await;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The adapter held against Asterisk's own description of ARI (Swagger 1.2, {@code rest-api/api-docs}
 * of asterisk/asterisk, kept in shared/reference/asterisk-ari): every request {@link AriRest} and
 * {@link AriEventSocket} make is an operation there, with parameters it declares, of the declared
 * types and values, the required ones present; every field {@link AriJson} reads from an event or
 * a response is one the model gives that event or response. {@link FakeAsterisk} answers only what
 * the adapter asks, so these are what keep it and the adapter honest about the real Asterisk.
 */
@ExtendWith(VertxExtension.class)
class AriConformanceTest {

  private static final Path REFERENCE = Path.of("..", "shared", "reference", "asterisk-ari");
  /** ARI's base path (the Swagger {@code basePath} ends in it); the adapter's URL names it. */
  private static final String BASE = "/ari";
  /**
   * Asterisk takes the credentials as {@code api_key=user:password} on any request (res_ari's
   * authentication, beside HTTP basic auth), so the description lists it under no operation.
   */
  private static final Set<String> AUTHENTICATION = Set.of("api_key");
  /** The events {@link AriCalls#onEvent} acts on. */
  private static final Set<String> HANDLED = Set.of("StasisStart", "StasisEnd", "ChannelDestroyed", "ChannelDtmfReceived",
      "PlaybackFinished");

  private record Operation(String method, String template, Pattern path, Map<String, JsonObject> params, String response) { }

  private record Sent(String method, String path, MultiMap query) {
    @Override
    public String toString() {
      return method + " " + path + " " + query.entries();
    }
  }

  private static final List<Operation> OPERATIONS = new ArrayList<>();
  private static final Map<String, JsonObject> MODELS = new HashMap<>();

  @BeforeAll
  static void readTheDescription() throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(REFERENCE)) {
      files = listed.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(files.size() >= 10, "ARI's resource files in " + REFERENCE.toAbsolutePath());
    for (Path file : files) {
      JsonObject resource = new JsonObject(Files.readString(file));
      assertEquals(BASE, resource.getString("basePath").replaceFirst("^https?://[^/]+", ""), file.toString());
      resource.getJsonObject("models", new JsonObject()).forEach(m -> MODELS.put(m.getKey(), (JsonObject) m.getValue()));
      for (Object a : resource.getJsonArray("apis")) {
        JsonObject api = (JsonObject) a;
        String template = api.getString("path");
        Pattern path = Pattern.compile(Arrays.stream(template.split("/", -1))
            .map(part -> part.matches("\\{[^}]+}") ? "[^/]+" : Pattern.quote(part)).collect(Collectors.joining("/")));
        for (Object o : api.getJsonArray("operations")) {
          JsonObject operation = (JsonObject) o;
          Map<String, JsonObject> params = new LinkedHashMap<>();
          operation.getJsonArray("parameters", new JsonArray())
              .forEach(p -> params.put(((JsonObject) p).getString("name"), (JsonObject) p));
          OPERATIONS.add(new Operation(operation.getString("httpMethod"), template, path, params,
              operation.getString("responseClass")));
        }
      }
    }
  }

  // ---------------------------------------------------------------- requests

  @Test
  void everyRequestTheAdapterMakesIsAnOperationOfAriWithItsParameters(Vertx vertx) {
    List<Sent> sent = new CopyOnWriteArrayList<>();
    HttpServer server = vertx.createHttpServer()
        .webSocketHandshakeHandler(handshake -> {
          sent.add(new Sent("GET", handshake.path(), query(handshake.query())));
          handshake.accept();
        })
        .webSocketHandler(ws -> { })
        .requestHandler(req -> {
          sent.add(new Sent(req.method().name(), req.path(), query(req.query())));
          if (req.method().name().equals("GET")) {
            req.response().putHeader("Content-Type", "application/json").end("[]");
          } else {
            req.response().setStatusCode(204).end();
          }
        });
    int port = await(server.listen(0, "127.0.0.1")).actualPort();
    AriSettings settings = AriSettings.from(AriConfig.withDefaults(new JsonObject()
        .put("url", "http://127.0.0.1:" + port + BASE).put("username", "sportello").put("password", "s3cret")));
    AriRest rest = new AriRest(vertx, settings);

    Map<String, Supplier<Future<?>>> requests = new LinkedHashMap<>();
    requests.put("originate", () -> rest.originate(new AriStep.Originate("sportello-leg", "PJSIP/201",
        List.of("operator", "1732540000.1", "op.maria"), 15, "\"Sportello anziani\" <+393471234567>")));
    requests.put("answer", () -> rest.answer("1732540000.1"));
    requests.put("startHold", () -> rest.startHold("1732540000.1"));
    requests.put("stopHold", () -> rest.stopHold("1732540000.1"));
    requests.put("ring", () -> rest.ring("sportello-leg"));
    requests.put("play", () -> rest.play("1732540000.1", "sportello-pb",
        "sound:queue-thereare,digits:3,sound:queue-callswaiting"));
    requests.put("hangUp", () -> rest.hangUp("1732540000.1"));
    requests.put("createBridge", () -> rest.createBridge("sportello-1732540000.1"));
    requests.put("addToBridge", () -> rest.addToBridge("sportello-1732540000.1", List.of("1732540000.1", "sportello-leg")));
    requests.put("removeBridge", () -> rest.removeBridge("sportello-1732540000.1"));
    requests.put("channels", rest::channels);
    requests.put("bridges", rest::bridges);
    assertEquals(requestMethods(), requests.keySet(), "every request AriRest can make is checked here");
    requests.values().forEach(request -> await(request.get()));
    assertEquals(requests.size(), sent.size());

    AriEventSocket events = new AriEventSocket(vertx, settings, text -> { }, () -> { });
    events.start();
    waitFor(() -> sent.size() == requests.size() + 1, "the events socket's handshake");
    events.stop();
    await(rest.close());

    sent.forEach(AriConformanceTest::conforms);
    assertTrue(sent.get(sent.size() - 1).path().equals(BASE + "/events"), sent.toString());
  }

  /** The package methods of {@link AriRest} that send a request (all but close). */
  private static Set<String> requestMethods() {
    return Arrays.stream(AriRest.class.getDeclaredMethods())
        .filter(m -> !Modifier.isPrivate(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
        .filter(m -> m.getReturnType() == Future.class && !m.getName().equals("close"))
        .map(Method::getName).collect(Collectors.toSet());
  }

  private static void conforms(Sent request) {
    assertTrue(request.path().startsWith(BASE + "/"), request.toString());
    String path = request.path().substring(BASE.length());
    Operation operation = OPERATIONS.stream()
        .filter(o -> o.method().equals(request.method()) && o.path().matcher(path).matches())
        .findFirst().orElseThrow(() -> new AssertionError("no such operation in ARI: " + request));
    String where = request + " (" + operation.method() + " " + operation.template() + ")";
    for (String name : request.query().names()) {
      if (AUTHENTICATION.contains(name)) {
        continue;
      }
      JsonObject param = operation.params().get(name);
      assertNotNull(param, "ARI declares no parameter " + name + ": " + where);
      assertEquals("query", param.getString("paramType"), name + ": " + where);
      for (String value : request.query().getAll(name)) {
        hasTheDeclaredType(param, value, where);
      }
    }
    operation.params().values().stream()
        .filter(p -> p.getBoolean("required", false) && "query".equals(p.getString("paramType")))
        .forEach(p -> assertTrue(request.query().contains(p.getString("name")), "required " + p.getString("name") + ": " + where));
    Matcher ids = Pattern.compile("\\{([^}]+)}").matcher(operation.template());
    while (ids.find()) {
      assertEquals("path", operation.params().get(ids.group(1)).getString("paramType"), where);
    }
  }

  private static void hasTheDeclaredType(JsonObject param, String value, String where) {
    String name = param.getString("name");
    List<String> values = param.getBoolean("allowMultiple", false) ? List.of(value.split(",")) : List.of(value);
    for (String v : values) {
      switch (param.getString("dataType")) {
        case "int", "long" -> assertTrue(v.matches("-?[0-9]+"), name + "=" + v + " is no whole number: " + where);
        case "boolean" -> assertTrue(v.equals("true") || v.equals("false"), name + "=" + v + ": " + where);
        case "string" -> assertFalse(v.isEmpty(), name + " is empty: " + where);
        default -> fail("a parameter of type " + param.getString("dataType") + " is sent: " + name + ", " + where);
      }
      JsonObject allowed = param.getJsonObject("allowableValues");
      if (allowed != null && "LIST".equals(allowed.getString("valueType"))) {
        assertTrue(allowed.getJsonArray("values").contains(v), name + "=" + v + " is not one of " + allowed + ": " + where);
      }
    }
  }

  private static MultiMap query(String query) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      params.add(URLDecoder.decode(name, StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  // ---------------------------------------------------------------- events and responses

  @Test
  void everyEventFieldTheAdapterReadsIsInAriEventsModel() {
    Set<String> events = new TreeSet<>(subTypes("Event"));
    assertTrue(events.containsAll(HANDLED), "events the adapter handles: " + HANDLED + ", ARI's: " + events);
    for (String type : events) {
      Set<String> read = new TreeSet<>();
      AriJson.event(new ReadRecorder("", sample(type, 0).put("type", type).getMap(), read));
      for (String field : read) {
        assertTrue(resolves(type, field), type + " has no field " + field + " in ARI's events model");
      }
    }

    // And what it reads from them is where it looks: an event as the model describes it gives every value.
    AriEvent start = AriJson.event(sample("StasisStart", 0).put("type", "StasisStart"));
    assertNotNull(start.timestamp());
    assertNotNull(start.channelId());
    assertNotNull(start.callerNumber());
    assertNotNull(start.exten());
    assertFalse(start.args().isEmpty());
    assertNotNull(AriJson.event(sample("StasisEnd", 0).put("type", "StasisEnd")).channelId());
    assertNotNull(AriJson.event(sample("ChannelDestroyed", 0).put("type", "ChannelDestroyed")).channelId());
    assertNotNull(AriJson.event(sample("ChannelDtmfReceived", 0).put("type", "ChannelDtmfReceived")).digit());
    assertNotNull(AriJson.event(sample("PlaybackFinished", 0).put("type", "PlaybackFinished")).playbackId());
  }

  @Test
  void everyResponseFieldTheAdapterReadsIsInAriModels() {
    Set<String> read = new TreeSet<>();
    assertEquals("List[Channel]", response("GET", "/channels"));
    JsonArray channels = new JsonArray().add(new ReadRecorder("", sample("Channel", 0).getMap(), read));
    assertEquals(1, AriJson.channelIds(channels).size());
    read.forEach(field -> assertTrue(resolves("Channel", field), "Channel has no field " + field));

    read.clear();
    assertEquals("List[Bridge]", response("GET", "/bridges"));
    JsonArray bridges = new JsonArray().add(new ReadRecorder("", sample("Bridge", 0).getMap(), read));
    assertEquals(1, AriJson.bridges(bridges).values().iterator().next().size());
    read.forEach(field -> assertTrue(resolves("Bridge", field), "Bridge has no field " + field));
  }

  private static String response(String method, String template) {
    return OPERATIONS.stream().filter(o -> o.method().equals(method) && o.template().equals(template))
        .findFirst().orElseThrow().response();
  }

  /** The model's own properties and those of the models it is a sub-type of (Event, Message). */
  private static JsonObject properties(String model) {
    JsonObject own = MODELS.get(model);
    if (own == null) {
      return null;
    }
    JsonObject all = own.getJsonObject("properties", new JsonObject()).copy();
    MODELS.forEach((name, parent) -> {
      if (parent.getJsonArray("subTypes", new JsonArray()).contains(model)) {
        all.mergeIn(properties(name));
      }
    });
    return all;
  }

  private static Set<String> subTypes(String model) {
    Set<String> all = new TreeSet<>();
    for (Object sub : MODELS.get(model).getJsonArray("subTypes", new JsonArray())) {
      all.add((String) sub);
      if (MODELS.containsKey(sub) && MODELS.get(sub).containsKey("subTypes")) {
        all.addAll(subTypes((String) sub));
      }
    }
    return all;
  }

  /** Whether a dotted field path ({@code channel.caller.number}) exists in the model. */
  private static boolean resolves(String model, String field) {
    String type = model;
    for (String part : field.split("\\.")) {
      JsonObject properties = properties(type);
      if (properties == null || !properties.containsKey(part)) {
        return false;
      }
      type = elementType(properties.getJsonObject(part).getString("type"));
    }
    return true;
  }

  private static String elementType(String type) {
    return type.startsWith("List[") ? type.substring(5, type.length() - 1) : type;
  }

  /** An instance of the model with every property filled in, as Asterisk could send it. */
  private static JsonObject sample(String model, int depth) {
    JsonObject json = new JsonObject();
    properties(model).forEach(p -> {
      String type = ((JsonObject) p.getValue()).getString("type");
      Object value = type.startsWith("List[") ? new JsonArray().add(value(elementType(type), p.getKey(), depth))
          : value(type, p.getKey(), depth);
      if (value != null) {
        json.put(p.getKey(), value);
      }
    });
    return json;
  }

  private static Object value(String type, String name, int depth) {
    return switch (type) {
      case "string" -> "x-" + name;
      case "int", "long", "double" -> 1;
      case "boolean" -> true;
      case "Date" -> "2026-11-25T10:15:30.123+0100";
      case "object" -> new JsonObject();
      default -> MODELS.containsKey(type) && depth < 4 ? sample(type, depth + 1) : null;
    };
  }

  /** A JSON object that notes the dotted path of every field read from it or from the objects in it. */
  private static final class ReadRecorder extends JsonObject {
    private final String prefix;
    private final Set<String> read;

    ReadRecorder(String prefix, Map<String, Object> map, Set<String> read) {
      super(map);
      this.prefix = prefix;
      this.read = read;
    }

    private Object noted(String key, Object value) {
      read.add(prefix + key);
      return value instanceof JsonObject child ? new ReadRecorder(prefix + key + ".", child.getMap(), read) : value;
    }

    @Override
    public Object getValue(String key) {
      return noted(key, super.getValue(key));
    }

    @Override
    public String getString(String key) {
      noted(key, null);
      return super.getString(key);
    }

    @Override
    public String getString(String key, String def) {
      noted(key, null);
      return super.getString(key, def);
    }

    @Override
    public JsonObject getJsonObject(String key) {
      return (JsonObject) noted(key, super.getJsonObject(key));
    }

    @Override
    public JsonArray getJsonArray(String key) {
      noted(key, null);
      return super.getJsonArray(key);
    }

    @Override
    public JsonArray getJsonArray(String key, JsonArray def) {
      noted(key, null);
      return super.getJsonArray(key, def);
    }

    @Override
    public boolean containsKey(String key) {
      noted(key, null);
      return super.containsKey(key);
    }
  }
}
