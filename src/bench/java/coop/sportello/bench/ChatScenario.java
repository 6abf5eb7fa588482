package coop.sportello.bench;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static coop.sportello.bench.BenchApp.await;

/**
 * Chat under load over real WebSockets: 250 welfare managers (cap 20 each) in 5,000 accepted
 * conversations with as many citizens, and idle citizens with the widget open up to 10,000
 * sockets; then citizens and
 * managers write at a fixed aggregate rate (open loop), and a chaos run drops citizens' sockets
 * while they write. The people are {@link ChatClientsMain}, a process of their own with one thread
 * for all sockets, as the push scenario's screens are; they get bridge tickets minted here (in
 * process, for synthetic identities) through their standard input, also when they reconnect.
 *
 * <p>At the end, every conversation's events in the database (in public sequence order) are
 * compared with what its people sent and received: nothing lost, nothing stored twice, nothing out
 * of order. Options: {@code -Dbench.chat.rate=2000} (messages/s, both sides together),
 * {@code -Dbench.chat.rates=2000,1500} (several load steps), {@code -Dbench.pool=16},
 * {@code -Dbench.pin=true} (server and PostgreSQL on CPU 0, the people on CPU 1), {@code -Dbench.nodes=2}
 * (two clustered nodes on the same database, the people spread over both).
 */
final class ChatScenario implements Scenario {

  /** Sizes and durations; the -Dbench.chat.* properties are for trying things out on a smaller scale. */
  private static final int MANAGERS = Integer.getInteger("bench.chat.managers", 250);
  private static final int CAP = 20;
  private static final int CONVERSATIONS = MANAGERS * CAP;
  private static final int SOCKETS = Integer.getInteger("bench.chat.sockets", 10_000);
  private static final int WARM_UP_S = Integer.getInteger("bench.chat.warmUp", 10);
  private static final int MEASURE_S = Integer.getInteger("bench.chat.measure", 30);
  private static final int CHAOS_S = Integer.getInteger("bench.chat.chaos", 30);
  private static final int DROP_EVERY_MS = 100;
  private static final int OFFLINE_MIN_MS = 500;
  private static final int OFFLINE_MAX_MS = 2_000;
  private static final int POOL = Integer.getInteger("bench.pool", 16);
  private static final String SERVER_CPU = "0";
  private static final String CLIENT_CPU = "1";
  private static final String ALL_CPUS = "0-" + (Runtime.getRuntime().availableProcessors() - 1);

  @Override
  public String name() {
    return "chat";
  }

  @Override
  public String description() {
    return "chat over WebSockets: " + CONVERSATIONS + " conversations (" + MANAGERS + " managers x " + CAP + "), "
        + SOCKETS + " sockets in all, messages at a fixed rate, then a chaos run dropping citizens' sockets every "
        + DROP_EVERY_MS + " ms; every conversation checked against the database";
  }

