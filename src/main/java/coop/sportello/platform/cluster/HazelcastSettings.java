package coop.sportello.platform.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * Hazelcast's configuration for Sportello's nodes: Vert.x's own defaults (the event-bus
 * subscription map and node information, with backups), then TCP-IP join to the listed members
 * and fast failure detection. Hazelcast holds nothing of Sportello's state: PostgreSQL does. So a
 * lost member costs only its sockets, and the sooner the others notice, the sooner the event bus
 * stops sending to it.
 */
public final class HazelcastSettings {

  private HazelcastSettings() { }

  public static Config of(ClusterSettings cluster) {
    // Vert.x's default-cluster.xml: the __vertx.subs multimap and node infos with one backup each.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    // No calls home from a server that talks only to its own members.
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(cluster.heartbeatSeconds()));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(cluster.memberTimeoutSeconds()));
    // Nothing to wait for at start: the member list is explicit.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    // After a network split heals, the halves merge back within seconds rather than minutes.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
    config.getMetricsConfig().setEnabled(false);

    NetworkConfig network = config.getNetworkConfig();
    // A fixed port: the other members list it. Taken means a second node on this host, a clear error.
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    if (!cluster.host().isEmpty()) {
      network.getInterfaces().setEnabled(true).addInterface(cluster.host());
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = new ArrayList<>(cluster.members());
    if (members.isEmpty()) {
      // A cluster of one until others list this node: still a valid start.
      members.add((cluster.host().isEmpty() ? "127.0.0.1" : cluster.host()) + ":" + cluster.port());
    }
    join.getTcpIpConfig().setEnabled(true).setMembers(members).setConnectionTimeoutSeconds(2);
    return config;
  }
}
