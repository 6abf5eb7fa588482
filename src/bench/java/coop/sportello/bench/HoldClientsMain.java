package coop.sportello.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The booking benchmark's clients, in a process of their own so that the load generator costs the
 * server's JVM nothing (pgbench, the limit it is compared with, is a separate C process too):
 * {@code host ports tokensFile slotsFile clients warmUpMs durationMs perSecond}. Each of the clients keeps one
 * HTTP/1.1 connection and sends {@code POST /api/v1/bookings/holds} with a fresh Idempotency-Key
 * for a random slot of the file, as the next person of its own share of the file's access tokens
 * (one a line; client i goes round tokens i, i + clients, ...: nobody has two holds in flight):
 * back to back when {@code perSecond} is 0, otherwise on its own
 * fixed schedule (the clients together asking for {@code perSecond}), latency then counted from
 * when the request was due, so a slow answer that delays the next request is not hidden. The
 * first {@code warmUpMs} run at the same load and are not counted.
 * One thread, one selector, the JDK only. Prints {@code created refused collections} (the last:
 * how often the clients' JVM stopped to collect garbage) and then the latency of
 * every created hold in nanoseconds, one per line, each followed by when it was sent or due
 * (nanoseconds from the start), for looking at when the slow ones happened.
 */
public final class HoldClientsMain {

  private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One client: its connection, the request being written and the answer being read. */
  private static final class Client {
    final SocketChannel channel;
    ByteBuffer out;
    final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    long due;
    long timedFrom;
    boolean busy;
    /** This client's first token; it goes round tokens first, first + clients, ... */
    final int first;
    /** The token of its next hold. */
    int next;

    Client(SocketChannel channel, int first, int next) {
      this.channel = channel;
      this.first = first;
      this.next = next;
    }
  }

  private HoldClientsMain() { }

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int[] ports = java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
    List<String> tokens = Files.readAllLines(Path.of(args[2])).stream().filter(t -> !t.isBlank()).toList();
    List<String> slots = Files.readAllLines(Path.of(args[3])).stream().filter(s -> !s.isBlank()).toList();
    int clients = Integer.parseInt(args[4]);
    long warmUpNanos = Long.parseLong(args[5]) * 1_000_000;
    long durationNanos = Long.parseLong(args[6]) * 1_000_000;
    double perSecond = Double.parseDouble(args[7]);
    long intervalNanos = perSecond == 0 ? 0 : (long) (clients / perSecond * 1e9);
    String head = "POST /api/v1/bookings/holds HTTP/1.1\r\nHost: " + host
        + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nAuthorization: Bearer ";

    long[] latencies = new long[1 << 18];
    long[] startedAt = new long[latencies.length];
    int recorded = 0;
    List<Long> refusedAt = new ArrayList<>();
    long start = 0;
    SplittableRandom random = new SplittableRandom();
    try (Selector selector = Selector.open()) {
      Client[] all = new Client[clients];
      for (int i = 0; i < clients; i++) {
        // Client i talks to node i mod n, as a load balancer would spread them.
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, ports[i % ports.length]));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        // Each run starts somewhere in the client's round, so that the people it starts with are not always the same.
        all[i] = new Client(channel, i, i + clients * random.nextInt(Math.max(1, (tokens.size() - i + clients - 1) / clients)));
        channel.register(selector, SelectionKey.OP_READ, all[i]);
      }
      start = System.nanoTime();
      long measured = start + warmUpNanos;
      long end = measured + durationNanos;
      for (int i = 0; i < clients; i++) {
        all[i].due = start + (intervalNanos == 0 ? 0 : intervalNanos * i / clients);
      }
      int inFlight = 0;
      while (true) {
        long now = System.nanoTime();
        long nextDue = Long.MAX_VALUE;
        for (Client client : all) {
          if (client.busy) {
            continue;
          }
          if (client.due < end && now < end && client.due <= now) {
            String body = "{\"slotId\":\"" + slots.get(random.nextInt(slots.size())) + "\"}";
            String token = tokens.get(client.next % tokens.size());
            client.next = client.next + clients < tokens.size() ? client.next + clients : client.first;
            String request = head + token + "\r\nIdempotency-Key: " + new UUID(random.nextLong(), random.nextLong())
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            client.out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            client.timedFrom = intervalNanos == 0 ? now : client.due;
            client.busy = true;
            inFlight++;
            client.channel.write(client.out);
            if (client.out.hasRemaining()) {
              client.channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
          } else if (client.due < end && now < end) {
            nextDue = Math.min(nextDue, client.due);
          }
        }
        if (inFlight == 0 && (now >= end || nextDue == Long.MAX_VALUE)) {
          break;
        }
        long waitNanos = nextDue == Long.MAX_VALUE ? 100_000_000 : nextDue - System.nanoTime();
        if (waitNanos <= 0) {
          selector.selectNow();
        } else {
          selector.select(Math.max(1, waitNanos / 1_000_000));
        }
        for (SelectionKey key : selector.selectedKeys()) {
          Client client = (Client) key.attachment();
          if (key.isWritable()) {
            client.channel.write(client.out);
            if (!client.out.hasRemaining()) {
              key.interestOps(SelectionKey.OP_READ);
            }
          }
          if (key.isReadable()) {
            if (client.channel.read(client.in) < 0) {
              throw new IOException("the server closed a connection");
            }
            int status = completeAnswer(client.in);
            if (status > 0) {
              long done = System.nanoTime();
              // Warm-up answers are recorded like the others and dropped only at the end: a branch
              // taken for the first time when counting starts made the JIT recompile this loop
              // there, and the clients' own pause showed up as half a second of slow holds.
              if (status == 201) {
                if (recorded == latencies.length) {
                  latencies = Arrays.copyOf(latencies, recorded * 2);
                  startedAt = Arrays.copyOf(startedAt, recorded * 2);
                }
                latencies[recorded] = done - client.timedFrom;
                startedAt[recorded] = client.timedFrom - measured;
                recorded++;
              } else {
                if (refusedAt.size() < 5) {
                  System.err.println("refused: " + new String(client.in.array(), 0, client.in.position(), StandardCharsets.UTF_8));
                }
                refusedAt.add(client.timedFrom - measured);
              }
              client.in.clear();
              client.busy = false;
              inFlight--;
              client.due = intervalNanos == 0 ? done : client.due + intervalNanos;
            }
          }
        }
        selector.selectedKeys().clear();
      }
      for (Client client : all) {
        client.channel.close();
      }
    }
    // Reported with the figures: any collection (warm-up included) stopped every client at once.
    long collections = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    int created = 0;
    for (int i = 0; i < recorded; i++) {
      created += startedAt[i] >= 0 ? 1 : 0;
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    out.println(created + " " + refusedAt.stream().filter(at -> at >= 0).count() + " " + collections);
    for (int i = 0; i < recorded; i++) {
      if (startedAt[i] >= 0) {
        out.println(latencies[i] + " " + startedAt[i]);
      }
    }
    out.flush();
  }

  /**
   * The status of the answer in {@code in} once all of it has arrived, otherwise 0; the caller
   * empties the buffer once done with it. Sportello's JSON answers carry a Content-Length.
   */
  private static int completeAnswer(ByteBuffer in) throws IOException {
    byte[] bytes = in.array();
    int length = in.position();
    int headerEnd = indexOf(bytes, length, HEADER_END);
    if (headerEnd < 0) {
      return 0;
    }
    String header = new String(bytes, 0, headerEnd, StandardCharsets.US_ASCII);
    int contentLength = -1;
    for (String line : header.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        contentLength = Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    if (contentLength < 0) {
      throw new IOException("an answer without Content-Length: " + header);
    }
    int total = headerEnd + HEADER_END.length + contentLength;
    if (length < total) {
      return 0;
    }
    if (length > total) {
      throw new IOException("more bytes than one answer: the server sent an unasked answer");
    }
    return Integer.parseInt(header.substring(9, 12));
  }

  private static int indexOf(byte[] bytes, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