  @Override
  public List<String> run() throws Exception {
    List<Double> rates = new ArrayList<>();
    for (String r : System.getProperty("bench.chat.rates", System.getProperty("bench.chat.rate", "2000")).split(",")) {
      rates.add(Double.parseDouble(r.trim()));
    }
    JsonObject overrides = new JsonObject()
        .put("chat", new JsonObject().put("businessHours", new JsonArray().add("MON-SUN 00:00-24:00"))
            .put("presenceSeconds", 60).put("graceSeconds", 600).put("offerSeconds", 600))
        .put("auth", new JsonObject().put("bridgeTicketSeconds", 900))
        .put("database", new JsonObject().put("poolSize", POOL));
    // Dropped sockets are the point of the chaos run; the bridge logs an ERROR with a stack trace for each.
    ch.qos.logback.classic.Logger bridgeLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
        .getLogger("io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl");
    ch.qos.logback.classic.Level bridgeLevel = bridgeLog.getLevel();
    bridgeLog.setLevel(ch.qos.logback.classic.Level.OFF);
    try (BenchApp bench = BenchApp.start(overrides)) {
      await(bench.app.pool().query("INSERT INTO chat_managers (subject, display_name, areas, languages, max_chats)"
          + " SELECT 'bench-manager-' || g, 'Manager ' || g,"
          + " ARRAY['education','childhood','elderly','work_life','health'], ARRAY['it'], " + CAP
          + " FROM generate_series(0, " + (MANAGERS - 1) + ") g").execute());
      boolean pinned = Boolean.getBoolean("bench.pin") && CpuPinning.available();
      if (pinned) {
        CpuPinning.pin(ProcessHandle.current().pid(), SERVER_CPU);
        CpuPinning.pinPostgres(bench, SERVER_CPU);
      }
      List<String> command = new ArrayList<>();
      if (pinned) {
        command.addAll(List.of("taskset", "-c", CLIENT_CPU));
      }
      int idle = SOCKETS - MANAGERS - CONVERSATIONS;
      command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx2g", "-cp",
          classesOf(ChatClientsMain.class), ChatClientsMain.class.getName(), "127.0.0.1", bench.ports(),
          String.valueOf(MANAGERS), String.valueOf(CONVERSATIONS), String.valueOf(idle)));
      Process people = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      List<String> lines = new ArrayList<>();
      lines.add(bench.describe());
      lines.add(pinned ? "Sportello and PostgreSQL on CPU " + SERVER_CPU + ", the people (load generator) on CPU " + CLIENT_CPU
          : "server, PostgreSQL and the people (load generator, one thread) share the 2 cores (no taskset)");
      try (Link link = new Link(bench, people)) {
        long minted = System.nanoTime();
        List<Future<Void>> tickets = new ArrayList<>();
        for (int i = 0; i < MANAGERS; i++) {
          tickets.add(link.ticket("m" + i));
        }
        for (int i = 0; i < CONVERSATIONS + idle; i++) {
          tickets.add(link.ticket("c" + i));
          if (tickets.size() >= 500) {
            await(Future.all(tickets));
            tickets.clear();
          }
        }
        await(Future.all(tickets));
        lines.add(String.format("%d bridge tickets minted in %.1f s", SOCKETS, (System.nanoTime() - minted) / 1e9));
        link.send("CONNECT");
        lines.addAll(link.results(300));
        List<long[]> windows = new ArrayList<>();
        for (double rate : rates) {
          link.send(String.format("LOAD %.0f %d %d", rate, WARM_UP_S, MEASURE_S));
          List<String> load = link.results(WARM_UP_S + MEASURE_S + 60);
          lines.addAll(load);
          windows.add(window(load));
          lines.add(stored(bench, "load at " + Math.round(rate) + "/s", windows.get(windows.size() - 1)));
        }
        double chaosRate = rates.get(0);
        link.send(String.format("CHAOS %.0f %d %d %d %d", chaosRate, CHAOS_S, DROP_EVERY_MS, OFFLINE_MIN_MS, OFFLINE_MAX_MS));
        List<String> chaos = link.results(CHAOS_S + 60);
        lines.addAll(chaos);
        lines.add(stored(bench, "chaos at " + Math.round(chaosRate) + "/s", window(chaos)));
        link.send("DUMP");
        lines.addAll(new Verdict(bench).check(link.observations(120)));
        link.send("STOP");
      } finally {
        people.waitFor(30, TimeUnit.SECONDS);
        people.destroy();
        if (pinned) {
          CpuPinning.pin(ProcessHandle.current().pid(), ALL_CPUS);
          CpuPinning.pinPostgres(bench, ALL_CPUS);
        }
      }
      return lines;
    } finally {
      bridgeLog.setLevel(bridgeLevel);
    }
  }

  /** [from epoch ms, length ms] of the window the people reported. */
  private static long[] window(List<String> results) {
    for (String line : results) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("window (\\d+) ms from epoch (\\d+)").matcher(line);
      if (m.find()) {
        return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))};
      }
    }
    throw new IllegalStateException("no window in " + results);
  }

  /** Messages stored per second in the window, counted in the database. */
  private static String stored(BenchApp bench, String name, long[] window) throws Exception {
    OffsetDateTime from = Instant.ofEpochMilli(window[0]).atOffset(ZoneOffset.UTC);
    OffsetDateTime to = Instant.ofEpochMilli(window[0] + window[1]).atOffset(ZoneOffset.UTC);
    long n = await(bench.app.pool().preparedQuery("SELECT count(*) FROM chat_events WHERE kind = 'message'"
        + " AND created_at >= $1 AND created_at < $2").execute(Tuple.of(from, to))).iterator().next().getLong(0);
    return String.format("%s: %d messages stored in the window by the database clock (%.0f/s)", name, n, n / (window[1] / 1000.0));
  }

  /** The directory or jar a class was loaded from: the people need only the JDK and this package. */
  private static String classesOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /**
   * The pipe to the people's process: commands and tickets down, results up; a ticket asked for
   * by a reconnecting person is minted and sent down at once, while other lines wait for whoever
   * reads them.
   */
  private static final class Link implements AutoCloseable {
    private final BenchApp bench;
    private final PrintStream toPeople;
    private final BlockingQueue<String> fromPeople = new LinkedBlockingQueue<>();
    private final Thread reader;

    Link(BenchApp bench, Process people) {
      this.bench = bench;
      this.toPeople = new PrintStream(people.getOutputStream(), false, StandardCharsets.UTF_8);
      BufferedReader in = new BufferedReader(new InputStreamReader(people.getInputStream(), StandardCharsets.UTF_8));
      reader = new Thread(() -> {
        try {
          String line;
          while ((line = in.readLine()) != null) {
            if (line.startsWith("TICKET ")) {
              ticket(line.substring(7)).onFailure(e -> System.err.println("chat: no ticket for a reconnect: " + e));
            } else {
              fromPeople.add(line);
            }
          }
        } catch (java.io.IOException e) {
          // the process is gone
        }
        fromPeople.add("EOF");
      }, "chat-people-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** A ticket for person {@code who} ({@code m<i>} manager, {@code c<i>} citizen), sent down the pipe. */
    Future<Void> ticket(String who) {
      boolean manager = who.startsWith("m");
      String index = who.substring(1);
      Identity identity = manager
          ? new Identity("bench-manager-" + index, Set.of(Role.WELFARE_MANAGER), null, "Manager " + index, null, null, null)
          : new Identity("bench-citizen-" + index, Set.of(Role.CITIZEN), null, "Cittadino " + index, null, null, null);
      return bench.app.module(coop.sportello.platform.auth.AuthModule.class).service().issueBridgeTicket(identity).map(t -> {
        send("T " + who + " " + t.getString("ticket"));
        return null;
      });
    }

    synchronized void send(String line) {
      toPeople.println(line);
      toPeople.flush();
    }

    /** The {@code R} lines up to {@code END}. */
    List<String> results(int timeoutSeconds) throws InterruptedException {
      List<String> out = new ArrayList<>();
      for (String line : until(timeoutSeconds)) {
        if (line.startsWith("R ")) {
          out.add(line.substring(2));
        }
      }
      return out;
    }

    List<String> observations(int timeoutSeconds) throws InterruptedException {
      return until(timeoutSeconds).stream().filter(l -> l.startsWith("OBS ")).toList();
    }

    private List<String> until(int timeoutSeconds) throws InterruptedException {
      List<String> out = new ArrayList<>();
      long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
      while (true) {
        String line = fromPeople.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null || line.equals("EOF")) {
          throw new IllegalStateException("the people did not answer in " + timeoutSeconds + " s; so far: " + out);
        }
        if (line.equals("END")) {
          return out;
        }
        out.add(line);
      }
    }

    @Override
    public void close() {
      toPeople.close();
    }
  }

  /**
   * Every conversation in the database against what its people sent and saw. Strict: any count
   * other than zero is a FAIL.
   */
  private static final class Verdict {
    private final BenchApp bench;

    Verdict(BenchApp bench) {
      this.bench = bench;
    }

    List<String> check(List<String> observations) throws Exception {
      Map<String, List<String>> stored = new HashMap<>();
      for (Row r : await(bench.app.pool().query("""
          SELECT conversation_id::text, public_seq, kind, split_part(body->>'text', ' ', 1)
            FROM chat_events WHERE public_seq IS NOT NULL ORDER BY conversation_id, public_seq""").execute())) {
        List<String> events = stored.computeIfAbsent(r.getString(0), k -> new ArrayList<>(List.of("-")));
        if (r.getLong(1) != events.size()) {
          throw new IllegalStateException("public sequence gap in the database itself: " + r.getString(0) + " at " + r.getLong(1));
        }
        events.add("message".equals(r.getString(2)) ? r.getString(3) : r.getString(2));
      }
      long sameClientIdTwice = await(bench.app.pool().query("""
          SELECT count(*) FROM (SELECT 1 FROM chat_events WHERE client_id IS NOT NULL
            GROUP BY conversation_id, author, client_id HAVING count(*) > 1) d""").execute()).iterator().next().getLong(0);
      long sameMessageTwice = await(bench.app.pool().query("""
          SELECT count(*) FROM (SELECT 1 FROM chat_events WHERE kind = 'message'
            GROUP BY conversation_id, split_part(body->>'text', ' ', 1) HAVING count(*) > 1) d""").execute())
          .iterator().next().getLong(0);
      long sent = 0;
      long acked = 0;
      long notStored = 0;
      long storedTwice = 0;
      long unknown = 0;
      long orderBroken = 0;
      long missedByCitizen = 0;
      long missedByManager = 0;
      long mismatched = 0;
      long beyond = 0;
      long overlap = 0;
      long ahead = 0;
      long conflicts = 0;
      long recovered = 0;
      long delivered = 0;
      for (String line : observations) {
        String[] f = line.split(" ");
        String id = f[1];
        overlap += Long.parseLong(f[2]);
        ahead += Long.parseLong(f[3]);
        conflicts += Long.parseLong(f[4]);
        int citizenSent = Integer.parseInt(f[5]);
        int managerSent = Integer.parseInt(f[7]);
        sent += citizenSent + managerSent;
        acked += Long.parseLong(f[6]) + Long.parseLong(f[8]);
        recovered += Long.parseLong(f[9]);
        List<String> seen = f[11].equals(".") ? List.of() : List.of(f[11].split(","));
        Set<String> managerMissing = f[12].equals(".") ? Set.of() : Set.of(f[12].split(","));
        List<String> db = stored.getOrDefault(id, List.of("-"));
        // Each message sent: stored once; each side's messages in the order that side sent them.
        Map<String, Integer> position = new HashMap<>();
        for (int seq = 1; seq < db.size(); seq++) {
          String key = db.get(seq);
          if (key.startsWith("c") || key.startsWith("m")) {
            if (position.put(key, seq) != null) {
              storedTwice++;
            }
            char side = key.charAt(0);
            int n = Integer.parseInt(key.substring(1));
            if (n > (side == 'c' ? citizenSent : managerSent)) {
              unknown++;
            }
          }
        }
        orderBroken += sideOrder(position, 'c', citizenSent);
        orderBroken += sideOrder(position, 'm', managerSent);
        for (int n = 1; n <= citizenSent; n++) {
          if (!position.containsKey("c" + n)) {
            notStored++;
          } else if (managerMissing.contains("c" + n)) {
            missedByManager++;
          }
        }
        for (int n = 1; n <= managerSent; n++) {
          if (!position.containsKey("m" + n)) {
            notStored++;
          }
        }
        // What the citizen holds (live and resumed, by sequence number) against the stored order.
        for (int seq = 1; seq < db.size(); seq++) {
          String held = seq - 1 < seen.size() ? seen.get(seq - 1) : "-";
          if (held.equals("-")) {
            missedByCitizen++;
          } else if (!held.equals(db.get(seq))) {
            mismatched++;
          } else {
            delivered++;
          }
        }
        beyond += Math.max(0, seen.size() - (db.size() - 1));
      }
      long conversationsInDb = stored.size();
      long lost = notStored + missedByCitizen + missedByManager;
      long duplicated = sameClientIdTwice + sameMessageTwice + storedTwice + conflicts;
      long disorder = orderBroken + mismatched + beyond + unknown;
      long unacked = sent - acked;
      boolean pass = lost == 0 && duplicated == 0 && disorder == 0 && unacked == 0
          && observations.size() == CONVERSATIONS && conversationsInDb == CONVERSATIONS;
      List<String> out = new ArrayList<>();
      out.add(String.format("verdict over the whole run (%d conversations observed, %d in the database): %d messages sent,"
              + " %d acknowledged; %d citizen-visible events held by citizens after merge, %d of them caught up by resume",
          observations.size(), conversationsInDb, sent, acked, delivered, recovered));
      out.add(String.format("lost: %d (sent but not stored %d, stored but never reached the citizen %d, citizen's message"
          + " never reached the manager %d)", lost, notStored, missedByCitizen, missedByManager));
      out.add(String.format("duplicated (same clientId stored twice): %d (by clientId in the database %d, same message"
              + " text stored twice %d, same message at two sequence numbers %d, two different events at one sequence number %d)",
          duplicated, sameClientIdTwice, sameMessageTwice, storedTwice, conflicts));
      out.add(String.format("out of order / gaps after merge: %d (a side's messages stored out of its sending order %d,"
          + " citizen's event differs from the stored one at its sequence number %d, events beyond the stored ones %d,"
          + " unknown messages %d)", disorder, orderBroken, mismatched, beyond, unknown));
      out.add(String.format("unacknowledged at the end: %d; overlap frames (same event live and in the catch-up, kept once): %d;"
          + " live frames that arrived ahead of a gap (filled later): %d", unacked, overlap, ahead));
      out.add((pass ? "PASS" : "FAIL") + String.format(": lost %d, duplicated %d, out of order %d, unacknowledged %d",
          lost, duplicated, disorder, unacked));
      return out;
    }

    /** How many of one side's messages are stored before one it sent earlier. */
    private static long sideOrder(Map<String, Integer> position, char side, int sent) {
      long broken = 0;
      int last = 0;
      for (int n = 1; n <= sent; n++) {
        Integer at = position.get(side + String.valueOf(n));
        if (at == null) {
          continue;
        }
        if (at < last) {
          broken++;
        }
        last = Math.max(last, at);
      }
      return broken;
    }
  }
}
