package coop.sportello;

import coop.sportello.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs Sportello as a newcomer would (its own JVM, embedded PostgreSQL, demo data), then sends
 * SIGTERM in the middle of a load: every request that reached the server gets its answer, the
 * process exits 0, and no postgres process is left behind.
 */
class GracefulShutdownTest {

  private final Vertx vertx = Vertx.vertx();
  private Process process;

  @AfterEach
  void cleanUp() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
    vertx.close();
  }

  @Test
  void sigtermDuringLoadDrainsAndExitsZero() throws Exception {
    Path home = Files.createTempDirectory("sportello-run");
    Path pgData = home.resolve("postgres");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName())
        .redirectErrorStream(true);
    builder.environment().put("SPORTELLO_HTTP_PORT", String.valueOf(port));
    builder.environment().put("SPORTELLO_HTTP_HOST", "127.0.0.1");
    builder.environment().put("SPORTELLO_EMBEDDED_DB_DIR", pgData.toString());
    builder.environment().put("SPORTELLO_DATA_DIR", home.toString());
    builder.environment().put("SPORTELLO_DEMO_DATA", "on");
    // The load signs in from one address all the time: not an attack to pause here.
    builder.environment().put("SPORTELLO_LOGIN_SOURCE_MAX_ATTEMPTS", "1000000");
    builder.environment().remove("SPORTELLO_DATABASE_URL");
    process = builder.start();

    List<String> output = new CopyOnWriteArrayList<>();
    Promise<Void> ready = Promise.promise();
    AtomicBoolean bannerStarted = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.add(line);
          if (line.contains("Sportello è pronto")) {
            bannerStarted.set(true);
          } else if (bannerStarted.get() && line.startsWith("=====")) {
            ready.tryComplete(); // the whole banner has been read
          }
        }
      } catch (IOException ignored) {
        // process ended
      }
    });
    reader.start();
    await(ready.future(), 90);
    String banner = String.join("\n", output);
    assertTrue(banner.contains("http://localhost:" + port + "/"), banner);
    assertTrue(banner.contains("supervisor") && banner.contains("sportello-demo"), "demo logins printed:\n" + banner);

    List<ProcessHandle> postgres = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(pgData.toString())).orElse(false))
        .toList();
    assertFalse(postgres.isEmpty(), "embedded postgres runs with the configured data directory");

    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(port).setConnectTimeout(2000));
    AtomicBoolean stopLoad = new AtomicBoolean();
    AtomicInteger answered = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicInteger refused = new AtomicInteger();
    List<Future<Void>> loops = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 16; i++) {
      boolean slow = i % 2 == 0;
      loops.add(loop(client, slow, stopLoad, answered, refused, failures));
    }
    // The load runs: logins (slow) and health checks answered, each loop with its next request open.
    Waits.eventually("the load to run").atMost(Duration.ofSeconds(30)).until(() -> answered.get() > 10);
    int beforeSignal = answered.get();
    signalledAt.set(System.nanoTime());
    // Process.destroy() would also close our end of its output; kill(1) sends just the signal.
    assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "process exits after SIGTERM");
    stopLoad.set(true);
    await(Future.join(loops), 30);
    reader.join(5_000);

    assertEquals(0, process.exitValue(), String.join("\n", output));
    assertTrue(beforeSignal > 10, "load was running: " + beforeSignal);
    assertTrue(failures.isEmpty(), "requests in flight at SIGTERM that failed: " + failures
        + " (refused or reset after it: " + refused.get() + ")");
    for (ProcessHandle pg : postgres) {
      pg.onExit().get(10, TimeUnit.SECONDS);
    }
    assertTrue(postgres.stream().noneMatch(ProcessHandle::isAlive), "no postgres process left behind");
    String log = String.join("\n", output);
    assertTrue(log.contains("Sportello stopped cleanly"), log.substring(Math.max(0, log.length() - 3000)));
  }

  /** When SIGTERM was sent: a request started before it and still open is in flight and must be answered. */
  private static final java.util.concurrent.atomic.AtomicLong signalledAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

  /**
   * Requests in a loop. A request started after the signal may meet a closed listener (refused,
   * or reset from the accept queue): the server has stopped accepting, nothing was lost.
   */
  private Future<Void> loop(WebClient client, boolean slow, AtomicBoolean stop, AtomicInteger answered,
                            AtomicInteger refused, List<String> failures) {
    if (stop.get() || refused.get() > 200) {
      return Future.succeededFuture();
    }
    Future<Integer> request = slow
        // an unknown user's login: a database query, Argon2 and a deliberate delay, so it is in flight for a while
        // (a new name each time: five failures with one name lock this source out of it, and a 429 comes at once)
        ? client.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
                .put("username", "nessuno-" + java.util.UUID.randomUUID()).put("password", "x"))
            .map(r -> r.statusCode())
        : client.get("/health/live").send().map(r -> r.statusCode());
    int expected = slow ? 401 : 200;
    long startedAt = System.nanoTime();
    return request.transform(result -> {
      if (result.succeeded()) {
        if (result.result() == expected) {
          answered.incrementAndGet();
        } else {
          failures.add("status " + result.result());
        }
        return loop(client, slow, stop, answered, refused, failures);
      }
      if (isRefused(result.cause()) || startedAt > signalledAt.get()) {
        refused.incrementAndGet();
        return stop.get() ? Future.succeededFuture() : waitThen(client, slow, stop, answered, refused, failures);
      }
      failures.add(result.cause().toString());
      return loop(client, slow, stop, answered, refused, failures);
    });
  }

  private Future<Void> waitThen(WebClient client, boolean slow, AtomicBoolean stop, AtomicInteger answered,
                                AtomicInteger refused, List<String> failures) {
    return vertx.timer(50, TimeUnit.MILLISECONDS).compose(v -> loop(client, slow, stop, answered, refused, failures));
  }

  private static boolean isRefused(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static <T> T await(Future<T> future, int seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
