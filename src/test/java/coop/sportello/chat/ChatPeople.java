package coop.sportello.chat;


import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;

/** Signed-in people with an open bridge socket subscribed to their chat inbox, as a browser would be. */
public final class ChatPeople {

  public record Person(String username, String subject, String token, BridgeClient client) {

    public String inbox() {
      return ChatAddresses.inbox(subject);
    }

    public JsonObject ask(String address, JsonObject body) {
      return await(client.request(address, body));
    }

    /** Opens a conversation and returns its id. */
    public String start(String topic, String language) {
      return ask(ChatAddresses.START, new JsonObject().put("clientId", id()).put("topic", topic).put("language", language))
          .getJsonObject("conversation").getString("id");
    }

    /** A command that needs only the conversation and a fresh client id (accept, pass, close, join). */
    public JsonObject command(String address, String conversationId) {
      return ask(address, new JsonObject().put("conversationId", conversationId).put("clientId", id()));
    }

    /** The refusal the server sent for this command. */
    public BridgeClient.Failure refused(String address, JsonObject body) {
      try {
        await(client.request(address, body));
      } catch (AssertionError e) {
        if (e.getCause() != null && e.getCause().getCause() instanceof BridgeClient.Failure f) {
          return f;
        }
        throw new AssertionError(address + " got no answer; socket closed: " + client.closed()
            + "; last frames: " + client.frames().subList(Math.max(0, client.frames().size() - 5), client.frames().size()), e);
      }
      throw new AssertionError("expected " + address + " to be refused");
    }

    /** Conversation events (those with a seq) that reached the inbox for one conversation. */
    public List<JsonObject> events(String conversationId) {
      return client.received(inbox()).stream()
          .filter(b -> b.containsKey("seq") && conversationId.equals(b.getString("conversationId"))).toList();
    }

    public List<JsonObject> signals(String kind) {
      return client.received(inbox()).stream().filter(b -> kind.equals(b.getString("kind")) && !b.containsKey("seq")).toList();
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Http http;
  private final int port;

  public ChatPeople(Vertx vertx, Pool pool, Http http, int port) {
    this.vertx = vertx;
    this.pool = pool;
    this.http = http;
    this.port = port;
  }

  private String supervisorToken;

  /**
   * A welfare manager whose profile (set by a supervisor through the API) speaks only
   * {@code language}: tests that share an application route their conversations to their own managers.
   */
  public Person manager(String username, String language) {
    Person manager = create(username, "welfare_manager");
    if (supervisorToken == null) {
      // One per instance: in a cluster the people of every node share the database.
      String supervisor = "profili.supervisore." + id().substring(0, 8);
      await(TestAccounts.create(vertx, pool, supervisor, "supervisor"));
      supervisorToken = await(http.accessToken(supervisor));
    }
    var response = await(http.client().put(port, "127.0.0.1", "/api/v1/chat/managers/" + manager.subject())
        .bearerTokenAuthentication(supervisorToken)
        .sendJsonObject(new JsonObject().put("name", "Manager " + username)
            .put("areas", new io.vertx.core.json.JsonArray(List.of("education", "childhood", "elderly", "work_life", "health")))
            .put("languages", new io.vertx.core.json.JsonArray().add(language)).put("maxChats", 4)));
    if (response.statusCode() != 200) {
      throw new AssertionError("profile not saved: " + response.bodyAsString());
    }
    return manager;
  }

  public Person create(String username, String role) {
    String subject = await(TestAccounts.create(vertx, pool, username, role)).toString();
    return connect(username, subject, await(http.accessToken(username)));
  }

  /** A fresh socket for someone already signed in (a reconnect, or a second tab). */
  public Person connect(String username, String subject, String token) {
    BridgeClient client = await(openSocket(token, 2));
    client.register(ChatAddresses.inbox(subject));
    Person person = new Person(username, subject, token, client);
    // The bridge handles one socket's frames in order: once this answers, the inbox is registered.
    person.ask(ChatAddresses.LIST, new JsonObject());
    return person;
  }

  /**
   * A socket on a fresh single-use ticket. A handshake the connection dropped (seen once in CI, on a
   * loaded machine) is tried again with a new ticket, as the portal's own client does on reconnect.
   */
  private io.vertx.core.Future<BridgeClient> openSocket(String token, int triesLeft) {
    return http.post("/api/v1/auth/bridge-ticket", token, new JsonObject())
        .compose(issued -> BridgeClient.connect(vertx, port, issued.bodyAsJsonObject().getString("ticket")))
        .recover(e -> triesLeft > 1 && e instanceof io.netty.handler.codec.http.websocketx.WebSocketHandshakeException
            ? openSocket(token, triesLeft - 1) : io.vertx.core.Future.failedFuture(e));
  }

  public Person reconnect(Person person) {
    return connect(person.username(), person.subject(), person.token());
  }

  public static String id() {
    return UUID.randomUUID().toString();
  }

  public static JsonObject alwaysOpen() {
    return new JsonObject().put("chat", new JsonObject()
        .put("businessHours", new io.vertx.core.json.JsonArray().add("MON-SUN 00:00-24:00")));
  }

}
