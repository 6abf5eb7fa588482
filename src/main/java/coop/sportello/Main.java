package coop.sportello;

import coop.sportello.platform.SportelloVertx;
import coop.sportello.platform.cluster.ClusterSettings;
import coop.sportello.platform.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Starts Sportello, prints where to find it, and shuts it down cleanly on SIGTERM or Ctrl-C. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() { }

  public static void main(String[] args) throws InterruptedException {
    long started = System.nanoTime();
    // The configuration says whether this node joins a cluster, and is read with Vert.x: a local
    // instance reads it and stays on as the node's own unless a clustered one is wanted.
    Vertx bootstrap = SportelloVertx.create();
    AtomicReference<Vertx> node = new AtomicReference<>(bootstrap);
    AtomicReference<Application> running = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();

    // Handling the signal ourselves (not only a shutdown hook) lets the JVM exit 0 after a clean stop.
    SignalHandler onSignal = signal -> {
      if (!stopping.compareAndSet(false, true)) {
        LOG.info("SIG{} received again: shutdown already under way", signal.getName());
        return;
      }
      LOG.info("SIG{} received: draining and shutting down", signal.getName());
      Application app = running.get();
      try {
        if (app != null) {
          app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        node.get().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("Sportello stopped cleanly");
        System.exit(0);
      } catch (Exception e) {
        LOG.error("Shutdown did not complete cleanly", e);
        System.exit(1);
      }
    };
    Signal.handle(new Signal("TERM"), onSignal);
    Signal.handle(new Signal("INT"), onSignal);

    JsonObject config;
    Vertx vertx;
    try {
      // On this (main) thread, not in a callback: a callback of the bootstrap instance could not
      // run once it is closed in favour of a clustered one.
      config = await(ConfigLoader.load(bootstrap, System.getenv()));
      vertx = await(nodeFor(bootstrap, config));
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      LOG.error("Sportello could not start: {}", cause.getMessage(), cause);
      node.get().close();
      System.exit(1);
      return;
    }
    node.set(vertx);
    Application.start(vertx, config)
        .onSuccess(app -> {
          running.set(app);
          System.out.println(StartupBanner.render(app, (System.nanoTime() - started) / 1_000_000));
        })
        .onFailure(e -> {
          LOG.error("Sportello could not start: {}", e.getMessage(), e);
          vertx.close().onComplete(v -> {
            stopped.countDown();
            System.exit(1);
          });
        });
    stopped.await();
  }

  private static <T> T await(Future<T> future) throws InterruptedException, ExecutionException {
    return future.toCompletionStage().toCompletableFuture().get();
  }

  /** The bootstrap instance for a single node; for a cluster member, a clustered one in its place. */
  private static Future<Vertx> nodeFor(Vertx bootstrap, JsonObject config) {
    ClusterSettings cluster;
    try {
      cluster = ClusterSettings.from(config);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (!cluster.clustered()) {
      return Future.succeededFuture(bootstrap);
    }
    return bootstrap.close().compose(v -> SportelloVertx.create(cluster));
  }
}
