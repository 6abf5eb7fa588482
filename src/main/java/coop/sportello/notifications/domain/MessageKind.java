package coop.sportello.notifications.domain;

/**
 * What a message tells its person. Essential ones (a booking's fate, a place offered, a call-back
 * promised) are sent whatever the person unsubscribed from; optional ones (reminders, a chat reply
 * waiting) stop with the unsubscribe link every message carries.
 */
public enum MessageKind {
  HELD_FOR_YOU("booking.held-for-you", true),
  CONFIRMED("booking.confirmed", true),
  CANCELLED("booking.cancelled", true),
  RESCHEDULED("booking.rescheduled", true),
  WAITLIST_OFFER("booking.waitlist-offer", true),
  REMINDER("booking.reminder", false),
  CHAT_REPLY_WAITING("chat.reply-waiting", false),
  CHAT_CALLBACK("chat.callback-scheduled", true),
  CALL_CALLBACK("call.callback-scheduled", true);

  private final String wireName;
  private final boolean essential;

  MessageKind(String wireName, boolean essential) {
    this.wireName = wireName;
    this.essential = essential;
  }

  /** The name stored with the message and used as the webhook event type. */
  public String wireName() {
    return wireName;
  }

  public boolean essential() {
    return essential;
  }
}
