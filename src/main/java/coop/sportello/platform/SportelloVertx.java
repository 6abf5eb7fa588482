package coop.sportello.platform;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x instance Sportello runs on: Micrometer metrics with a Prometheus registry, and the
 * native (epoll) transport where the platform has it.
 */
public final class SportelloVertx {

  private SportelloVertx() { }

  public static Vertx create() {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics).setPreferNativeTransport(true))
        .withMetrics(new MicrometerMetricsFactory())
        .build();
    if (!vertx.isNativeTransportEnabled()) {
      LoggerFactory.getLogger(SportelloVertx.class).info("Native transport unavailable ({}): using Java NIO",
          vertx.unavailableNativeTransportCause() == null ? "not supported here" : vertx.unavailableNativeTransportCause().getMessage());
    }
    return vertx;
  }
}
