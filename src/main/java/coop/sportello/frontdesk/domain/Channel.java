package coop.sportello.frontdesk.domain;

import java.util.Locale;

/** Where a front-desk contact happened, as V55's {@code contact_outcomes.channel} holds it. */
public enum Channel {
  /** A phone call; its contact id is {@code calls.id}. */
  CALL,
  /** A chat conversation; its contact id is {@code chat_conversations.id} as text. */
  CHAT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
