package coop.sportello.chat;

import coop.sportello.chat.domain.EventKind;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * One stored event of a conversation, and the two ways it is shown: staff see every event with
 * its staff sequence number; the citizen sees public events numbered by their public sequence.
 */
public record ChatEvent(UUID conversationId, long seq, Long publicSeq, EventKind kind, String author,
                        String authorRole, String authorName, String clientId, JsonObject body, Instant at) {

  public JsonObject staffView() {
    return new JsonObject()
        .put("conversationId", conversationId.toString())
        .put("seq", seq)
        .put("publicSeq", publicSeq)
        .put("kind", kind.wireName())
        .put("author", author)
        .put("authorRole", authorRole)
        .put("authorName", authorName)
        .put("clientId", clientId)
        .put("body", body)
        .put("at", at.toString());
  }

  /** What the person who opened the conversation sees; null for events they never see. */
  public JsonObject citizenView(String viewer) {
    if (publicSeq == null) {
      return null;
    }
    JsonObject view = new JsonObject()
        .put("conversationId", conversationId.toString())
        .put("seq", publicSeq)
        .put("kind", kind.wireName())
        .put("authorRole", authorRole)
        .put("authorName", authorName)
        .put("mine", author.equals(viewer))
        .put("body", body)
        .put("at", at.toString());
    // Only one's own command ids come back: they are how a client matches its retries.
    if (author.equals(viewer)) {
      view.put("clientId", clientId);
    }
    return view;
  }

  public JsonObject view(boolean staff, String viewer) {
    return staff ? staffView() : citizenView(viewer);
  }
}
