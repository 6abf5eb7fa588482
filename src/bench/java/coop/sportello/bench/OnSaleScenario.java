package coop.sportello.bench;

import coop.sportello.platform.auth.AuthModule;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static coop.sportello.bench.BenchApp.await;

/**
 * Issue 24's on-sale rush: a guided visit of {@link #SEATS} seats goes on sale and {@link #BUYERS}
 * buyers (each a signed-in citizen of their own) ask for tickets in its first {@link #SECONDS}
 * seconds through the real HTTP API, open loop (buyer i starts at i × SECONDS / BUYERS whatever
 * the server's pace, timed from then): one, two or an intero and a ridotto each ({@code POST
 * /events/purchases}); a buyer who got their tickets held pays them at the cooperative at once
 * ({@code POST /bookings/:id/confirm}). Then: tickets sold against the seats (exactly SEATS), and
 * two door devices scanning every ticket sold at the same moment ({@code POST /door/admissions},
 * each scan from both doors at once): each ticket admitted exactly once.
 *
 * <p>Options: {@code -Dbench.onsale.buyers=2000}, {@code .seats=300}, {@code .seconds=10}, {@code .connections=256}.
 */
final class OnSaleScenario implements Scenario {

  private static final int BUYERS = Integer.getInteger("bench.onsale.buyers", 2_000);
  private static final int SEATS = Integer.getInteger("bench.onsale.seats", 300);
  private static final int SECONDS = Integer.getInteger("bench.onsale.seconds", 10);
  private static final int CONNECTIONS = Integer.getInteger("bench.onsale.connections", 256);
  /**
   * Before the rush, as a server that has been up for a while: {@code WARM_UP_BUYERS} other buyers
   * buy and pay tickets of another visit over {@code WARM_UP_SECONDS} and both doors scan them
   * (the JIT compiles, every pool connection prepares its statements); not measured.
   * {@code -Dbench.onsale.warmUpBuyers=0} measures a cold start.
   */
  private static final int WARM_UP_BUYERS = Integer.getInteger("bench.onsale.warmUpBuyers", 1_000);
  private static final int WARM_UP_SECONDS = Integer.getInteger("bench.onsale.warmUpSeconds", 10);

  @Override
  public String name() {
    return "onsale";
  }

  @Override
  public String description() {
    return "on-sale rush: " + BUYERS + " buyers for " + SEATS + " seats of a guided visit in " + SECONDS
        + " s (open loop), then two doors scanning every ticket sold at once";
  }

  /** What one buyer's client saw. */
  private static final class Buyer {
    volatile int status;
    volatile long holdNanos = -1;
    volatile long confirmNanos = -1;
    volatile String problem;
  }

