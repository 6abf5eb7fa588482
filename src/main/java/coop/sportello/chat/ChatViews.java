package coop.sportello.chat;

import coop.sportello.platform.areas.Areas;

import coop.sportello.chat.ChatRepository.Waiting;
import coop.sportello.chat.domain.BusinessHours;
import coop.sportello.chat.domain.Conversation;
import coop.sportello.chat.domain.Participation;
import coop.sportello.chat.domain.Transcript;
import coop.sportello.chat.domain.WaitEstimate;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * How the chat shows itself on the wire: conversation summaries, command answers, signals, queue
 * figures, the alternatives offered when nobody can answer (in Italian), and the transcript text.
 */
final class ChatViews {

  /** The service areas' names: a conversation's topic is shown by its Italian name. */
  private final Areas areas;

  ChatViews(Areas areas) {
    this.areas = areas;
  }

  /** The caller's part in the conversation, which decides what they see and may do. */
  static Participation participation(Conversation c, Identity who) {
    return c.participation(who.subject(), who.hasRole(Role.SUPERVISOR));
  }

  JsonObject summary(Conversation c, Participation p) {
    boolean staff = p.seesStaffEvents();
    JsonObject json = new JsonObject()
        .put("id", c.id().toString())
        .put("topic", c.topic())
        .put("topicLabel", topicLabel(c.topic()))
        .put("language", c.language())
        .put("status", c.status().name().toLowerCase(Locale.ROOT))
        .put("ownerName", c.ownerName())
        .put("lastSeq", staff ? c.lastSeq() : c.lastPublicSeq())
        .put("you", p.name().toLowerCase(Locale.ROOT))
        .put("rating", c.rating())
        .put("createdAt", c.createdAt().toString());
    if (staff) {
      json.put("manager", c.manager()).put("lastPublicSeq", c.lastPublicSeq())
          .put("joined", new JsonArray(List.copyOf(c.joined())));
    }
    return json;
  }

  JsonObject list(List<Conversation> conversations, Identity who) {
    return new JsonObject().put("conversations",
        new JsonArray(conversations.stream().map(c -> summary(c, participation(c, who))).toList()));
  }

  /** A command's answer: the event as the caller sees it, the conversation now, and whether it was a replay. */
  JsonObject answer(Identity who, ChatEvent event, Conversation now, boolean replayed) {
    boolean staffView = !who.subject().equals(now.owner());
    return new JsonObject()
        .put("event", event.view(staffView, who.subject()))
        .put("conversation", summary(now, participation(now, who)))
        .put("replayed", replayed);
  }

  /** chat.start's answer; {@code summary} already carries the queue figures. */
  JsonObject started(Identity who, CommandResult result, JsonObject summary, BusinessHours hours, ZonedDateTime now) {
    return new JsonObject()
        .put("conversation", summary)
        .put("event", result.event().citizenView(who.subject()))
        .put("replayed", result.replayed())
        .put("availability", availability(summary, hours, now));
  }

  /** What the citizen is told about being answered now, and what else they can do if not. */
  private JsonObject availability(JsonObject summary, BusinessHours hours, ZonedDateTime now) {
    boolean open = hours.isOpen(now);
    boolean staffOnline = summary.getBoolean("staffOnline", false);
    JsonObject out = new JsonObject().put("open", open).put("staffOnline", staffOnline);
    hours.nextOpening(now).ifPresent(t -> out.put("nextOpening", t.toOffsetDateTime().toString()));
    // The opening hours as configured ("MON-FRI 08:30-18:30"): the screen says them in words.
    out.put("hours", new JsonArray(List.copyOf(hours.lines())));
    if (!open || !staffOnline) {
      out.put("alternatives", new JsonArray()
          .add(new JsonObject().put("kind", "message")
              .put("label", "Lascia un messaggio: ti rispondiamo qui appena un consulente è disponibile."))
          .add(new JsonObject().put("kind", "callback").put("address", ChatAddresses.CALLBACK)
              .put("label", "Chiedi che ti richiamiamo al tuo numero."))
          .add(new JsonObject().put("kind", "appointment")
              .put("href", "/api/v1/services?area=" + summary.getString("topic"))
              .put("label", "Prenota un appuntamento con un servizio.")));
    }
    return out;
  }

