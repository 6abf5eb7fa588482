package coop.sportello.platform;

import coop.sportello.platform.areas.Areas;
import coop.sportello.platform.bridge.SocketFanOut;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.DatabaseEndpoint;
import coop.sportello.platform.database.EventLoopStatements;
import coop.sportello.platform.links.SignedLinks;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.time.Clock;

/**
 * What every module is created from: the shared Vert.x, the database (the pool for transactions,
 * one pipelined connection per event loop for hot single statements, the endpoint for LISTEN),
 * delivery to this node's sockets and to every node, the service areas with their labels, the key
 * that signs links sent in messages, and the clock.
 *
 * @param embeddedDatabase the development set-up (embedded PostgreSQL), where missing secrets may be made up
 */
public record Platform(Vertx vertx, Pool pool, EventLoopStatements statements, DatabaseEndpoint database,
                       boolean embeddedDatabase, SocketFanOut fanOut, NodeBus nodeBus, Areas areas, SignedLinks links,
                       Clock clock) {
}
