package coop.sportello.platform.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import coop.sportello.platform.VertxInternals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery across nodes by node, not by address. On a clustered bus every node has one consumer
 * of its own, {@code sportello.node.<nodeId>}, registered at start; a message for the browsers'
 * sockets is sent once to each member Hazelcast lists and published there to that node's local
 * consumers only (the bridge's sockets among them).
 *
 * <p>Why not publish to the socket's address across the cluster: Vert.x caches, per address,
 * which nodes consume it, and learns of changes from Hazelcast's entry events. When a node dies,
 * the sockets it held reconnect to the survivors in the same seconds in which Hazelcast moves the
 * dead member's partitions, and an update can be missed: the cache then keeps pointing at the dead
 * node, and the reconnected socket, though registered, gets nothing more. A node's own address
 * changes only when the node starts or dies, the member list comes from Hazelcast's membership
 * (which does not miss a departure), and a local publish needs no cache at all.
 *
 * <p>Requests to one node ({@link #request}) travel the same way; the node answers for its local
 * consumer. Without a cluster everything here is a plain local publish or request.
 */
public final class NodeBus {

  public static final String PREFIX = "sportello.node.";
  /** Failure code of a relayed request that found no consumer on the node it was sent to. */
  public static final int NO_HANDLERS = -2;
  /** Failure code of a relayed request that the node's consumer did not answer in time. */
  public static final int TIMEOUT = -3;

  private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final ClusterManager cluster;
  /** This node's end of the relay on a clustered bus (null on a single node). */
  private MessageConsumer<JsonObject> relayConsumer;

  public NodeBus(Vertx vertx) {
    this.vertx = vertx;
    this.cluster = VertxInternals.clusterManager(vertx);
  }

  public boolean clustered() {
    return cluster != null;
  }

  /** This node's id in the cluster ({@code local} without one). */
  public String nodeId() {
    return cluster == null ? "local" : cluster.getNodeId();
  }

  /** Whether {@code node} is a member now (as far as Hazelcast knows). */
  public boolean isMember(String node) {
    return cluster == null ? nodeId().equals(node) : cluster.getNodes().contains(node);
  }

  /** Starts this node's relay (clustered only); {@link #stop} ends it. */
  public Future<Void> start() {
    if (cluster == null) {
      return Future.succeededFuture();
    }
    relayConsumer = vertx.eventBus().consumer(PREFIX + nodeId(), this::relay);
    return relayConsumer.completion();
  }

  public Future<Void> stop() {
    return relayConsumer == null ? Future.succeededFuture() : relayConsumer.unregister();
  }

  /** To the local consumers of {@code address} on every node, once per node. */
  public void publish(String address, Object body) {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put(address, body);
    publish(one);
  }

  /** Each body to its address's local consumers on every node, in this order, in one message per node. */
  public void publish(Map<String, Object> bodiesByAddress) {
    if (cluster == null) {
      bodiesByAddress.forEach((address, body) -> vertx.eventBus().publish(address, body));
      return;
    }
    List<String> nodes = cluster.getNodes();
    String self = nodeId();
    JsonObject envelope = null;
    for (String node : nodes) {
      if (node.equals(self)) {
        publishHere(bodiesByAddress);
      } else {
        if (envelope == null) {
          JsonArray items = new JsonArray();
          bodiesByAddress.forEach((address, body) -> items.add(new JsonObject().put("address", address).put("body", body)));
          envelope = new JsonObject().put("kind", "publish").put("items", items);
        }
        vertx.eventBus().send(PREFIX + node, envelope);
      }
    }
    if (!nodes.contains(self)) {
      // Out of the member list (leaving, or split off): this node's own sockets still hear it.
      publishHere(bodiesByAddress);
    }
  }

  private void publishHere(Map<String, Object> bodiesByAddress) {
    bodiesByAddress.forEach((address, body) -> vertx.eventBus().publish(address, body, THIS_NODE));
  }

  /**
   * A request to the local consumer of {@code address} on {@code node}. Nobody consuming it there
   * fails with {@link #NO_HANDLERS} (as a recipient failure), a late answer with {@link #TIMEOUT}.
   */
  public <T> Future<Message<T>> request(String node, String address, Object body, DeliveryOptions options) {
    if (cluster == null || node.equals(nodeId())) {
      return vertx.eventBus().request(address, body, new DeliveryOptions(options).setLocalOnly(true));
    }
    JsonObject envelope = new JsonObject().put("kind", "request").put("address", address).put("body", body)
        .put("timeout", options.getSendTimeout());
    // A little longer than the relayed request: the node's own answer (or its TIMEOUT) comes first.
    return vertx.eventBus().request(PREFIX + node, envelope, new DeliveryOptions(options)
        .setSendTimeout(options.getSendTimeout() + 500));
  }

  private void relay(Message<JsonObject> msg) {
    JsonObject envelope = msg.body();
    if ("publish".equals(envelope.getString("kind"))) {
      for (Object item : envelope.getJsonArray("items")) {
        JsonObject one = (JsonObject) item;
        vertx.eventBus().publish(one.getString("address"), one.getValue("body"), THIS_NODE);
      }
      return;
    }
    String address = envelope.getString("address");
    Object body = envelope.getValue("body");
    vertx.eventBus().request(address, body, new DeliveryOptions().setLocalOnly(true)
            .setSendTimeout(envelope.getLong("timeout", DeliveryOptions.DEFAULT_TIMEOUT)))
        .onSuccess(reply -> msg.reply(reply.body()))
        .onFailure(e -> {
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            msg.fail(re.failureCode(), re.getMessage());
          } else if (e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
            msg.fail(NO_HANDLERS, "nobody consumes " + address + " on node " + nodeId());
          } else {
            msg.fail(TIMEOUT, "no answer from " + address + " on node " + nodeId());
          }
        });
  }
}
