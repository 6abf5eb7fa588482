package coop.sportello.notifications;

import coop.sportello.notifications.domain.Announcement;
import coop.sportello.notifications.domain.Content;
import coop.sportello.notifications.domain.Links;
import coop.sportello.notifications.domain.Planner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans outbox rows into messages: one short transaction claims a batch of rows (SKIP LOCKED, so
 * nodes share the work without waiting on each other), writes every message they yield and marks
 * them planned. A node that dies mid-batch rolls the whole batch back and another plans it again;
 * a row is never planned twice.
 */
final class OutboxPlanning {

  private final Pool pool;
  private final NotificationRepository repository;
  private final Links links;
  private final String network;
  private final Clock clock;
  private final List<MessageFanOut> fanOuts;

  /** Further messages an outbox row yields besides its person's (the organisations' webhooks). */
  interface MessageFanOut {
    Future<List<NotificationRepository.NewMessage>> messagesFor(io.vertx.sqlclient.SqlClient tx, List<Row> rows);
  }

  OutboxPlanning(Pool pool, NotificationRepository repository, Links links, String network, Clock clock,
                 List<MessageFanOut> fanOuts) {
    this.pool = pool;
    this.repository = repository;
    this.links = links;
    this.network = network;
    this.clock = clock;
    this.fanOuts = List.copyOf(fanOuts);
  }

  /** Plans up to {@code limit} rows; answers how many were planned. */
  Future<Integer> planBatch(int limit) {
    return pool.withTransaction(tx -> repository.claimUnplanned(tx, limit).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(0);
      }
      List<Row> claimed = new ArrayList<>(rows.size());
      List<Long> ids = new ArrayList<>(rows.size());
      List<NotificationRepository.NewMessage> messages = new ArrayList<>();
      for (Row row : rows) {
        claimed.add(row);
        ids.add(row.getLong("id"));
        OutboxRows.Read read = OutboxRows.read(row, network);
        read.announcement().ifPresent(a -> {
          for (Planner.Planned p : Planner.plan(a, read.recipient(), clock.instant(), links, network)) {
            messages.add(new NotificationRepository.NewMessage(read.outboxId(), a.kind().wireName(), p.channel().wireName(),
                read.recipientAccount().orElse(null), p.address(), p.language().code(), stored(p, a), p.notBefore()));
          }
        });
      }
      Future<Void> extra = Future.succeededFuture();
      for (MessageFanOut fanOut : fanOuts) {
        extra = extra.compose(v -> fanOut.messagesFor(tx, claimed).compose(more -> repository.insertMessages(tx, more)));
      }
      return extra.compose(v -> repository.insertMessages(tx, messages))
          .compose(v -> repository.markPlanned(tx, ids))
          .map(ids.size());
    }));
  }

  /** What a message keeps of its words: an e-mail its three parts and sender, an SMS its one line. */
  private static JsonObject stored(Planner.Planned p, Announcement a) {
    Content c = p.content();
    return switch (p.channel()) {
      case SMS -> new JsonObject().put("sms", c.sms());
      case EMAIL -> new JsonObject().put("subject", c.subject()).put("text", c.text()).put("html", c.html())
          .put("senderName", a.sender().name()).put("replyTo", a.sender().replyTo().orElse(null))
          .put("unsubscribeUrl", c.unsubscribeUrl().orElse(null));
      case WEBHOOK -> throw new IllegalStateException("people are not sent webhooks");
    };
  }
}
