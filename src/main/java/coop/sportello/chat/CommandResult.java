package coop.sportello.chat;

import coop.sportello.chat.domain.Conversation;

/**
 * What a chat command did: gave back the first answer to a client id used before, or stored new
 * events. Either way the answer shows one event and the conversation.
 */
sealed interface CommandResult {

  /** The event the answer shows. */
  ChatEvent event();

  /** The conversation as the command found it (before the change, for stored events). */
  Conversation conversation();

  /** Whether nothing changed because the client id was used before. */
  boolean replayed();

  /** The caller used this client id here before: its first event comes back and nothing changes. */
  record Replayed(ChatEvent event, Conversation conversation) implements CommandResult {
    @Override
    public boolean replayed() {
      return true;
    }
  }

  /** New events, published after commit. */
  record Stored(ChatChanges changes) implements CommandResult {
    @Override
    public ChatEvent event() {
      return changes.last();
    }

    @Override
    public Conversation conversation() {
      return changes.before();
    }

    @Override
    public boolean replayed() {
      return false;
    }
  }
}