  /** chat.resume's answer: one page of events in the caller's numbering, and both sides' read marks. */
  JsonObject resumed(Identity who, Conversation c, JsonObject summary, List<ChatEvent> events, boolean staff,
                            boolean complete, JsonArray receipts) {
    return new JsonObject()
        .put("conversation", summary)
        .put("events", new JsonArray(events.stream().map(e -> e.view(staff, who.subject())).toList()))
        .put("complete", complete)
        .put("receipts", receiptsFor(c, receipts));
  }

  /** The other side's marks: staff see the citizen's, the citizen sees the furthest any staff member got. */
  private JsonObject receiptsFor(Conversation c, JsonArray all) {
    long citizenDelivered = 0;
    long citizenRead = 0;
    long staffDelivered = 0;
    long staffRead = 0;
    for (Object o : all) {
      JsonObject r = (JsonObject) o;
      if (c.owner().equals(r.getString("subject"))) {
        citizenDelivered = r.getLong("delivered");
        citizenRead = r.getLong("read");
      } else {
        staffDelivered = Math.max(staffDelivered, r.getLong("delivered"));
        staffRead = Math.max(staffRead, r.getLong("read"));
      }
    }
    return new JsonObject()
        .put("citizen", new JsonObject().put("delivered", citizenDelivered).put("read", citizenRead))
        .put("staff", new JsonObject().put("delivered", staffDelivered).put("read", staffRead));
  }

  JsonObject typing(UUID id, Participation from, Identity who) {
    return new JsonObject().put("kind", "typing").put("conversationId", id.toString())
        .put("authorRole", from.authorRole()).put("authorName", who.displayName());
  }

  JsonObject receiptSignal(UUID id, Participation from, JsonObject marks) {
    return new JsonObject().put("kind", "receipt").put("conversationId", id.toString())
        .put("byRole", from == Participation.OWNER ? "citizen" : "staff")
        .put("delivered", marks.getLong("delivered")).put("read", marks.getLong("read"));
  }

  JsonObject heartbeat(JsonObject profile, int presenceSeconds) {
    return new JsonObject().put("profile", profile).put("heartbeatSeconds", Math.max(1, presenceSeconds / 3));
  }

  JsonObject items(JsonArray items) {
    return new JsonObject().put("items", items);
  }

  /** One waiting conversation's place and estimated wait (null when nobody who could take it is online). */
  JsonObject queueInfo(Waiting w, long averageHandleSeconds) {
    OptionalLong wait = WaitEstimate.seconds(w.position(), w.capacity(), w.free(), averageHandleSeconds);
    return new JsonObject().put("position", w.position()).put("staffOnline", w.capacity() > 0)
        .put("estimatedWaitSeconds", wait.isPresent() ? wait.getAsLong() : null);
  }

  /** For the staff's queue feed: how many wait, per topic. */
  JsonObject queueSummary(List<Waiting> waiting) {
    JsonObject byTopic = new JsonObject();
    for (Waiting w : waiting) {
      byTopic.put(w.topic(), byTopic.getInteger(w.topic(), 0) + 1);
    }
    return new JsonObject().put("kind", "queue-summary").put("waiting", waiting.size()).put("byTopic", byTopic);
  }

  /** The plain-text transcript of what the citizen saw ({@code events} in the public numbering). */
  String transcript(Conversation c, List<ChatEvent> events) {
    List<Transcript.Line> lines = events.stream().map(e -> new Transcript.Line(e.at(), e.kind(), e.authorRole(),
        e.authorName(), transcriptText(e))).toList();
    return Transcript.render(topicLabel(c.topic()), c.createdAt(), lines);
  }

  private String transcriptText(ChatEvent e) {
    JsonObject body = e.body();
    return switch (e.kind()) {
      case MESSAGE -> body.getString("text");
      case TRANSFERRED -> body.getString("toName", body.getString("toTeamLabel"));
      case RATED -> body.getInteger("score") + "/5";
      case CALLBACK_REQUESTED -> body.getString("phone");
      default -> null;
    };
  }

  /** A topic's name as the transcript and summaries show it (Italian). */
  String topicLabel(String topic) {
    return areas.label(topic, "it");
  }
}
