package coop.sportello.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Thousands of SockJS raw-WebSocket clients that talk both ways, on the one thread that calls
 * {@link #poll}: the chat benchmark's people. Unlike {@link LeanWebSocketClients} (which only
 * listens) the handshake is non-blocking, so sockets can be opened and dropped while the others
 * are under load; frames arrive as text (fragmented messages reassembled); every open socket
 * pings every 5 s as vertx-eventbus.js does, each on its own phase. Framing helpers are shared with
 * {@link LeanWebSocketClients}.
 */
final class LeanChatSockets implements AutoCloseable {

  private static final String PING = "{\"type\":\"ping\"}";
  private static final long PING_NANOS = 5_000_000_000L;

  enum State { CONNECTING, HANDSHAKE, OPEN, CLOSED }

  /** What happens to the sockets, told on the polling thread. */
  interface Listener {
    void opened(Socket socket, long nanoTime);

    void text(Socket socket, String frame, long nanoTime);

    /** Closed by the server, refused, or failed; not called for {@link #drop}. */
    void closed(Socket socket, String why, long nanoTime);
  }

  /** One WebSocket; {@code owner} is whatever the caller attached. */
  static final class Socket {
    final Object owner;
    private final SocketChannel channel;
    private SelectionKey key;
    private State state = State.CONNECTING;
    private ByteBuffer pending;
    private java.io.ByteArrayOutputStream fragments;
    private long nextPing;
    private final String ticket;
    private final int server;

    private Socket(Object owner, SocketChannel channel, String ticket, int server) {
      this.owner = owner;
      this.channel = channel;
      this.ticket = ticket;
      this.server = server;
    }

    State state() {
      return state;
    }

