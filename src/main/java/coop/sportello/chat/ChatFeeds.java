package coop.sportello.chat;

import coop.sportello.chat.domain.Conversation;
import coop.sportello.chat.domain.Participation;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.AfterCommit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What the chat tells the sockets of every node, always after the change is stored: events to the
 * feeds of the people they concern, ephemeral signals, and "the queue changed". Everything goes
 * through {@link NodeBus} (see there for why not by address).
 */
final class ChatFeeds {

  private final NodeBus nodes;

  ChatFeeds(NodeBus nodes) {
    this.nodes = nodes;
  }

  /**
   * One transaction: what {@code work} queues on its {@link AfterCommit} runs once the transaction
   * has committed, and never when it rolled back.
   */
  static <T> Future<T> transaction(Pool pool, BiFunction<SqlConnection, AfterCommit, Future<T>> work) {
    return AfterCommit.transaction(pool, work);
  }

  /** Every stored event of a change, then "the queue changed". */
  void deliver(ChatChanges changes) {
    for (ChatEvent e : changes.events()) {
      deliver(e, changes.before(), changes.staff());
    }
    queueChanged();
  }

  /**
   * To the owner (what they may see), to the conversation's manager before the change and to any
   * new one, and to the supervisors' feed. Clients order by sequence number and fill any gap by
   * resuming, so publishing order across nodes does not matter.
   */
  void deliver(ChatEvent e, Conversation before, Set<String> alsoStaff) {
    Map<String, Object> out = new LinkedHashMap<>();
    JsonObject citizenView = e.citizenView(before.owner());
    if (citizenView != null) {
      out.put(ChatAddresses.inbox(before.owner()), citizenView);
    }
    JsonObject staffView = e.staffView();
    Set<String> staff = new LinkedHashSet<>(alsoStaff);
    if (before.manager() != null) {
      staff.add(before.manager());
    }
    for (String subject : staff) {
      out.put(ChatAddresses.inbox(subject), staffView);
    }
    out.put(ChatAddresses.SUPERVISION, staffView);
    nodes.publish(out);
  }

  /** Ephemeral signals (typing, receipts): to the other side of the conversation, not stored in order. */
  void signal(Conversation c, Participation from, JsonObject signal) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (from != Participation.OWNER) {
      out.put(ChatAddresses.inbox(c.owner()), signal);
    }
    if (c.manager() != null && from != Participation.MANAGER) {
      out.put(ChatAddresses.inbox(c.manager()), signal);
    }
    out.put(ChatAddresses.SUPERVISION, signal);
    nodes.publish(out);
  }

  /**
   * After a change to the queue: every node (this one included) recomputes positions soon (see
   * {@link QueuePositions}). Each node tells only its own sockets, so on a clustered bus nobody
   * hears the same position twice, and a citizen connected to another node than the one that made
   * the change is told at once.
   */
  void queueChanged() {
    nodes.publish(ChatAddresses.QUEUE_CHANGED, null);
  }
}