  @Override
  public List<String> run() throws Exception {
    JsonObject overrides = new JsonObject().put("auth", new JsonObject().put("accessTokenSeconds", 4 * 3600));
    try (BenchApp bench = BenchApp.start(overrides)) {
      List<String> lines = new ArrayList<>();
      lines.add(bench.describe() + "; " + Runtime.getRuntime().availableProcessors() + " cores; load generator in the same JVM; "
          + CONNECTIONS + " client connections at most");
      UUID cooperative = BergamoFixtures.cooperative(bench, "Abbazia di Chiaravalle - biglietteria", "88888888888", null, 0);
      String slot = BergamoFixtures.service(bench, cooperative, "Visita guidata all'abbazia",
          "Un'ora e mezza con una guida nella chiesa e nel chiostro.", 1_200, 1, String.valueOf(SEATS)).get(0);
      ticketTypes(bench, slot);
      List<String> tokens = new BergamoFixtures.Citizens("2424", "Acquirente").signIn(bench, BUYERS, BUYERS);
      List<String> doors = List.of(staff(bench, cooperative, 1, Role.PROVIDER_ADMIN), staff(bench, cooperative, 2, Role.PROVIDER_STAFF));
      String warmUpSlot = null;
      List<String> warmUpTokens = List.of();
      if (WARM_UP_BUYERS > 0) {
        warmUpSlot = BergamoFixtures.service(bench, cooperative, "Visita di prova", "Per scaldare il server prima della vendita.",
            1_200, 1, "1000").get(0);
        ticketTypes(bench, warmUpSlot);
        warmUpTokens = new BergamoFixtures.Citizens("2426", "Prova").signIn(bench, WARM_UP_BUYERS, WARM_UP_BUYERS);
      }

      Vertx load = BenchApp.loadGenerator();
      try {
        WebClient client = WebClient.create(load, new WebClientOptions().setDefaultHost("127.0.0.1")
            .setDefaultPort(bench.app.port()).setKeepAlive(true).setIdleTimeout(0),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS).setMaxWaitQueueSize(-1));
        if (WARM_UP_BUYERS > 0) {
          long w0 = System.nanoTime();
          List<Buyer> warm = rush(load, client, warmUpTokens, warmUpSlot, WARM_UP_BUYERS, WARM_UP_SECONDS);
          moveToToday(bench, warmUpSlot);
          Doors warmDoors = scanTwice(client, doors, codes(bench, warmUpSlot));
          lines.add(String.format("warm-up (not measured): %d buyers of another visit over %d s, %d purchases, %d scans by the"
              + " two doors, in %.1f s", WARM_UP_BUYERS, WARM_UP_SECONDS, warm.stream().filter(b -> b.status == 201).count(),
              warmDoors.scans().length, (System.nanoTime() - w0) / 1e9));
        } else {
          lines.add("no warm-up: the rush meets a server just started (cold JIT, statements not yet prepared)");
        }
        long r0 = System.nanoTime();
        List<Buyer> buyers = rush(load, client, tokens, slot, BUYERS, SECONDS);
        long rushNanos = System.nanoTime() - r0;
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> problems = new TreeMap<>();
        buyers.forEach(b -> {
          statuses.merge(b.status, 1, Integer::sum);
          if (b.problem != null) {
            problems.merge(b.problem, 1, Integer::sum);
          }
        });
        Stats holds = new Stats(buyers.stream().filter(b -> b.holdNanos >= 0).mapToLong(b -> b.holdNanos).toArray());
        Stats confirms = new Stats(buyers.stream().filter(b -> b.confirmNanos >= 0).mapToLong(b -> b.confirmNanos).toArray());
        Row sold = await(bench.app.pool().preparedQuery("""
            SELECT count(*) FILTER (WHERE b.status = 'confirmed') AS sold, count(*) FILTER (WHERE b.status = 'held') AS held,
                   (SELECT taken FROM slots WHERE id = $1::uuid) AS taken
              FROM tickets t JOIN bookings b ON b.id = t.booking_id WHERE b.slot_id = $1::uuid""")
            .execute(Tuple.of(slot))).iterator().next();
        lines.add(String.format("the rush: %d buyers in %.1f s; answers %s%s", BUYERS, rushNanos / 1e9, statuses,
            problems.isEmpty() ? "" : " " + problems));
        lines.add("purchase (the hold of the tickets, from when the buyer was due): " + holds.summary());
        lines.add("payment at the cooperative (POST /bookings/:id/confirm): " + confirms.summary());
        long soldTickets = sold.getLong("sold");
        lines.add(String.format("tickets sold %d, still held %d, seats taken %d of %d: %s", soldTickets, sold.getLong("held"),
            sold.getInteger("taken"), SEATS, soldTickets == SEATS && sold.getLong("held") == 0 ? "exactly the seats (PASS)" : "FAIL"));

        moveToToday(bench, slot);
        List<String> codes = codes(bench, slot);
        Doors scanned = scanTwice(client, doors, codes);
        long admitted = await(bench.app.pool().preparedQuery("""
            SELECT count(*) FROM tickets t JOIN bookings b ON b.id = t.booking_id WHERE b.slot_id = $1::uuid AND t.admitted_at IS NOT NULL""")
            .execute(Tuple.of(slot))).iterator().next().getLong(0);
        lines.add(String.format("two doors, %d tickets each scanned by both at once (%d scans in %.2f s): %d admitted once and"
            + " refused once as used, %d admitted in the database: %s; scan %s", codes.size(), codes.size() * 2, scanned.nanos() / 1e9,
            scanned.once(), admitted, scanned.once() == codes.size() && admitted == codes.size() ? "PASS" : "FAIL",
            new Stats(scanned.scans()).summary()));
        return lines;
      } finally {
        await(load.close());
      }
    }
  }

  /** {@code count} buyers (the tokens, in order) ask for tickets of the slot over {@code seconds}, open loop; each pays what it got. */
  private static List<Buyer> rush(Vertx load, WebClient client, List<String> tokens, String slot, int count, int seconds)
      throws Exception {
    List<Buyer> buyers = new ArrayList<>();
    List<Future<Void>> done = new ArrayList<>();
    long t0 = System.nanoTime() + 500_000_000L;
    for (int i = 0; i < count; i++) {
      Buyer buyer = new Buyer();
      buyers.add(buyer);
      long due = t0 + (long) i * seconds * 1_000_000_000L / count;
      Promise<Void> finished = Promise.promise();
      done.add(finished.future());
      String token = tokens.get(i);
      JsonObject tickets = switch (i % 3) {
        case 0 -> new JsonObject().put("intero", 1);
        case 1 -> new JsonObject().put("intero", 2);
        default -> new JsonObject().put("intero", 1).put("ridotto", 1);
      };
      load.setTimer(Math.max(1, (due - System.nanoTime()) / 1_000_000), id -> buy(client, token, slot, tickets, due, buyer)
          .onComplete(r -> finished.complete()));
    }
    await(Future.join(done));
    return buyers;
  }

  /** What two doors scanning every ticket at the same moment saw: the tickets admitted exactly once, each scan's time, the whole time. */
  private record Doors(int once, long[] scans, long nanos) { }

  private static Doors scanTwice(WebClient client, List<String> doors, List<String> codes) throws Exception {
    Map<String, List<String>> verdicts = new ConcurrentHashMap<>();
    List<Long> scans = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<Void>> scanned = new ArrayList<>();
    long d0 = System.nanoTime();
    for (String code : codes) {
      for (int door = 0; door < 2; door++) {
        String device = door == 0 ? "Ingresso nord" : "Ingresso sud";
        long start = System.nanoTime();
        scanned.add(client.post("/api/v1/door/admissions").bearerTokenAuthentication(doors.get(door))
            .putHeader("Idempotency-Key", UUID.randomUUID().toString())
            .sendJsonObject(new JsonObject().put("code", code).put("device", device))
            .map(r -> {
              scans.add(System.nanoTime() - start);
              verdicts.computeIfAbsent(code, c -> java.util.Collections.synchronizedList(new ArrayList<>()))
                  .add(r.statusCode() == 200 ? r.bodyAsJsonObject().getString("verdict") : "HTTP " + r.statusCode());
              return (Void) null;
            }));
      }
    }
    await(Future.join(scanned));
    long nanos = System.nanoTime() - d0;
    AtomicInteger once = new AtomicInteger();
    verdicts.forEach((code, v) -> {
      if (v.stream().filter("admitted"::equals).count() == 1 && v.stream().filter("already-used"::equals).count() == 1) {
        once.incrementAndGet();
      }
    });
    return new Doors(once.get(), scans.stream().mapToLong(Long::longValue).toArray(), nanos);
  }

  /** The visit's day: every confirmed purchase of the slot moved to today, as the doors see it then. */
  private static void moveToToday(BenchApp bench, String slot) throws Exception {
    await(bench.app.pool().preparedQuery("""
        UPDATE bookings SET starts_at = (current_date + time '23:00') AT TIME ZONE 'Europe/Rome' - interval '1 minute',
                            ends_at = (current_date + time '23:00') AT TIME ZONE 'Europe/Rome'
         WHERE slot_id = $1::uuid AND status = 'confirmed'""").execute(Tuple.of(slot)));
  }

  private static List<String> codes(BenchApp bench, String slot) throws Exception {
    List<String> codes = new ArrayList<>();
    await(bench.app.pool().preparedQuery("""
        SELECT t.code FROM tickets t JOIN bookings b ON b.id = t.booking_id WHERE b.slot_id = $1::uuid AND b.status = 'confirmed'
         ORDER BY t.code""").execute(Tuple.of(slot))).forEach(r -> codes.add(r.getString(0)));
    return codes;
  }

  /** Intero and ridotto tickets for the slot's visit. */
  private static void ticketTypes(BenchApp bench, String slot) throws Exception {
    await(bench.app.pool().preparedQuery("""
        INSERT INTO ticket_types (service_id, code, label, price_cents, who_qualifies, position, created_by)
        SELECT service_id, v.code, v.label, v.cents, v.who, v.position, 'bench'
          FROM slots, (VALUES ('intero', 'Intero', 1200, NULL, 1), ('ridotto', 'Ridotto', 800, 'Over 65 e studenti', 2))
                      AS v (code, label, cents, who, position)
         WHERE slots.id = $1::uuid""").execute(Tuple.of(slot)));
  }

  private static Future<Void> buy(WebClient client, String token, String slot, JsonObject tickets, long due, Buyer buyer) {
    return client.post("/api/v1/events/purchases").bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("slotId", slot).put("tickets", tickets))
        .compose(held -> {
          buyer.holdNanos = System.nanoTime() - due;
          buyer.status = held.statusCode();
          if (held.statusCode() != 201) {
            buyer.problem = problemType(held);
            return Future.succeededFuture();
          }
          long start = System.nanoTime();
          return client.post("/api/v1/bookings/" + held.bodyAsJsonObject().getString("id") + "/confirm").bearerTokenAuthentication(token)
              .putHeader("Idempotency-Key", UUID.randomUUID().toString())
              .sendJsonObject(new JsonObject().put("payment", new JsonObject().put("rest", "at_provider")))
              .map(paid -> {
                buyer.confirmNanos = System.nanoTime() - start;
                if (paid.statusCode() != 200) {
                  buyer.problem = "confirm " + paid.statusCode() + " " + problemType(paid);
                }
                return (Void) null;
              });
        })
        .recover(e -> {
          buyer.problem = e.getClass().getSimpleName();
          return Future.succeededFuture();
        });
  }

  private static String problemType(HttpResponse<Buffer> r) {
    try {
      return r.bodyAsJsonObject().getString("type");
    } catch (RuntimeException e) {
      return String.valueOf(r.statusCode());
    }
  }

  /** A member of the cooperative's staff with a live session, and their token. */
  private static String staff(BenchApp bench, UUID cooperative, int n, Role role) throws Exception {
    String account = String.format("00000000-0000-4000-2425-%012d", n);
    String session = String.format("00000000-0001-4000-2425-%012d", n);
    await(bench.app.pool().preparedQuery("""
            INSERT INTO accounts (id, username, display_name, password_hash, roles, provider_id)
            VALUES ($1::uuid, $2, $3, 'nessuna', ARRAY[$4], $5)""")
        .execute(Tuple.of(account, "ingresso." + n, "Ingresso " + n, role.wireName(), cooperative)));
    await(bench.app.pool().preparedQuery("INSERT INTO auth_sessions (id, account_id, expires_at) VALUES ($1::uuid, $2::uuid,"
        + " now() + interval '1 day')").execute(Tuple.of(session, account)));
    return bench.app.module(AuthModule.class).tokens().issue(new Identity(account, EnumSet.of(role), session, "Ingresso " + n,
        cooperative.toString(), null, null));
  }
}
