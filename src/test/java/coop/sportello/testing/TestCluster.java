package coop.sportello.testing;

import coop.sportello.Application;
import coop.sportello.platform.SportelloVertx;
import coop.sportello.platform.cluster.ClusterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import coop.sportello.platform.VertxInternals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;

/**
 * Real Sportello nodes in this JVM, clustered through Hazelcast on loopback and sharing one fresh
 * database, as behind a load balancer. Each run has a cluster name of its own (parallel runs on
 * one machine never join each other), joins over TCP-IP on 127.0.0.1 with multicast off, and
 * notices a lost member within seconds.
 */
public final class TestCluster implements AutoCloseable {

  /** One node: its own Vert.x (clustered event bus), application and HTTP port. */
  public record Node(String name, Vertx vertx, Application app, Http http) {
    public int port() {
      return app.port();
    }
  }

  private final String clusterName = "sportello-test-" + UUID.randomUUID();
  private final String database = TestPostgres.migratedDatabaseUrl();
  private final JsonObject overrides;
  private final List<Node> running = new ArrayList<>();
  private final List<String> members = new ArrayList<>();

  /** @param overrides configuration shared by every node, over the test defaults */
  public TestCluster(JsonObject overrides) {
    this.overrides = overrides;
  }

  public String database() {
    return database;
  }

  /** Starts one more node; it joins the members started so far. */
  public Node start(String name) {
    int hazelcastPort = freePort();
    members.add("127.0.0.1:" + hazelcastPort);
    JsonObject cluster = new JsonObject().put("mode", ClusterSettings.HAZELCAST).put("name", clusterName)
        .put("host", "127.0.0.1").put("port", hazelcastPort).put("members", new JsonArray(List.copyOf(members)))
        .put("busPort", 0).put("heartbeatSeconds", 1).put("memberTimeoutSeconds", 4);
    JsonObject config = overrides.copy()
        .put("cluster", cluster)
        .put("database", overrides.getJsonObject("database", new JsonObject()).copy().put("url", database));
    Vertx vertx = await(SportelloVertx.create(ClusterSettings.from(config)));
    Application app = await(TestApp.start(vertx, config).recover(e -> vertx.close().transform(v -> Future.failedFuture(e))));
    Node node = new Node(name, vertx, app, new Http(vertx, app.port()));
    running.add(node);
    return node;
  }

  /**
   * As if the node's process died: Hazelcast is terminated without leaving the cluster (the
   * others find out from the broken connections, and still list its event-bus consumers until
   * they drop the member), then the application stops at once, without draining: its sockets and
   * database connections close, the call-distribution lock among them. Vert.x itself is closed
   * in the background: with its cluster manager gone it takes its time, and nothing runs on it.
   */
  public void kill(Node node) {
    running.remove(node);
    HazelcastClusterManager manager = (HazelcastClusterManager) VertxInternals.clusterManager(node.vertx());
    manager.getHazelcastInstance().getLifecycleService().terminate();
    await(node.app().stop().recover(e -> Future.succeededFuture()));
    node.vertx().close();
  }

  /** Stops every node still running, in order, as a clean shutdown would. */
  @Override
  public void close() {
    for (Node node : List.copyOf(running)) {
      running.remove(node);
      await(node.app().stop().recover(e -> Future.succeededFuture()).compose(v -> node.vertx().close()));
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
