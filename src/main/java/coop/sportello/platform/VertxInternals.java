package coop.sportello.platform;

import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.cluster.ClusterManager;

/**
 * The only place Sportello reaches into Vert.x internals ({@code io.vertx.core.internal} and the
 * connection implementation), for three things the public API does not offer. They may change in any Vert.x release, which is why they
 * sit here and {@code VertxInternalsTest} checks the behaviour relied on:
 * <ul>
 *   <li>the event loop's own context behind the duplicated context a socket's handler runs on, so
 *       that the socket fan-out writes each event loop's sockets in one task (one per loop, not
 *       one per socket);</li>
 *   <li>the cluster manager of a clustered instance, for this node's id and the member list
 *       (NodeBus delivers to each member by node);</li>
 *   <li>the Netty channel of an HTTP connection, to time how long its requests take to arrive
 *       (the HTTP server's request read timeout).</li>
 * </ul>
 */
public final class VertxInternals {

  private VertxInternals() { }

  /** The event loop's context that {@code context} (possibly a duplicate) runs on. */
  public static Context eventLoopContext(Context context) {
    return ((ContextInternal) context).unwrap();
  }

  /** The Netty channel under an HTTP server connection, as handed to the server's connection handler. */
  public static Channel channel(HttpConnection connection) {
    return ((ConnectionBase) connection).channel();
  }

  /** The cluster manager of a clustered instance; null for a single node. */
  public static ClusterManager clusterManager(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
  }
}
