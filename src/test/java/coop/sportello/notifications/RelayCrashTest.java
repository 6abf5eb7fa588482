package coop.sportello.notifications;

import coop.sportello.Application;
import coop.sportello.platform.SportelloVertx;
import coop.sportello.testing.FreezableProxy;
import coop.sportello.testing.TestApp;
import coop.sportello.testing.TestPostgres;
import coop.sportello.testing.TestSmtp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose relay dies in the middle of a batch, and another node that takes over: every
 * message reaches the SMTP server, none twice. The crash is placed with a proxy between the relay
 * and the server: the first test kills the node while messages are half-way through SMTP (the
 * server discards them; the new node sends them again); the second kills it in the one window no
 * relay can close — the server accepted a message but its "250 OK" never came back — and shows the
 * copy sent again carries the same Message-ID, which is what a receiver that dedupes relies on.
 */
class RelayCrashTest {

  private static final int MESSAGES = 300;
  private final TestSmtp smtp = new TestSmtp();
  private final String database = TestPostgres.freshDatabaseUrl();
  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<Application> running = new ArrayList<>();

  @AfterEach
  void stop() {
    for (Application app : running) {
      try {
        await(app.stop());
      } catch (AssertionError ignored) {
        // a node killed on purpose has nothing left to stop
      }
    }
    vertxes.forEach(v -> v.close());
    smtp.close();
  }

  private Application node(int smtpPort) {
    Vertx vertx = SportelloVertx.create();
    vertxes.add(vertx);
    JsonObject notifications = new JsonObject().put("planMillis", 50).put("sendMillis", 50).put("batchSize", 50)
        .put("leaseSeconds", 2).put("retryBaseSeconds", 1)
        .put("email", new JsonObject().put("host", "127.0.0.1").put("port", smtpPort).put("starttls", "disabled")
            .put("maxConnections", 4));
    return await(TestApp.start(vertx, new JsonObject().put("database", new JsonObject().put("url", database))
        .put("notifications", notifications)), 120);
  }

  /** Queued e-mails, as the planner writes them; their ids. */
  private static Set<String> queue(Pool pool, int count) {
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(Tuple.of("persona" + i + "@cittadini.example.org", new JsonObject().put("subject", "Promemoria " + i)
          .put("text", "Testo " + i).put("html", "<p>Testo " + i + "</p>")));
    }
    await(pool.preparedQuery("""
            INSERT INTO notification_messages (kind, channel, address, language, content)
            VALUES ('booking.reminder', 'email', $1, 'it', $2)""").executeBatch(rows));
    return await(pool.query("SELECT id FROM notification_messages").execute()).stream()
        .map(r -> r.getUUID(0).toString()).collect(Collectors.toSet());
  }

  private static long sent(Pool pool) {
    return await(pool.query("SELECT count(*) FROM notification_messages WHERE status = 'sent'").execute()).iterator().next().getLong(0);
  }

  /** Message-ID (without brackets and domain) → how many copies the server received. */
  private Map<String, Integer> copiesById() {
    Map<String, Integer> copies = new HashMap<>();
    for (MimeMessage m : smtp.received()) {
      try {
        String id = m.getHeader("Message-ID")[0].replaceAll("^<|@.*$", "");
        copies.merge(id, 1, Integer::sum);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return copies;
  }

  @Test
  void aNodeKilledMidBatchLeavesNothingUnsentAndNothingSentTwice() {
    Vertx testVertx = SportelloVertx.create();
    vertxes.add(testVertx);
    FreezableProxy proxy = await(FreezableProxy.start(testVertx, smtp.port()));
    Application first = node(proxy.port());
    Set<String> ids = queue(first.pool(), MESSAGES);

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> smtp.received().size() >= MESSAGES / 3);
    proxy.freezeUpstream();
    // Every message the server has accepted is answered and recorded; the ones under way hang.
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sent(first.pool()) == smtp.received().size());
    long sentBeforeCrash = sent(first.pool());
    assertTrue(sentBeforeCrash < MESSAGES, "the crash comes mid-batch");
    // The crash: the node's Vert.x goes away without stopping the application; its connections drop.
    await(vertxes.get(1).close());
    proxy.cut();

    Application second = node(smtp.port());
    running.add(second);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sent(second.pool()) == MESSAGES);

    Map<String, Integer> copies = copiesById();
    assertEquals(ids, copies.keySet(), "every message reached the server");
    assertEquals(Map.of(), copies.entrySet().stream().filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "none twice");
    assertEquals(MESSAGES, smtp.received().size());
  }

  @Test
  void aMessageAcceptedButNeverAcknowledgedGoesAgainWithTheSameMessageId() {
    Vertx testVertx = SportelloVertx.create();
    vertxes.add(testVertx);
    FreezableProxy proxy = await(FreezableProxy.start(testVertx, smtp.port()));
    Application first = node(proxy.port());
    int count = 200;
    Set<String> ids = queue(first.pool(), count);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> smtp.received().size() >= 5);
    // The server's answers stop just after a message has reached it: that one (and any other the
    // server accepts from then on) the relay never hears of.
    proxy.freezeDownstreamAfterNextMessage();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(proxy::downstreamFrozen);
    // Wait until nothing moves any more: what the server holds and what the relay recorded.
    long[] last = {-1, -1};
    Awaitility.await().pollInterval(Duration.ofMillis(300)).atMost(Duration.ofSeconds(20)).until(() -> {
      long received = smtp.received().size();
      long recorded = sent(first.pool());
      boolean still = received == last[0] && recorded == last[1];
      last[0] = received;
      last[1] = recorded;
      return still;
    });
    long unacknowledged = last[0] - last[1];
    assertTrue(unacknowledged > 0, "the server holds messages the relay never heard it accept");
    await(vertxes.get(1).close());
    proxy.cut();

    Application second = node(smtp.port());
    running.add(second);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sent(second.pool()) == count);

    Map<String, Integer> copies = copiesById();
    assertEquals(ids, copies.keySet(), "every message reached the server");
    long twice = copies.values().stream().filter(n -> n > 1).count();
    assertEquals(unacknowledged, twice, "exactly the accepted-but-unacknowledged ones went twice");
    assertTrue(copies.values().stream().allMatch(n -> n <= 2));
  }
}
