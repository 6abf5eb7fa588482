package coop.sportello.calls.ari;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Between ARI's JSON and the adapter's records, and from call events to calls.control's JSON. */
final class AriJson {

  private AriJson() { }

  /**
   * Reads an event from the events socket. Each type is read for the fields ARI's events model
   * gives it (every Event: type, timestamp; StasisStart: channel, args; StasisEnd and
   * ChannelDestroyed: channel; ChannelDtmfReceived: channel, digit; PlaybackFinished: playback);
   * fields the adapter does not use, and events it does not handle, are ignored.
   */
  static AriEvent event(JsonObject json) {
    String type = string(json, "type");
    String timestamp = string(json, "timestamp");
    if (type == null) {
      return new AriEvent(null, timestamp, null, null, null, List.of(), null, null);
    }
    return switch (type) {
      case "StasisStart", "StasisEnd", "ChannelDestroyed", "ChannelDtmfReceived" -> {
        JsonObject channel = object(json, "channel");
        JsonObject caller = object(channel, "caller");
        JsonObject dialplan = object(channel, "dialplan");
        List<String> args = new ArrayList<>();
        if (type.equals("StasisStart") && json.getValue("args") instanceof JsonArray array) {
          array.forEach(a -> args.add(a == null ? "" : String.valueOf(a)));
        }
        String digit = type.equals("ChannelDtmfReceived") ? string(json, "digit") : null;
        yield new AriEvent(type, timestamp, string(channel, "id"), string(caller, "number"), string(dialplan, "exten"),
            args, digit, null);
      }
      case "PlaybackFinished" -> new AriEvent(type, timestamp, null, null, null, List.of(), null,
          string(object(json, "playback"), "id"));
      default -> new AriEvent(type, timestamp, null, null, null, List.of(), null, null);
    };
  }

  /** The body of a calls.control request: the event's fields, without the empty ones. */
  static JsonObject callEvent(CallEvent event) {
    JsonObject json = new JsonObject().put("eventId", event.eventId()).put("type", event.type()).put("callId", event.callId());
    putIfSet(json, "queue", event.queue());
    putIfSet(json, "from", event.from());
    putIfSet(json, "operator", event.operator());
    putIfSet(json, "number", event.number());
    return json;
  }

  /**
   * The callers' channels in the distributor's {@code read.calls} reply ({@code {items: [{callId,
   * callback}]}}): every live call but the call-backs, whose caller has already hung up.
   */
  static Set<String> callerChannels(JsonObject liveCalls) {
    Set<String> ids = new HashSet<>();
    for (Object c : liveCalls.getJsonArray("items", new JsonArray())) {
      if (c instanceof JsonObject call && call.getString("callId") != null && !call.getBoolean("callback", false)) {
        ids.add(call.getString("callId"));
      }
    }
    return ids;
  }

  /** The ids in {@code GET /channels}' array of Channel objects. */
  static Set<String> channelIds(JsonArray channels) {
    Set<String> ids = new HashSet<>();
    for (Object c : channels) {
      if (c instanceof JsonObject channel && channel.getString("id") != null) {
        ids.add(channel.getString("id"));
      }
    }
    return ids;
  }

  /** {@code GET /bridges}' Bridge objects as id to the ids of their channels. */
  static Map<String, List<String>> bridges(JsonArray bridges) {
    Map<String, List<String>> result = new HashMap<>();
    for (Object b : bridges) {
      if (b instanceof JsonObject bridge && bridge.getString("id") != null) {
        List<String> members = new ArrayList<>();
        bridge.getJsonArray("channels", new JsonArray()).forEach(c -> members.add(String.valueOf(c)));
        result.put(bridge.getString("id"), members);
      }
    }
    return result;
  }

  private static JsonObject object(JsonObject parent, String key) {
    return parent != null && parent.getValue(key) instanceof JsonObject child ? child : null;
  }

  private static String string(JsonObject parent, String key) {
    Object value = parent == null ? null : parent.getValue(key);
    return value == null ? null : String.valueOf(value);
  }

  private static void putIfSet(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
