package coop.sportello.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The push benchmark's screens, in a process of their own (so that it can be pinned to its own
 * core): {@code host port address clients}. Fetches guest bridge tickets, opens the WebSockets,
 * prints {@code READY}, records every count it receives with its {@code System.nanoTime()} (the
 * same monotonic clock as the parent's on Linux) and, on {@code STOP} from standard input, prints
 * them as {@code count nanos} lines after a line with their number. Uses only the JDK.
 */
public final class PushClientsMain {

  private static final Pattern TICKET = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"");

  private PushClientsMain() { }

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String address = args[2];
    int clients = Integer.parseInt(args[3]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long[] counts = new long[clients * 64];
    long[] times = new long[clients * 64];
    int[] received = new int[1];
    try (LeanWebSocketClients sockets = new LeanWebSocketClients(host, port)) {
      // Guest tickets live 30 s: fetch and use them a batch at a time.
      for (int batch = 0; batch < clients; batch += 250) {
        List<CompletableFuture<HttpResponse<String>>> tickets = new ArrayList<>();
        for (int i = batch; i < Math.min(clients, batch + 250); i++) {
          tickets.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port
                  + "/api/v1/auth/bridge-ticket/guest")).POST(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> ticket : tickets) {
          Matcher m = TICKET.matcher(ticket.get().body());
          if (!m.find()) {
            throw new IllegalStateException("no ticket in " + ticket.get().body());
          }
          sockets.connect(m.group(1), address);
        }
      }
      sockets.start((count, at) -> {
        synchronized (received) {
          if (received[0] < counts.length) {
            counts[received[0]] = count;
            times[received[0]] = at;
            received[0]++;
          }
        }
      });
      out.println("READY " + sockets.size());
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
      String line;
      while ((line = in.readLine()) != null && !line.equals("STOP")) {
        if (line.equals("COUNT")) {
          synchronized (received) {
            out.println("COUNT " + received[0]);
          }
          out.flush();
        }
      }
    }
    synchronized (received) {
      out.println(received[0]);
      for (int i = 0; i < received[0]; i++) {
        out.println(counts[i] + " " + times[i]);
      }
    }
    out.flush();
  }
}
