package coop.sportello.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Thousands of SockJS raw-WebSocket clients on one thread and one selector, for measuring the
 * server's push: in production every screen is its own machine, so the load generator should take
 * as little of the shared cores as it can. It reads each frame's bytes, finds the availability
 * count in it and timestamps it; it allocates nothing per frame.
 */
final class LeanWebSocketClients implements AutoCloseable {

  private static final byte[] FREE = "\"free\":".getBytes(StandardCharsets.US_ASCII);
  /** Every client pings once per period (vertx-eventbus.js pings every 5 s). */
  private static final long PING_PERIOD_NANOS = 4_000_000_000L;
  private static final byte[] PING = "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII);

  /** A connection and the bytes of a frame that arrived split across reads. */
  private static final class Client {
    final SocketChannel channel;
    final ByteBuffer pending = ByteBuffer.allocate(64 * 1024);

    Client(SocketChannel channel) {
      this.channel = channel;
    }
  }

  /** Told of every count received, on the reading thread. */
  interface CountListener {
    void received(long count, long nanoTime);
  }

  private final Selector selector;
  private final List<Client> clients = new ArrayList<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
  private final String host;
  private final int port;
  private volatile boolean running = true;
  private long nextPing = System.nanoTime() + PING_PERIOD_NANOS;
  /** While reading: the next client to ping, and when the current round of pings began. */
  private int pingCursor;
  private long pingRoundStart;
  private Thread loop;

  LeanWebSocketClients(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.selector = Selector.open();
  }

  int size() {
    return clients.size();
  }

  /** Opens one WebSocket with a bridge ticket and registers it for {@code address}; before {@link #start}. */
  void connect(String ticket, String address) throws IOException {
    SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
    channel.socket().setTcpNoDelay(true);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String request = "GET /eventbus/websocket?ticket=" + ticket + " HTTP/1.1\r\n"
        + "Host: " + host + ":" + port + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    writeFully(channel, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    ByteBuffer head = ByteBuffer.allocate(4096);
    while (!endsHeaders(head)) {
      if (channel.read(head) < 0) {
        throw new IOException("closed during the handshake");
      }
    }
    String status = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + status.lines().findFirst().orElse(""));
    }
    String register = "{\"type\":\"register\",\"address\":\"" + address + "\"}";
    writeFully(channel, maskedText(register.getBytes(StandardCharsets.UTF_8)));
    channel.configureBlocking(false);
    Client client = new Client(channel);
    channel.register(selector, SelectionKey.OP_READ, client);
    clients.add(client);
    // The bridge closes sockets silent for 10 s: keep the early ones alive while the rest connect.
    if (System.nanoTime() >= nextPing) {
      pingAll();
    }
  }

  /**
   * Pings the clients whose turn has come, each at its own phase of the period, as thousands of
   * independent browsers would: all of them at one instant would be a burst no real audience
   * makes, and it would land on whichever change happened to be in flight.
   */
  private void pingDue(long now) throws IOException {
    if (pingRoundStart == 0) {
      pingRoundStart = now;
    }
    int due = (int) Math.min(clients.size(), (now - pingRoundStart) * clients.size() / PING_PERIOD_NANOS);
    for (; pingCursor < due; pingCursor++) {
      writeFully(clients.get(pingCursor).channel, maskedText(PING));
    }
    if (pingCursor >= clients.size()) {
      pingCursor = 0;
      pingRoundStart += PING_PERIOD_NANOS;
    }
  }

  private void pingAll() throws IOException {
    for (Client each : clients) {
      writeFully(each.channel, maskedText(PING));
    }
    nextPing = System.nanoTime() + 4_000_000_000L;
  }

  /**
   * Reads on a thread of its own until {@link #close}: for every frame that carries a count,
   * {@code onCount.received(count, nanoTime)}. Pings every client once every 4 s, each at its own
   * moment (vertx-eventbus.js pings every 5 s).
   */
  void start(CountListener onCount) throws IOException {
    pingAll();
    loop = new Thread(() -> {
      try {
        while (running) {
          selector.select(10);
          for (SelectionKey key : selector.selectedKeys()) {
            read((Client) key.attachment(), onCount);
          }
          selector.selectedKeys().clear();
          pingDue(System.nanoTime());
        }
      } catch (IOException e) {
        if (running) {
          throw new IllegalStateException(e);
        }
      }
    }, "lean-websocket-clients");
    loop.setDaemon(true);
    loop.start();
  }

  private void read(Client client, CountListener onCount) throws IOException {
    readBuffer.clear();
    int n = client.channel.read(readBuffer);
    long at = System.nanoTime();
    if (n <= 0) {
      return;
    }
    readBuffer.flip();
    ByteBuffer pending = client.pending;
    pending.put(readBuffer);
    pending.flip();
    // Server frames are unmasked: 2 header bytes, then a 2- or 8-byte length when needed.
    while (pending.remaining() >= 2) {
      int start = pending.position();
      int length = pending.get(start + 1) & 0x7f;
      int header = 2;
      if (length == 126) {
        if (pending.remaining() < 4) {
          break;
        }
        length = pending.getShort(start + 2) & 0xffff;
        header = 4;
      } else if (length == 127) {
        if (pending.remaining() < 10) {
          break;
        }
        length = (int) pending.getLong(start + 2);
        header = 10;
      }
      if (pending.remaining() < header + length) {
        break;
      }
      long count = countIn(pending, start + header, start + header + length);
      if (count >= 0) {
        onCount.received(count, at);
      }
      pending.position(start + header + length);
    }
    pending.compact();
  }

  /** The digits after {@code "free":} in the frame, or -1. */
  private static long countIn(ByteBuffer frame, int from, int to) {
    outer:
    for (int i = from; i + FREE.length < to; i++) {
      for (int j = 0; j < FREE.length; j++) {
        if (frame.get(i + j) != FREE[j]) {
          continue outer;
        }
      }
      long value = 0;
      int k = i + FREE.length;
      while (k < to && frame.get(k) >= '0' && frame.get(k) <= '9') {
        value = value * 10 + (frame.get(k) - '0');
        k++;
      }
      return value;
    }
    return -1;
  }

  private static boolean endsHeaders(ByteBuffer head) {
    int p = head.position();
    return p >= 4 && head.get(p - 4) == '\r' && head.get(p - 3) == '\n' && head.get(p - 2) == '\r' && head.get(p - 1) == '\n';
  }

  /** A client text frame: clients must mask what they send (RFC 6455, 5.3). */
  static ByteBuffer maskedText(byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(payload.length + 8);
    frame.put((byte) 0x81);
    if (payload.length < 126) {
      frame.put((byte) (0x80 | payload.length));
    } else {
      frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.put(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ mask[i % 4]));
    }
    frame.flip();
    return frame;
  }

  static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.write(buffer) == 0) {
        Thread.onSpinWait();
      }
    }
  }

  @Override
  public void close() throws Exception {
    running = false;
    selector.wakeup();
    if (loop != null) {
      loop.join(2_000);
    }
    byte[] close = {(byte) 0x88, (byte) 0x80, 0, 0, 0, 0}; // a masked close frame, no payload
    for (Client client : clients) {
      try {
        writeFully(client.channel, ByteBuffer.wrap(close));
      } catch (IOException ignored) {
        // already closed by the server
      }
      client.channel.close();
    }
    selector.close();
  }
}
