package coop.sportello.bench;

import coop.sportello.Application;
import coop.sportello.platform.SportelloVertx;
import coop.sportello.platform.cluster.ClusterSettings;
import coop.sportello.platform.config.ConfigLoader;
import coop.sportello.platform.database.DatabaseEndpoint;
import coop.sportello.platform.database.DatabaseServer;
import coop.sportello.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A running application on a fresh database, for scenarios that measure it under load. With
 * {@code -Dbench.nodes=2} (or more) it is that many nodes in this JVM on the same database,
 * clustered through Hazelcast on loopback, and scenarios that support it spread their clients
 * over every node's port, as a load balancer would.
 *
 * <p>The database is the tests' PostgreSQL (zonky's defaults: fsync, synchronous commit and
 * full-page writes off); with {@code -Dbench.durable=true} it is an embedded server of its own
 * started as {@code java -jar} starts it ({@link DatabaseServer}: all three on), so that the
 * figures include durable commits.
 */
final class BenchApp implements AutoCloseable {

  record Node(Vertx vertx, Application app) { }

  static final boolean DURABLE = Boolean.getBoolean("bench.durable");

  /** The first node: scenarios seed and check the database through it. */
  final Vertx vertx;
  final Application app;
  final List<Node> nodes;
  /** With -Dbench.durable=true: the embedded server and the Vert.x that started it; otherwise null. */
  private final DurableDatabase durable;

  private record DurableDatabase(Vertx vertx, DatabaseServer server) {
    static DurableDatabase start() throws Exception {
      Vertx vertx = Vertx.vertx();
      JsonObject embedded = new JsonObject().put("url", "").put("embedded", new JsonObject()
          .put("dataDir", Files.createTempDirectory("bench-durable").resolve("postgres").toString()).put("port", 0));
      return new DurableDatabase(vertx, await(DatabaseServer.start(vertx, embedded)));
    }

    String url() {
      DatabaseEndpoint at = server.endpoint();
      return "postgresql://" + at.user() + ":" + at.password() + "@" + at.host() + ":" + at.port() + "/" + at.database();
    }

    void stop() throws Exception {
      await(server.stop(vertx));
      await(vertx.close());
    }
  }

  private BenchApp(List<Node> nodes, DurableDatabase durable) {
    this.nodes = List.copyOf(nodes);
    this.vertx = nodes.get(0).vertx();
    this.app = nodes.get(0).app();
    this.durable = durable;
  }

  static int nodesWanted() {
    return Integer.getInteger("bench.nodes", 1);
  }

  static BenchApp start(JsonObject overrides) throws Exception {
    int count = nodesWanted();
    DurableDatabase durable = DURABLE ? DurableDatabase.start() : null;
    Vertx bootstrap = SportelloVertx.create();
    JsonObject config = await(ConfigLoader.load(bootstrap, Map.of()))
        .mergeIn(new JsonObject()
            .put("http", new JsonObject().put("port", 0).put("drainDelayMillis", 0))
            .put("demoData", "off")
            .put("dataDir", Files.createTempDirectory("bench").toString())
            .put("database", new JsonObject().put("url", durable != null ? durable.url() : TestPostgres.freshDatabaseUrl())
                .put("poolSize", 16)), true)
        .mergeIn(overrides, true);
    if (count <= 1) {
      return new BenchApp(List.of(new Node(bootstrap, await(Application.start(bootstrap, config)))), durable);
    }
    await(bootstrap.close());
    List<Node> nodes = new ArrayList<>();
    List<String> members = new ArrayList<>();
    String name = "sportello-bench-" + UUID.randomUUID();
    for (int i = 0; i < count; i++) {
      int port = freePort();
      members.add("127.0.0.1:" + port);
      JsonObject nodeConfig = config.copy().put("cluster", new JsonObject().put("mode", ClusterSettings.HAZELCAST)
          .put("name", name).put("host", "127.0.0.1").put("port", port).put("members", new JsonArray(List.copyOf(members))));
      Vertx vertx = await(SportelloVertx.create(ClusterSettings.from(nodeConfig)));
      nodes.add(new Node(vertx, await(Application.start(vertx, nodeConfig))));
    }
    return new BenchApp(nodes, durable);
  }

  /** The nodes' HTTP ports, comma-separated. */
  String ports() {
    return nodes.stream().map(n -> String.valueOf(n.app().port())).collect(Collectors.joining(","));
  }

  /** One line for the results: how many nodes the figures are for, on which kind of database. */
  String describe() {
    return (durable != null ? "durable embedded PostgreSQL (fsync, synchronous_commit, full_page_writes on), "
        : "the tests' PostgreSQL (fsync, synchronous_commit, full_page_writes off), ") + describeNodes();
  }

  private String describeNodes() {
    return nodes.size() == 1 ? "one node"
        : nodes.size() + " nodes clustered through Hazelcast on loopback, one database, clients spread over their ports "
          + ports() + "; each node with its own pool of " + app.config().getJsonObject("database").getInteger("poolSize")
          + " connections";
  }

  /** A separate Vert.x for the load generator, on the same transport as the server. */
  static Vertx loadGenerator() {
    return Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.MINUTES);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node node = nodes.get(i);
      await(node.app().stop());
      await(node.vertx().close());
    }
    if (durable != null) {
      durable.stop();
    }
  }
}
