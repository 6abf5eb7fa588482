package coop.sportello.bench;

import coop.sportello.catalog.CatalogAddresses;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static coop.sportello.bench.BenchApp.await;

/**
 * From commit to screen: N WebSocket clients (guest tickets, SockJS raw WebSocket) subscribe to
 * one service's availability; the benchmark commits changes to a slot's places and measures, for
 * every client and every change, the time from just before the committing statement to the
 * client receiving the new count. The screens are {@link PushClientsMain}, a process of their own
 * with one thread for all sockets; where {@code taskset} exists, Sportello and PostgreSQL are
 * pinned to one CPU and the screens to the other, as if the screens were other machines (the
 * server side then has half of this machine).
 */
final class PushLatencyScenario implements Scenario {

  private static final int WARM_UP = 5;
  private static final int CHANGES = 50;
  /** Half the machine for the server side, half for the screens: as if they were elsewhere. */
  private static final String SERVER_CPU = "0";
  private static final String CLIENT_CPU = "1";
  private static final String ALL_CPUS = "0-" + (Runtime.getRuntime().availableProcessors() - 1);
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
      String address = CatalogAddresses.service(service.toString());
      long[] committedAt = new long[WARM_UP + CHANGES + 1];
      // Per change, the first and the last screen to hear of it: how long the commit took to reach
      // the node, and how long the node took to reach every screen.
      long[] first = new long[committedAt.length];
      long[] last = new long[committedAt.length];
      boolean pinned = Boolean.getBoolean("bench.pin") && CpuPinning.available();
      if (pinned) {
        CpuPinning.pin(ProcessHandle.current().pid(), SERVER_CPU);
        CpuPinning.pinPostgres(bench, SERVER_CPU);
      }
      List<String> command = new ArrayList<>();
      if (pinned) {
        command.addAll(List.of("taskset", "-c", CLIENT_CPU));
      }
      command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", classesOf(LeanWebSocketClients.class),
          PushClientsMain.class.getName(), "127.0.0.1", String.valueOf(bench.app.port()), address, String.valueOf(clients)));
      Process screens = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      List<Long> latencies = new ArrayList<>();
      try (BufferedReader fromScreens = new BufferedReader(new InputStreamReader(screens.getInputStream(), StandardCharsets.US_ASCII));
           PrintStream toScreens = new PrintStream(screens.getOutputStream(), true, StandardCharsets.US_ASCII)) {
        String ready = fromScreens.readLine();
        if (ready == null || !ready.startsWith("READY")) {
          throw new IllegalStateException("the screens did not start: " + ready);
        }
        Thread.sleep(2_000); // registrations settle
        for (int change = 1; change <= WARM_UP + CHANGES; change++) {
          committedAt[change] = System.nanoTime();
          await(bench.app.pool().preparedQuery("UPDATE slots SET taken = $2 WHERE id = $1").execute(Tuple.of(slot, change)));
          long deadline = System.currentTimeMillis() + 10_000;
          while (System.currentTimeMillis() < deadline) {
            toScreens.println("COUNT");
            if (Long.parseLong(fromScreens.readLine().substring(6)) >= (long) change * clients) {
              break;
            }
            Thread.sleep(5);
          }
          Thread.sleep(100);
        }
        toScreens.println("STOP");
        long n = Long.parseLong(fromScreens.readLine());
        Arrays.fill(first, Long.MAX_VALUE);
        for (long i = 0; i < n; i++) {
          String[] pair = fromScreens.readLine().split(" ");
          int change = 100 - Integer.parseInt(pair[0]);
          if (change > WARM_UP && change < committedAt.length) {
            long latency = Long.parseLong(pair[1]) - committedAt[change];
            latencies.add(latency);
            first[change] = Math.min(first[change], latency);
            last[change] = Math.max(last[change], latency);
          }
        }
      } finally {
        screens.waitFor(30, TimeUnit.SECONDS);
        screens.destroy();
        if (pinned) {
          CpuPinning.pin(ProcessHandle.current().pid(), ALL_CPUS);
          CpuPinning.pinPostgres(bench, ALL_CPUS);
        }
      }
      long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
      return List.of(String.format("%d clients x %d changes: %d deliveries (%d expected)%s", clients, CHANGES, nanos.length,
              (long) clients * CHANGES, pinned ? "; Sportello and PostgreSQL on CPU " + SERVER_CPU + ", the screens on CPU "
                  + CLIENT_CPU : "; screens and server share the CPUs (no taskset)"),
          "latency " + new Stats(nanos).summary() + " (target p99 < 100 ms at 5,000 clients)",
          "per change, first screen reached: " + new Stats(Arrays.copyOfRange(first, WARM_UP + 1, first.length)).summary()
              + "; last screen reached: " + new Stats(Arrays.copyOfRange(last, WARM_UP + 1, last.length)).summary());
    }
  }

  /** The directory or jar a class was loaded from: the screens need only the JDK and this package. */
  private static String classesOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
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
