package coop.sportello.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that a test can freeze in one direction: bytes from the client to the
 * server, or from the server back to the client, stop (and are dropped) while the connections stay
 * open, as on a network that hangs. Used to put a crash at an exact point of a protocol exchange.
 */
public final class FreezableProxy implements AutoCloseable {

  private final NetServer server;
  private final NetClient client;
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean upstreamFrozen;
  private volatile boolean downstreamFrozen;
  /** Set: the server's answers stop right after the next end of an SMTP message ("CRLF.CRLF") passes upstream. */
  private volatile boolean freezeDownstreamAfterMessage;

  private FreezableProxy(NetServer server, NetClient client) {
    this.server = server;
    this.client = client;
  }

  public static Future<FreezableProxy> start(Vertx vertx, int targetPort) {
    NetClient client = vertx.createNetClient();
    NetServer server = vertx.createNetServer();
    FreezableProxy proxy = new FreezableProxy(server, client);
    server.connectHandler(front -> {
      front.pause();
      proxy.sockets.add(front);
      client.connect(targetPort, "127.0.0.1").onSuccess(back -> {
        proxy.sockets.add(back);
        front.handler(data -> {
          if (!proxy.upstreamFrozen) {
            back.write(data);
            // Same event loop as the answers' handler: the server's "250" to this message is dropped.
            if (proxy.freezeDownstreamAfterMessage && data.toString(java.nio.charset.StandardCharsets.ISO_8859_1).contains("\r\n.\r\n")) {
              proxy.downstreamFrozen = true;
            }
          }
        });
        back.handler(data -> {
          if (!proxy.downstreamFrozen) {
            front.write(data);
          }
        });
        front.closeHandler(v -> back.close());
        back.closeHandler(v -> front.close());
        front.resume();
      }).onFailure(e -> front.close());
    });
    return server.listen(0, "127.0.0.1").map(proxy);
  }

  public int port() {
    return server.actualPort();
  }

  /** Nothing more reaches the server. */
  public void freezeUpstream() {
    upstreamFrozen = true;
  }

  /** Nothing more of the server's answers reaches the client. */
  public void freezeDownstream() {
    downstreamFrozen = true;
  }

  /**
   * The server's answers stop as soon as the next complete SMTP message has gone to it: the server
   * accepts that message, and the client never hears so.
   */
  public void freezeDownstreamAfterNextMessage() {
    freezeDownstreamAfterMessage = true;
  }

  public boolean downstreamFrozen() {
    return downstreamFrozen;
  }

  /** Drops every connection, both ends. */
  public void cut() {
    sockets.forEach(NetSocket::close);
  }

  @Override
  public void close() {
    cut();
    server.close();
    client.close();
  }
}
