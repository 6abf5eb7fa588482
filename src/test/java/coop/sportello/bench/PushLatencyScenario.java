package coop.sportello.bench;

import coop.sportello.catalog.CatalogAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static coop.sportello.bench.BenchApp.await;

/**
 * From commit to screen: N WebSocket clients (guest tickets, SockJS raw WebSocket) subscribe to
 * one service's availability; the benchmark commits changes to a slot's places and measures, for
 * every client and every change, the time from just before the committing statement to the
 * client receiving the new count.
 */
final class PushLatencyScenario implements Scenario {

  private static final int WARM_UP = 5;
  private static final int CHANGES = 20;
  private final int clients;

  PushLatencyScenario(int clients) {
    this.clients = clients;
  }

  @Override
  public String name() {
    return "push-" + clients;
  }

  @Override
  public String description() {
    return "availability push latency, commit to " + clients + " subscribed WebSocket clients, " + CHANGES
        + " changes after " + WARM_UP + " warm-up changes";
  }

  @Override
  public List<String> run() throws Exception {
    try (BenchApp bench = BenchApp.start(new JsonObject())) {
      UUID slot = seedSlot(bench);
      UUID service = await(bench.app.pool().preparedQuery("SELECT service_id FROM slots WHERE id = $1")
          .execute(Tuple.of(slot))).iterator().next().getUUID(0);
      Vertx clientVertx = Vertx.vertx();
      WebClient web = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(bench.app.port()));
      WebSocketClient sockets = clientVertx.createWebSocketClient(new WebSocketClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(bench.app.port()).setMaxConnections(clients + 10));
      ConcurrentHashMap<Integer, Long> committedAt = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      AtomicInteger received = new AtomicInteger();
      String address = CatalogAddresses.service(service.toString());
      List<WebSocket> open = new java.util.concurrent.CopyOnWriteArrayList<>();
      // Like vertx-eventbus.js, ping every 5 s: the bridge closes sockets silent for 10 s.
      long pinger = clientVertx.setPeriodic(5_000, id -> open.forEach(ws ->
          ws.writeTextMessage("{\"type\":\"ping\"}")));
      for (int batch = 0; batch < clients; batch += 250) {
        List<Future<WebSocket>> connecting = new ArrayList<>();
        for (int i = batch; i < Math.min(clients, batch + 250); i++) {
          connecting.add(web.post("/api/v1/auth/bridge-ticket/guest").send().compose(r ->
              sockets.connect("/eventbus/websocket?ticket=" + r.bodyAsJsonObject().getString("ticket"))).map(ws -> {
                ws.handler(data -> {
                  long now = System.nanoTime();
                  // The clients share the server's 2 cores: read just the count, not the whole frame.
                  String text = data.toString();
                  int at = text.indexOf("\"free\":");
                  if (text.startsWith("{\"type\":\"rec\"") && at > 0) {
                    int end = at + 7;
                    while (Character.isDigit(text.charAt(end))) {
                      end++;
                    }
                    Long start = committedAt.get(100 - Integer.parseInt(text.substring(at + 7, end)));
                    if (start != null) {
                      latencies.add(now - start);
                      received.incrementAndGet();
                    }
                  }
                });
                ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
                return ws;
              }));
        }
        for (Object ws : await(Future.all(connecting)).list()) {
          open.add((WebSocket) ws);
        }
      }
      Thread.sleep(2_000); // registrations settle
      for (int change = 1; change <= WARM_UP + CHANGES; change++) {
        int target = received.get() + clients;
        if (change == WARM_UP + 1) {
          latencies.clear(); // the first changes warm up the JIT on both sides
        }
        committedAt.put(change, System.nanoTime());
        await(bench.app.pool().preparedQuery("UPDATE slots SET taken = $2 WHERE id = $1").execute(Tuple.of(slot, change)));
        long deadline = System.currentTimeMillis() + 10_000;
        while (received.get() < target && System.currentTimeMillis() < deadline) {
          Thread.sleep(5);
        }
        Thread.sleep(100);
      }
      clientVertx.cancelTimer(pinger);
      long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
      for (WebSocket ws : open) {
        ws.close();
      }
      await(clientVertx.close());
      return List.of(String.format("%d clients x %d changes: %d deliveries (%d expected)", clients, CHANGES, nanos.length,
              (long) clients * CHANGES),
          "latency " + new Stats(nanos).summary() + " (target p99 < 100 ms at 5,000 clients)");
    }
  }

  private static UUID seedSlot(BenchApp bench) throws Exception {
    await(bench.app.pool().query("""
        INSERT INTO municipalities (istat_code, name, province) VALUES ('016024', 'Bergamo', 'BG');
        INSERT INTO providers (name, vat_number, municipality) VALUES ('Cooperativa Benchmark', '12345678901', '016024');
        INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, audience, address)
          SELECT id, 'childhood', 'Centro estivo', 'Giornate all''aperto per bambini.', 2500, 'week', 'at_place', 'children', 'Via Roma 1'
            FROM providers;
        INSERT INTO resources (provider_id, name, kind, capacity) SELECT id, 'Campo', 'group', 100 FROM providers;
        INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity)
          SELECT s.id, r.id, now() + interval '3 days', now() + interval '3 days 8 hours', 100 FROM services s, resources r
        """).execute());
    return await(bench.app.pool().query("SELECT id FROM slots").execute()).iterator().next().getUUID(0);
  }
}
