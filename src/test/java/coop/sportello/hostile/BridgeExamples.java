package coop.sportello.hostile;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A valid body for every address a browser may send to over the bridge. The suite checks this
 * table covers every inbound address the modules declare, so a new command cannot escape it.
 */
final class BridgeExamples {

  private BridgeExamples() { }

  private static final Map<String, String> BODIES = Map.ofEntries(
      Map.entry("platform.whoami", "{}"),
      Map.entry("chat.start", "{\"clientId\":\"$client\",\"topic\":\"childhood\",\"language\":\"it\"}"),
      Map.entry("chat.send", "{\"conversationId\":\"$conversation\",\"clientId\":\"$client\",\"text\":\"Buongiorno\"}"),
      Map.entry("chat.resume", "{\"conversationId\":\"$conversation\",\"after\":0}"),
      Map.entry("chat.list", "{}"),
      Map.entry("chat.typing", "{\"conversationId\":\"$conversation\"}"),
      Map.entry("chat.receipt", "{\"conversationId\":\"$conversation\",\"delivered\":1,\"read\":1}"),
      Map.entry("chat.callback", "{\"conversationId\":\"$conversation\",\"clientId\":\"$client\",\"phone\":\"+393471234567\","
          + "\"when\":\"domani mattina\"}"),
      Map.entry("chat.rate", "{\"conversationId\":\"$conversation\",\"clientId\":\"$client\",\"score\":5,\"comment\":\"grazie\"}"),
      Map.entry("chat.close", "{\"conversationId\":\"$conversation\",\"clientId\":\"$client\"}"),
      Map.entry("chat.presence", "{\"available\":true}"),
      Map.entry("chat.accept", "{\"conversationId\":\"$conversation\",\"clientId\":\"$client\"}"),
      Map.entry("chat.pass", "{\"conversationId\":\"$conversation\",\"clientId\":\"$client\"}"),
      Map.entry("chat.transfer", "{\"conversationId\":\"$conversation\",\"clientId\":\"$client\",\"note\":\"passo a te\","
          + "\"toTopic\":\"childhood\"}"),
      Map.entry("chat.join", "{\"conversationId\":\"$conversation\",\"clientId\":\"$client\"}"),
      Map.entry("calls.operator.login", "{\"queues\":[\"generale\"]}"),
      Map.entry("calls.operator.pause", "{\"reason\":\"pranzo\"}"),
      Map.entry("calls.operator.resume", "{}"),
      Map.entry("calls.operator.logout", "{}"),
      Map.entry("calls.operator.wrapped", "{}"),
      Map.entry("calls.operator.answer", "{\"callId\":\"chiamata-di-prova\"}"),
      Map.entry("calls.operator.status", "{}"));

  static final Set<String> ADDRESSES = BODIES.keySet();

  /** A valid body for {@code address}, with a fresh client id and the conversation given. */
  static JsonObject valid(String address, String conversation) {
    return new JsonObject(BODIES.get(address).replace("$client", UUID.randomUUID().toString())
        .replace("$conversation", conversation));
  }
}
