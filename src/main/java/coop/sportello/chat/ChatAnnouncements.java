package coop.sportello.chat;

import coop.sportello.chat.domain.BusinessHours;
import coop.sportello.people.PeopleService;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What the chat tells a citizen away from the screen (issue 19), as outbox rows that the
 * notifications relay turns into messages: a call-back they asked for, and a reply waiting for them
 * ({@link ChatRepository#announceRepliesWaiting}). Never the words of the conversation: they can be
 * sensitive, and the message only says where to read them.
 */
final class ChatAnnouncements {

  static final String CALLBACK_SCHEDULED = "chat.callback-scheduled";
  static final String REPLY_WAITING = "chat.reply-waiting";
  /** The outbox recipient of someone with no account, reached on the number in the payload only. */
  static final String BY_PHONE = "phone";

  /** One outbox row. */
  record Row(String topic, String recipient, JsonObject payload) { }

  private ChatAnnouncements() { }

  /**
   * The call-back request {@code requested} (body {phone, when?}) of the conversation's
   * {@code owner}: to their account, or, for someone without one (a visitor at a kiosk), by SMS to
   * the number they left. {@code callbackAt} only when {@code when} names an instant; the words
   * someone typed ("domani mattina") stay in the chat.
   */
  static Row callbackScheduled(ChatEvent requested, String owner) {
    JsonObject payload = new JsonObject()
        .put("requestId", requested.conversationId() + ":" + requested.seq())
        .put("conversationId", requested.conversationId().toString());
    instant(requested.body().getString("when")).ifPresent(at -> payload.put("callbackAt", at.toString()));
    if (PeopleService.account(owner).isPresent()) {
      return new Row(CALLBACK_SCHEDULED, owner, payload);
    }
    return new Row(CALLBACK_SCHEDULED, BY_PHONE, payload.put("phone", requested.body().getString("phone")));
  }

  private static Optional<OffsetDateTime> instant(String when) {
    if (when == null) {
      return Optional.empty();
    }
    try {
      // In Rome's offset, as the call centre's hours are: the message shows the wall-clock time it carries.
      return Optional.of(OffsetDateTime.parse(when.strip()).atZoneSameInstant(BusinessHours.ROME).toOffsetDateTime());
    } catch (DateTimeParseException notAnInstant) {
      return Optional.empty();
    }
  }
}
