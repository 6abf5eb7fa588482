package coop.sportello.platform.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code cluster} section of the configuration. {@code mode} {@code none} (the default) runs
 * one node on a local event bus and never starts Hazelcast; {@code hazelcast} joins the nodes
 * listed in {@code members} over TCP (no multicast: it is rarely allowed where Sportello runs, and
 * an explicit list cannot join a stranger's cluster by accident).
 *
 * @param name                 nodes join only a cluster of the same name
 * @param host                 address this node binds to and announces (Hazelcast and event bus); empty lets Hazelcast pick
 * @param port                 Hazelcast member port
 * @param members              {@code host:port} of the members to join, this one may be among them
 * @param busPort              event-bus TCP port (0 picks a free one: the port is announced through Hazelcast)
 * @param heartbeatSeconds     how often members tell each other they are alive
 * @param memberTimeoutSeconds a member silent for this long is dropped (one whose connection breaks, sooner)
 */
public record ClusterSettings(String mode, String name, String host, int port, List<String> members, int busPort,
                              int heartbeatSeconds, int memberTimeoutSeconds) {

  public static final String NONE = "none";
  public static final String HAZELCAST = "hazelcast";

  public ClusterSettings {
    if (!NONE.equals(mode) && !HAZELCAST.equals(mode)) {
      throw new IllegalArgumentException("cluster.mode (SPORTELLO_CLUSTER) must be none or hazelcast, got '" + mode + "'");
    }
    if (heartbeatSeconds < 1 || memberTimeoutSeconds <= heartbeatSeconds) {
      throw new IllegalArgumentException("cluster.memberTimeoutSeconds must be longer than cluster.heartbeatSeconds (at least 1)");
    }
    members = List.copyOf(members);
  }

  public static ClusterSettings from(JsonObject config) {
    JsonObject c = config.getJsonObject("cluster");
    List<String> members = new ArrayList<>();
    c.getJsonArray("members").forEach(m -> {
      String member = String.valueOf(m).trim();
      if (!member.isEmpty()) {
        members.add(member);
      }
    });
    String mode = c.getString("mode").trim().toLowerCase(Locale.ROOT);
    return new ClusterSettings(mode.isEmpty() ? NONE : mode, c.getString("name"),
        c.getString("host").trim(), c.getInteger("port"), members, c.getInteger("busPort"),
        c.getInteger("heartbeatSeconds"), c.getInteger("memberTimeoutSeconds"));
  }

  public boolean clustered() {
    return HAZELCAST.equals(mode);
  }
}
