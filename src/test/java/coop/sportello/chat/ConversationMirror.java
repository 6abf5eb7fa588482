package coop.sportello.chat;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A client's copy of one conversation, kept as docs/CHAT-PROTOCOL.md tells clients to: apply
 * events in sequence order, drop what was already applied, hold what comes after a gap.
 */
final class ConversationMirror {

  private final List<JsonObject> applied = new ArrayList<>();
  private final TreeMap<Long, JsonObject> held = new TreeMap<>();
  private long last;
  private int dropped;

  void offer(JsonObject event) {
    long seq = event.getLong("seq");
    if (seq <= last || held.containsKey(seq)) {
      dropped++;
      return;
    }
    held.put(seq, event);
    while (!held.isEmpty() && held.firstKey() == last + 1) {
      applied.add(held.pollFirstEntry().getValue());
      last++;
    }
  }

  long last() {
    return last;
  }

  boolean hasGap() {
    return !held.isEmpty();
  }

  List<JsonObject> applied() {
    return applied;
  }

  /** Events seen twice (live and in a catch-up): expected and harmless, counted for the record. */
  int dropped() {
    return dropped;
  }
}
