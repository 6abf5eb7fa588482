package coop.sportello.chat;

import coop.sportello.chat.domain.Conversation;

import java.util.List;
import java.util.Set;

/**
 * Events a transaction stored, published once it has committed ({@link ChatFeeds#deliver}).
 *
 * @param before  the conversation as the transaction found it: its owner and manager hear the events
 * @param staff   managers who hear them besides (one a conversation was offered or moved to)
 * @param routing the change put a conversation back in the queue or freed a manager: routing runs again
 */
record ChatChanges(List<ChatEvent> events, Conversation before, Set<String> staff, boolean routing) {

  ChatChanges {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a change stores at least one event");
    }
    events = List.copyOf(events);
    staff = Set.copyOf(staff);
  }

  static ChatChanges of(Conversation before, ChatEvent event, boolean routing) {
    return new ChatChanges(List.of(event), before, Set.of(), routing);
  }

  /** The event a command's answer shows: the last one stored. */
  ChatEvent last() {
    return events.get(events.size() - 1);
  }
}