    boolean open() {
      return state == State.OPEN;
    }
  }

  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);
  private final PriorityQueue<Socket> pings = new PriorityQueue<>((a, b) -> Long.compare(a.nextPing, b.nextPing));
  /** One per node: a socket goes to the node its {@code spread} picks, as a load balancer would. */
  private final InetSocketAddress[] servers;
  private final String[] hosts;
  private final Listener listener;
  private int openCount;
  private long framesIn;
  private long framesOut;

  /** @param ports one port, or several comma-separated (one per node) */
  LeanChatSockets(String host, String ports, Listener listener) throws IOException {
    String[] each = ports.split(",");
    this.servers = new InetSocketAddress[each.length];
    this.hosts = new String[each.length];
    for (int i = 0; i < each.length; i++) {
      hosts[i] = host + ":" + each[i].trim();
      servers[i] = new InetSocketAddress(host, Integer.parseInt(each[i].trim()));
    }
    this.listener = listener;
    this.selector = Selector.open();
  }

  int openCount() {
    return openCount;
  }

  long framesIn() {
    return framesIn;
  }

  long framesOut() {
    return framesOut;
  }

  /** Starts opening a socket with a bridge ticket; {@link Listener#opened} follows. */
  Socket open(String ticket, Object owner, int spread) {
    try {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Socket socket = new Socket(owner, channel, ticket, Math.floorMod(spread, servers.length));
      if (channel.connect(servers[socket.server])) {
        socket.key = channel.register(selector, SelectionKey.OP_READ, socket);
        handshake(socket);
      } else {
        socket.key = channel.register(selector, SelectionKey.OP_CONNECT, socket);
      }
      return socket;
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a socket", e);
    }
  }

  private void handshake(Socket socket) throws IOException {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String request = "GET /eventbus/websocket?ticket=" + socket.ticket + " HTTP/1.1\r\n"
        + "Host: " + hosts[socket.server] + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    LeanWebSocketClients.writeFully(socket.channel, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    socket.state = State.HANDSHAKE;
  }

  /** Sends one text frame; false if the socket is not open (or the write failed, which closes it). */
  boolean send(Socket socket, String text) {
    if (socket.state != State.OPEN) {
      return false;
    }
    try {
      LeanWebSocketClients.writeFully(socket.channel, LeanWebSocketClients.maskedText(text.getBytes(StandardCharsets.UTF_8)));
      framesOut++;
      return true;
    } catch (IOException e) {
      lost(socket, "write failed: " + e.getMessage(), System.nanoTime());
      return false;
    }
  }

  /** Drops a socket abruptly, as a lost network does: no close frame, TCP reset. */
  void drop(Socket socket) {
    if (socket.state == State.CLOSED) {
      return;
    }
    if (socket.state == State.OPEN) {
      openCount--;
    }
    socket.state = State.CLOSED;
    try {
      socket.key.cancel();
      socket.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      socket.channel.close();
    } catch (IOException ignored) {
      // gone either way
    }
  }

  /** Makes a {@link #poll} in progress return now (from any thread). */
  void wakeup() {
    selector.wakeup();
  }

  /** Waits up to {@code timeoutMillis} for input, handles it, and pings the sockets that are due. */
  void poll(long timeoutMillis) throws IOException {
    if (timeoutMillis <= 0) {
      selector.selectNow();
    } else {
      selector.select(timeoutMillis);
    }
    for (SelectionKey key : selector.selectedKeys()) {
      Socket socket = (Socket) key.attachment();
      if (!key.isValid() || socket.state == State.CLOSED) {
        continue;
      }
      if (key.isConnectable()) {
        try {
          socket.channel.finishConnect();
          key.interestOps(SelectionKey.OP_READ);
          handshake(socket);
        } catch (IOException e) {
          lost(socket, "connect failed: " + e.getMessage(), System.nanoTime());
        }
      } else if (key.isReadable()) {
        read(socket);
      }
    }
    selector.selectedKeys().clear();
    long now = System.nanoTime();
    while (!pings.isEmpty() && pings.peek().nextPing <= now) {
      Socket socket = pings.poll();
      if (socket.state == State.OPEN && send(socket, PING)) {
        socket.nextPing += PING_NANOS;
        pings.add(socket);
      }
    }
  }

  private void lost(Socket socket, String why, long now) {
    if (socket.state == State.CLOSED) {
      return;
    }
    drop(socket);
    listener.closed(socket, why, now);
  }

  private void read(Socket socket) {
    readBuffer.clear();
    int n;
    try {
      n = socket.channel.read(readBuffer);
    } catch (IOException e) {
      lost(socket, "read failed: " + e.getMessage(), System.nanoTime());
      return;
    }
    long at = System.nanoTime();
    if (n < 0) {
      lost(socket, "closed by the server", at);
      return;
    }
    if (n == 0) {
      return;
    }
    readBuffer.flip();
    ByteBuffer data = readBuffer;
    if (socket.pending != null && socket.pending.position() > 0) {
      socket.pending = ensure(socket.pending, readBuffer.remaining());
      socket.pending.put(readBuffer).flip();
      data = socket.pending;
    }
    if (socket.state == State.HANDSHAKE && !headers(socket, data, at)) {
      keep(socket, data);
      return;
    }
    frames(socket, data, at);
    keep(socket, data);
  }

  /** Leaves the unread part of {@code data} in the socket's pending buffer. */
  private static void keep(Socket socket, ByteBuffer data) {
    if (socket.state == State.CLOSED) {
      return;
    }
    if (data == socket.pending) {
      data.compact();
    } else if (data.hasRemaining()) {
      socket.pending = ensure(socket.pending, data.remaining());
      socket.pending.put(data);
    }
  }

  private static ByteBuffer ensure(ByteBuffer buffer, int more) {
    if (buffer == null) {
      return ByteBuffer.allocate(Math.max(4096, more * 2));
    }
    if (buffer.remaining() >= more) {
      return buffer;
    }
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more * 2));
    buffer.flip();
    return bigger.put(buffer);
  }

  /** Reads the handshake's response headers; true once the socket is open (remaining bytes are frames). */
  private boolean headers(Socket socket, ByteBuffer data, long at) {
    int start = data.position();
    for (int i = start; i + 3 < data.limit(); i++) {
      if (data.get(i) == '\r' && data.get(i + 1) == '\n' && data.get(i + 2) == '\r' && data.get(i + 3) == '\n') {
        byte[] head = new byte[i - start];
        data.get(head);
        data.position(i + 4);
        String status = new String(head, StandardCharsets.US_ASCII);
        if (!status.startsWith("HTTP/1.1 101")) {
          lost(socket, "handshake refused: " + status.lines().findFirst().orElse(""), at);
          return false;
        }
        socket.state = State.OPEN;
        openCount++;
        socket.nextPing = at + ThreadLocalRandom.current().nextLong(PING_NANOS);
        pings.add(socket);
        listener.opened(socket, at);
        return true;
      }
    }
    return false;
  }

  /** Every complete frame in {@code data}; a partial one stays for the next read. */
  private void frames(Socket socket, ByteBuffer data, long at) {
    while (data.remaining() >= 2 && socket.state == State.OPEN) {
      int start = data.position();
      int b0 = data.get(start) & 0xff;
      int length = data.get(start + 1) & 0x7f;
      int header = 2;
      if (length == 126) {
        if (data.remaining() < 4) {
          return;
        }
        length = data.getShort(start + 2) & 0xffff;
        header = 4;
      } else if (length == 127) {
        if (data.remaining() < 10) {
          return;
        }
        length = (int) data.getLong(start + 2);
        header = 10;
      }
      if (data.remaining() < header + length) {
        return;
      }
      byte[] payload = new byte[length];
      data.position(start + header);
      data.get(payload);
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0f;
      switch (opcode) {
        case 0x1, 0x2, 0x0 -> {
          if (!fin || socket.fragments != null) {
            if (socket.fragments == null) {
              socket.fragments = new java.io.ByteArrayOutputStream();
            }
            socket.fragments.writeBytes(payload);
            if (!fin) {
              continue;
            }
            payload = socket.fragments.toByteArray();
            socket.fragments = null;
          }
          framesIn++;
          listener.text(socket, new String(payload, StandardCharsets.UTF_8), at);
        }
        case 0x8 -> lost(socket, "close frame from the server", at);
        case 0x9 -> {
          try {
            ByteBuffer pong = LeanWebSocketClients.maskedText(payload);
            pong.put(0, (byte) 0x8a);
            LeanWebSocketClients.writeFully(socket.channel, pong);
          } catch (IOException e) {
            lost(socket, "pong failed", at);
          }
        }
        default -> { } // pong: nothing to do
      }
    }
  }

  /** Closes every socket properly (a close frame, then FIN), as a page being left does. */
  @Override
  public void close() throws IOException {
    byte[] close = {(byte) 0x88, (byte) 0x80, 0, 0, 0, 0}; // a masked close frame, no payload
    for (SelectionKey key : List.copyOf(selector.keys())) {
      Socket socket = (Socket) key.attachment();
      if (socket.state == State.OPEN) {
        try {
          LeanWebSocketClients.writeFully(socket.channel, ByteBuffer.wrap(close));
        } catch (IOException ignored) {
          // already closed by the server
        }
      }
      socket.state = State.CLOSED;
      socket.channel.close();
    }
    selector.close();
  }
}
