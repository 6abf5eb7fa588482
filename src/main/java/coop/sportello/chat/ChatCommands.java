package coop.sportello.chat;

import coop.sportello.platform.areas.Area;

import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BusCommand;
import coop.sportello.platform.http.JsonBody;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Each command address with the roles that may use it, the schema its body must meet and the
 * service method it calls: the bridge rules ({@link ChatRoutes}) and the consumers
 * ({@link ChatVerticle}) read the same list, so the two gates cannot drift apart. Every command
 * acts for whom its caller acts for ({@link ChatCallers}: a kiosk, for the person identified at
 * it); those that change a conversation run in the order their sender sent them ({@link CommandLines}).
 */
final class ChatCommands {

  static final Set<Role> OWNERS = EnumSet.of(Role.CITIZEN, Role.EMPLOYEE, Role.KIOSK);
  static final Set<Role> EVERYONE = EnumSet.of(Role.CITIZEN, Role.EMPLOYEE, Role.KIOSK, Role.WELFARE_MANAGER, Role.SUPERVISOR);
  static final Set<Role> STAFF = EnumSet.of(Role.WELFARE_MANAGER, Role.SUPERVISOR);

  private static final String ID = "\"conversationId\":{\"type\":\"string\",\"format\":\"uuid\"}";
  private static final String CLIENT_ID = "\"clientId\":{\"type\":\"string\",\"pattern\":\"^[A-Za-z0-9._:-]{8,64}$\"}";
  private static final String AREA = "{\"enum\":" + Area.schemaEnum() + "}";
  /** Sent by kiosks only, on every command: the live kiosk session of the person it acts for. */
  private static final String KIOSK_SESSION = "\"" + ChatCallers.KIOSK_SESSION + "\":{\"type\":\"string\",\"format\":\"uuid\"}";
  private static final String PHONE = "\"phone\":{\"type\":\"string\",\"pattern\":\"^\\\\+?[0-9][0-9 ]{5,18}[0-9]$\"}"
      + ",\"when\":{\"type\":\"string\",\"maxLength\":200}";

  private ChatCommands() { }

  /** A body with {@code properties} (and a kiosk's {@code kioskSession}), nothing else, {@code required} present. */
  private static JsonBody schema(String required, String properties) {
    return JsonBody.schema(new JsonObject("{\"type\":\"object\",\"additionalProperties\":false,\"required\":["
        + required + "],\"properties\":{" + (properties.isEmpty() ? "" : properties + ",") + KIOSK_SESSION + "}}"));
  }

  static List<BusCommand> all(ChatService chat) {
    CommandLines lines = new CommandLines();
    ChatCallers callers = chat.callers();
    JsonBody conversationCommand = schema("\"conversationId\",\"clientId\"", ID + "," + CLIENT_ID);
    return List.of(
        new BusCommand(ChatAddresses.START, OWNERS, schema("\"clientId\",\"topic\"", CLIENT_ID
            + ",\"topic\":" + AREA
            + ",\"language\":{\"type\":\"string\",\"pattern\":\"^[a-z]{2}$\"}"
            + ",\"fields\":{\"type\":\"object\",\"maxProperties\":10,"
            + "\"additionalProperties\":{\"type\":\"string\",\"maxLength\":500}}"
            + ",\"callback\":{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"phone\"],"
            + "\"properties\":{" + PHONE + "}}"), callers.starting(chat::start)),
        new BusCommand(ChatAddresses.SEND, EVERYONE, schema("\"conversationId\",\"clientId\",\"text\"", ID + "," + CLIENT_ID
            + ",\"text\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":4000,\"pattern\":\"\\\\S\"}"
            + ",\"private\":{\"type\":\"boolean\"}"), ordered(lines, callers.acting(chat::send))),
        new BusCommand(ChatAddresses.RESUME, EVERYONE, schema("\"conversationId\"", ID
            + ",\"after\":{\"type\":\"integer\",\"minimum\":0}"), callers.acting(chat::resume)),
        new BusCommand(ChatAddresses.LIST, EVERYONE, schema("", ""), callers.acting((who, body) -> chat.list(who))),
        new BusCommand(ChatAddresses.TYPING, EVERYONE, schema("\"conversationId\"", ID), callers.acting(chat::typing)),
        new BusCommand(ChatAddresses.RECEIPT, EVERYONE, schema("\"conversationId\"", ID
            + ",\"delivered\":{\"type\":\"integer\",\"minimum\":0},\"read\":{\"type\":\"integer\",\"minimum\":0}"),
            callers.acting(chat::receipt)),
        new BusCommand(ChatAddresses.CALLBACK, OWNERS, schema("\"conversationId\",\"clientId\",\"phone\"", ID + "," + CLIENT_ID
            + "," + PHONE), ordered(lines, callers.acting(chat::callback))),
        new BusCommand(ChatAddresses.RATE, OWNERS, schema("\"conversationId\",\"clientId\",\"score\"", ID + "," + CLIENT_ID
            + ",\"score\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":5}"
            + ",\"comment\":{\"type\":\"string\",\"maxLength\":1000}"), ordered(lines, callers.acting(chat::rate))),
        new BusCommand(ChatAddresses.CLOSE, EVERYONE, conversationCommand, ordered(lines, callers.acting(chat::close))),
        new BusCommand(ChatAddresses.PRESENCE, EnumSet.of(Role.WELFARE_MANAGER), schema("\"available\"",
            "\"available\":{\"type\":\"boolean\"}"), callers.acting(chat::heartbeat)),
        new BusCommand(ChatAddresses.ACCEPT, EnumSet.of(Role.WELFARE_MANAGER), conversationCommand,
            ordered(lines, callers.acting(chat::accept))),
        new BusCommand(ChatAddresses.PASS, EnumSet.of(Role.WELFARE_MANAGER), conversationCommand,
            ordered(lines, callers.acting(chat::pass))),
        new BusCommand(ChatAddresses.TRANSFER, STAFF, JsonBody.schema(new JsonObject("{\"type\":\"object\","
            + "\"additionalProperties\":false,\"required\":[\"conversationId\",\"clientId\",\"note\"],"
            + "\"oneOf\":[{\"required\":[\"toManager\"]},{\"required\":[\"toTopic\"]}],"
            + "\"properties\":{" + ID + "," + CLIENT_ID
            + ",\"note\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":2000,\"pattern\":\"\\\\S\"}"
            + ",\"toManager\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":120},\"toTopic\":" + AREA + "}}")),
            ordered(lines, chat::transfer)),
        new BusCommand(ChatAddresses.JOIN, EnumSet.of(Role.SUPERVISOR), conversationCommand,
            ordered(lines, callers.acting(chat::join))));
  }

  /**
   * A command that changes a conversation: it runs after the same sender's earlier commands on that
   * conversation (see {@link CommandLines}), so a quick typist's messages keep their order. The line
   * is the sender's as the bridge stamped them (for a kiosk: the device), known before anything
   * asynchronous happens.
   */
  private static BusCommand.Handler ordered(CommandLines lines, BusCommand.Handler work) {
    return (who, body) -> lines.inOrder(CommandLines.line(body.getString("conversationId"), who.subject()),
        () -> work.handle(who, body));
  }
}
