package coop.sportello.notifications.domain;

/**
 * What a message tells its person. Essential ones (a booking's fate, a place offered, a call-back
 * promised) are sent whatever the person unsubscribed from; optional ones (reminders, a chat reply
 * waiting) stop with the unsubscribe link every message carries. Transactional ones (an account's
 * links and notices) go by e-mail at once, whatever the person's channels and quiet hours: they
 * answer what the person has just done, or warn them about their account.
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
  CALL_CALLBACK("call.callback-scheduled", true),
  ACCOUNT_VERIFY_EMAIL("account.verify-email", true, true),
  ACCOUNT_PASSWORD_RESET("account.password-reset", true, true),
  ACCOUNT_ALREADY_REGISTERED("account.already-registered", true, true),
  ACCOUNT_EMAIL_CHANGED("account.email-changed", true, true),
  ACCOUNT_INVITATION("account.invitation", true, true),
  /** An application to a bando: received (with its protocol), to be completed, admitted, rejected, paid. */
  BANDO_SUBMITTED("bando.submitted", true),
  BANDO_INCOMPLETE("bando.incomplete", true),
  BANDO_ADMITTED("bando.admitted", true),
  BANDO_REJECTED("bando.rejected", true),
  BANDO_PAID("bando.paid", true);

  private final String wireName;
  private final boolean essential;
  private final boolean transactional;

  MessageKind(String wireName, boolean essential) {
    this(wireName, essential, false);
  }

  MessageKind(String wireName, boolean essential, boolean transactional) {
    this.wireName = wireName;
    this.essential = essential;
    this.transactional = transactional;
  }

  /** The name stored with the message and used as the webhook event type. */
  public String wireName() {
    return wireName;
  }

  public boolean essential() {
    return essential;
  }

  /** Sent by e-mail only, at once, whatever the channels and quiet hours the person chose. */
  public boolean transactional() {
    return transactional;
  }
}
