package coop.sportello.platform;

import coop.sportello.platform.cluster.ClusterSettings;
import coop.sportello.platform.cluster.HazelcastSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x instance Sportello runs on: Micrometer metrics with a Prometheus registry, and the
 * native (epoll) transport where the platform has it; clustered through Hazelcast when the
 * configuration asks for it.
 */
public final class SportelloVertx {

  private static final Logger LOG = LoggerFactory.getLogger(SportelloVertx.class);

  private SportelloVertx() { }

  /** A single node: a local event bus, no cluster manager started. */
  public static Vertx create() {
    return logTransport(builder(new VertxOptions()).build());
  }

  /** A single node, or a member of the cluster {@code cluster} describes once it has joined. */
  public static Future<Vertx> create(ClusterSettings cluster) {
    if (!cluster.clustered()) {
      return Future.succeededFuture(create());
    }
    EventBusOptions bus = new EventBusOptions().setPort(cluster.busPort());
    if (!cluster.host().isEmpty()) {
      bus.setHost(cluster.host());
    }
    return builder(new VertxOptions().setEventBusOptions(bus))
        .withClusterManager(new HazelcastClusterManager(HazelcastSettings.of(cluster)))
        .buildClustered()
        .map(vertx -> {
          LOG.info("Joined cluster '{}' as a member on {}:{}", cluster.name(),
              cluster.host().isEmpty() ? "(any address)" : cluster.host(), cluster.port());
          return logTransport(vertx);
        });
  }

  private static VertxBuilder builder(VertxOptions options) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    return Vertx.builder()
        .with(options.setMetricsOptions(metrics).setPreferNativeTransport(true))
        .withMetrics(new MicrometerMetricsFactory());
  }

  private static Vertx logTransport(Vertx vertx) {
    if (!vertx.isNativeTransportEnabled()) {
      LOG.info("Native transport unavailable ({}): using Java NIO",
          vertx.unavailableNativeTransportCause() == null ? "not supported here" : vertx.unavailableNativeTransportCause().getMessage());
    }
    return vertx;
  }
}
