package coop.sportello.bench;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The chat benchmark's people, in a process of their own (one thread, one selector, see
 * {@link LeanChatSockets}): welfare managers, citizens in conversation with them, and idle
 * citizens whose widget is open. Arguments: {@code host port managers conversations idleCitizens};
 * {@code port} may list several nodes' ports, comma-separated: person {@code i} of each kind connects to
 * node {@code i mod n}, so about half the conversations cross nodes.
 *
 * <p>Standard input: {@code T <who> <ticket>} lines (a bridge ticket for person {@code m<i>} or
 * {@code c<i>}), then commands: {@code CONNECT} (open every socket, start and accept every
 * conversation), {@code LOAD <rate> <warmUpS> <measureS>}, {@code CHAOS <rate> <seconds> <dropEveryMs>
 * <offlineMinMs> <offlineMaxMs>}, {@code DUMP}, {@code STOP}. Standard output: {@code TICKET <who>} when
 * someone needs a new ticket (to reconnect), {@code R <figure>} result lines and {@code END} after
 * each command, {@code OBS} lines (what each conversation's people saw) for {@code DUMP}.
 *
 * <p>The clients behave as the chat widget and the managers' console should: each side of a
 * conversation has an outbox sent in order, one command in flight at a time, retried with the same
 * clientId after a reconnect; a citizen who reconnects registers their inbox again and resumes
 * from the last contiguous sequence number they hold; events are kept by sequence number, so one
 * that arrives twice (live and in the catch-up) is counted as an overlap and kept once.
 *
 * <p>Messages are scheduled open loop at a fixed aggregate rate; latencies are counted from when
 * a message was due (a message queued behind a slow one, or behind a dropped socket, pays for the
 * wait). Every text carries its key ({@code c<n>} citizen's n-th, {@code m<n>} manager's n-th) and
 * its due time, so the receiving side measures delivery with the same clock.
 */
public final class ChatClientsMain {

  private static final String[] TOPICS = {"education", "childhood", "elderly", "work_life", "health"};
  private static final String FILLER = "Buongiorno, vorrei sapere se il servizio e' disponibile anche il sabato mattina.";
  private static final long SEND_TIMEOUT_NANOS = 12_000_000_000L;
  private static final long PRESENCE_NANOS = 20_000_000_000L;
  private static final int START_WINDOW = 100;
  private static final int HANDSHAKE_WINDOW = 64;

  enum Kind { START, ACCEPT, SEND, RESUME, PRESENCE }

  /** A command waiting for its reply. */
  private record Pending(Kind kind, Conv conv, Outbox outbox, long sentAt) { }

  private static final class Person {
    final String who;
    final String subject;
    final boolean manager;
    final int index;
    final Map<String, Pending> pending = new HashMap<>();
    LeanChatSockets.Socket socket;
    String ticket;
    boolean online;
    boolean waitingTicket;
    long reconnectAt;
    long droppedAt;
    Conv conv;
    boolean wantsConversation;
    boolean startSent;
    boolean inHandshakeWindow;
    long openedAt;

    Person(String who, String subject, boolean manager, int index) {
      this.who = who;
      this.subject = subject;
      this.manager = manager;
      this.index = index;
    }
  }

  private static final class Msg {
    final String key;
    final String clientId;
    final long due;
    /** The sender was online when it fell due: with one attempt, a message chaos did not touch. */
    final boolean dueOnline;
    boolean acked;
    int attempts;

    Msg(String key, String clientId, long due, boolean dueOnline) {
      this.key = key;
      this.clientId = clientId;
      this.due = due;
      this.dueOnline = dueOnline;
    }

    boolean undisturbed() {
      return dueOnline && attempts == 1;
    }
  }

  /** One side's outgoing messages in one conversation: in order, one in flight. */
  private static final class Outbox {
    final char side;
    final ArrayDeque<Msg> queue = new ArrayDeque<>();
    final List<Msg> all = new ArrayList<>();
    Msg inFlight;
    String replyAddress;
    long sentAt;
    long retryAt;

    Outbox(char side) {
      this.side = side;
    }

    boolean idle() {
      return inFlight == null && queue.isEmpty();
    }
  }

  private static final class Conv {
    final String id;
    Person citizen;
    Person manager;
    boolean accepting;
    boolean counted;
    /** What the citizen holds, by public sequence number: the message key or the event kind. */
    final ArrayList<String> bySeq = new ArrayList<>(List.of("-"));
    int head;
    int overlap;
    int ahead;
    int conflicts;
    int recovered;
    boolean resuming;
    final BitSet managerGot = new BitSet();
    final Outbox citizenOut = new Outbox('c');
    final Outbox managerOut = new Outbox('m');

    Conv(String id) {
      this.id = id;
    }

    boolean active() {
      return citizen != null && manager != null;
    }
  }

  /** Growable array of nanoseconds. */
  private static final class Samples {
    long[] values = new long[1024];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    Stats stats() {
      return new Stats(Arrays.copyOf(values, size));
    }
  }

  /** Figures for one measured window. */
  private static final class Window {
    final String name;
    long from;
    long to;
    long fromEpochMs;
    final Samples ack = new Samples();
    final Samples delivery = new Samples();
    final Samples deliveryToManager = new Samples();
    final Samples deliveryToCitizen = new Samples();
    final Samples ackUndisturbed = new Samples();
    final Samples deliveryUndisturbed = new Samples();
    long generated;

    Window(String name) {
      this.name = name;
    }

    boolean contains(long due) {
      return due >= from && due < to;
    }
  }

  private final LeanChatSockets sockets;
  private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
  private final ConcurrentLinkedQueue<String> control = new ConcurrentLinkedQueue<>();
  private final Map<String, Person> people = new HashMap<>();
  private final List<Person> managers = new ArrayList<>();
  private final List<Person> citizens = new ArrayList<>();
  private final Map<String, Conv> byId = new HashMap<>();
  private final List<Conv> active = new ArrayList<>();
  private final Random random = new Random(42);
  private final int wantedConversations;
  private long replyCounter;

  // phase state
  private String phase = "IDLE";
  private long phaseStarted;
  private final ArrayDeque<Person> toOpen = new ArrayDeque<>();
  private int handshaking;
  private final ArrayDeque<Person> toStart = new ArrayDeque<>();
  private int startsOpen;
  private double rate;
  private long nextDue;
  private long generateUntil;
  private long dropEveryNanos;
  private long nextDrop;
  private long offlineMinNanos;
  private long offlineMaxNanos;
  private boolean armedMidSendDrop;
  private int dropTick;
  private long drainDeadline;
  private long settleUntil;
  private Window window;
  private final List<Window> windows = new ArrayList<>();
  private long nextPresence;
  private long nextTimeoutScan;

  // counters
  private long handshakeFailures;
  private long serverCloses;
  private final TreeMap<String, Long> closeReasons = new TreeMap<>();
  private long drops;
  private long midSendDrops;
  private long reconnects;
  private long resumes;
  private long replayed;
  private long retries;
  private long timeouts;
  private final TreeMap<String, Long> sendErrors = new TreeMap<>();
  private long otherErrors;
  private long acceptErrors;
  private long signals;
  private final Samples reconnectTimes = new Samples();

  private ChatClientsMain(String host, String port, int managerCount, int conversations, int idle) throws Exception {
    this.wantedConversations = conversations;
    this.sockets = new LeanChatSockets(host, port, new LeanChatSockets.Listener() {
      @Override
      public void opened(LeanChatSockets.Socket socket, long nanoTime) {
        onOpened((Person) socket.owner, nanoTime);
      }

      @Override
      public void text(LeanChatSockets.Socket socket, String frame, long nanoTime) {
        onFrame((Person) socket.owner, frame, nanoTime);
      }

      @Override
      public void closed(LeanChatSockets.Socket socket, String why, long nanoTime) {
        onClosed((Person) socket.owner, why, nanoTime);
      }
    });
    for (int i = 0; i < managerCount; i++) {
      Person m = new Person("m" + i, "bench-manager-" + i, true, i);
      managers.add(m);
      people.put(m.who, m);
    }
    for (int i = 0; i < conversations + idle; i++) {
      Person c = new Person("c" + i, "bench-citizen-" + i, false, i);
      c.wantsConversation = i < conversations;
      citizens.add(c);
      people.put(c.who, c);
    }
  }

  public static void main(String[] args) throws Exception {
    ChatClientsMain main = new ChatClientsMain(args[0], args[1], Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    Thread loop = new Thread(() -> {
      try {
        main.run();
      } catch (Throwable e) {
        e.printStackTrace();
        System.exit(2);
      }
    }, "chat-clients");
    loop.start();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      main.control.add(line);
      main.sockets.wakeup();
      if (line.equals("STOP")) {
        break;
      }
    }
    loop.join();
    System.exit(0);
  }

  // ---- the loop ------------------------------------------------------------------------------

  private void run() throws Exception {
    while (true) {
      long now = System.nanoTime();
      long wait = 5;
      if (phase.equals("LOAD") || phase.equals("CHAOS")) {
        // At least 1 ms: messages go out in small batches instead of a core spinning on the schedule.
        wait = Math.max(1, Math.min(2, (nextDue - now) / 1_000_000));
      }
      sockets.poll(wait);
      String line;
      while ((line = control.poll()) != null) {
        if (line.equals("STOP")) {
          sockets.close();
          out.flush();
          return;
        }
        command(line);
      }
      tick(System.nanoTime());
    }
  }

  private void command(String line) {
    String[] w = line.split(" ");
    long now = System.nanoTime();
    switch (w[0]) {
      case "T" -> {
        Person p = people.get(w[1]);
        p.ticket = w[2];
        if (p.waitingTicket) {
          p.waitingTicket = false;
          p.openedAt = now;
          p.socket = sockets.open(p.ticket, p, p.index);
          p.ticket = null;
        }
      }
      case "CONNECT" -> {
        phase = "CONNECT";
        phaseStarted = now;
        toOpen.addAll(managers);
        toOpen.addAll(citizens);
      }
      case "LOAD" -> {
        rate = Double.parseDouble(w[1]);
        long warmUp = Long.parseLong(w[2]) * 1_000_000_000L;
        long measure = Long.parseLong(w[3]) * 1_000_000_000L;
        startGenerating("LOAD", now, warmUp, measure, "load at " + w[1] + "/s");
      }
      case "CHAOS" -> {
        rate = Double.parseDouble(w[1]);
        long seconds = Long.parseLong(w[2]) * 1_000_000_000L;
        dropEveryNanos = Long.parseLong(w[3]) * 1_000_000L;
        offlineMinNanos = Long.parseLong(w[4]) * 1_000_000L;
        offlineMaxNanos = Long.parseLong(w[5]) * 1_000_000L;
        nextDrop = now + dropEveryNanos;
        startGenerating("CHAOS", now, 0, seconds, "chaos at " + w[1] + "/s");
      }
      case "DUMP" -> dump();
      default -> throw new IllegalArgumentException("unknown command " + line);
    }
  }

  private void startGenerating(String name, long now, long warmUp, long measure, String label) {
    phase = name;
    phaseStarted = now;
    nextDue = now;
    generateUntil = now + warmUp + measure;
    window = new Window(label);
    window.from = now + warmUp;
    window.to = now + warmUp + measure;
    window.fromEpochMs = System.currentTimeMillis() + warmUp / 1_000_000;
    windows.add(window);
  }

  private void tick(long now) {
    switch (phase) {
      case "CONNECT" -> connecting(now);
      case "LOAD", "CHAOS" -> {
        generate(now);
        if (phase.equals("CHAOS")) {
          chaos(now);
        }
        if (now >= generateUntil) {
          phase = "DRAIN";
          drainDeadline = now + 30_000_000_000L;
          settleUntil = 0;
        }
      }
      case "DRAIN" -> draining(now);
      default -> { }
    }
    reconnectDue(now);
    if (now >= nextPresence && !managers.isEmpty() && managers.get(0).online) {
      nextPresence = now + PRESENCE_NANOS;
      for (Person m : managers) {
        presence(m, now);
      }
    }
    if (now >= nextTimeoutScan) {
      nextTimeoutScan = now + 1_000_000_000L;
      scanTimeouts(now);
    }
    for (Conv c : retrying) {
      pump(c, c.citizenOut, now);
      pump(c, c.managerOut, now);
    }
    retrying.clear();
  }

  private final List<Conv> retrying = new ArrayList<>();

  // ---- setup ---------------------------------------------------------------------------------

  private void connecting(long now) {
    while (handshaking < HANDSHAKE_WINDOW && !toOpen.isEmpty()) {
      Person p = toOpen.peek();
      if (p.ticket == null) {
        break; // tickets still on their way from the parent
      }
      toOpen.poll();
      handshaking++;
      p.inHandshakeWindow = true;
      p.openedAt = now;
      p.socket = sockets.open(p.ticket, p, p.index);
      p.ticket = null;
    }
    while (startsOpen < START_WINDOW && !toStart.isEmpty()) {
      Person c = toStart.poll();
      if (!c.online) {
        continue;
      }
      startsOpen++;
      c.startSent = true;
      request(c, Kind.START, null, null, "chat.start", "{\"clientId\":\"start." + c.index + ".bench\",\"topic\":\""
          + TOPICS[c.index % TOPICS.length] + "\",\"language\":\"it\"}", now);
    }
    boolean done = toOpen.isEmpty() && handshaking == 0 && toStart.isEmpty() && active.size() >= wantedConversations;
    boolean late = now - phaseStarted > 240_000_000_000L;
    if (done || late) {
      phase = "IDLE";
      if (late) {
        result(String.format("SETUP INCOMPLETE after 240 s: %d to open, %d handshaking, %d to start, %d started and waiting,"
            + " %d of %d conversations active", toOpen.size(), handshaking, toStart.size(), startsOpen, active.size(),
            wantedConversations));
      }
      // Every conversation accepted: the figures of the setup.
      int managersOnline = (int) managers.stream().filter(p -> p.online).count();
      int citizensOnline = (int) citizens.stream().filter(p -> p.online).count();
      result(String.format("sockets connected: %d (%d managers, %d citizens of which %d in conversation, %d idle); "
              + "handshake failures %d", sockets.openCount(), managersOnline, citizensOnline, active.size(),
          citizensOnline - active.size(), handshakeFailures));
      result(String.format("setup: %d conversations started, offered and accepted in %.1f s", active.size(),
          (now - phaseStarted) / 1e9));
      end();
    }
  }

  private void onOpened(Person p, long now) {
    if (p.online) {
      return;
    }
    p.online = true;
    if (p.inHandshakeWindow) {
      p.inHandshakeWindow = false;
      handshaking--;
    }
    boolean reconnect = p.droppedAt != 0;
    if (reconnect) {
      reconnects++;
    }
    send(p, "{\"type\":\"register\",\"address\":\"chat.inbox." + p.subject + "\"}");
    if (p.manager) {
      presence(p, now);
      if (reconnect) {
        for (Conv each : active) {
          if (each.manager == p) {
            pump(each, each.managerOut, now);
          }
        }
      }
      return;
    }
    Conv c = p.conv;
    if (c != null) {
      // A reconnect: catch up from the last contiguous event held, then send what is owed.
      c.resuming = true;
      resume(c, now);
      pump(c, c.citizenOut, now);
    } else if (p.wantsConversation && !p.startSent) {
      toStart.add(p);
    }
  }

  private void onClosed(Person p, String why, long now) {
    boolean duringHandshake = !p.online;
    if (duringHandshake) {
      handshakeFailures++;
      if (p.inHandshakeWindow) {
        p.inHandshakeWindow = false;
        handshaking--;
      }
    } else {
      serverCloses++;
    }
    closeReasons.merge(why.length() > 60 ? why.substring(0, 60) : why, 1L, Long::sum);
    offline(p, now);
    p.reconnectAt = now + 200_000_000L;
    reconnecting.add(p);
  }

  /** The person's socket is gone: replies on its way will never come. */
  private void offline(Person p, long now) {
    p.online = false;
    p.droppedAt = now;
    for (Pending pending : p.pending.values()) {
      if (pending.kind() == Kind.SEND) {
        pending.outbox().replyAddress = null; // resent after the reconnect
      } else if (pending.kind() == Kind.RESUME) {
        pending.conv().resuming = false;
      } else if (pending.kind() == Kind.START) {
        startsOpen--;
        p.startSent = false;
        toStart.add(p);
      } else if (pending.kind() == Kind.ACCEPT) {
        pending.conv().accepting = false;
      }
    }
    p.pending.clear();
  }

  private void reconnectDue(long now) {
    for (Person p : reconnecting) {
      if (!p.online && !p.waitingTicket && p.reconnectAt != 0 && now >= p.reconnectAt && p.socket.state()
          == LeanChatSockets.State.CLOSED) {
        p.waitingTicket = true;
        out.println("TICKET " + p.who);
        out.flush();
      }
    }
    reconnecting.removeIf(p -> p.waitingTicket || p.online);
  }

  private final List<Person> reconnecting = new ArrayList<>();

  // ---- load and chaos ------------------------------------------------------------------------

  private void generate(long now) {
    long interval = (long) (1e9 / rate);
    while (nextDue <= now && nextDue < generateUntil) {
      Conv c = active.get(random.nextInt(active.size()));
      boolean citizen = random.nextBoolean();
      Outbox box = citizen ? c.citizenOut : c.managerOut;
      int n = box.all.size() + 1;
      String key = box.side + String.valueOf(n);
      Msg msg = new Msg(key, "bench." + key + "." + c.citizen.index, nextDue, (citizen ? c.citizen : c.manager).online);
      box.all.add(msg);
      box.queue.add(msg);
      if (window.contains(nextDue)) {
        window.generated++;
      }
      pump(c, box, now);
      nextDue += interval;
    }
  }

  /** Sends the next message of an outbox if nothing is in flight (or resends the one in flight after a reconnect). */
  private void pump(Conv c, Outbox box, long now) {
    Person sender = box.side == 'c' ? c.citizen : c.manager;
    if (!sender.online || now < box.retryAt) {
      return;
    }
    if (box.inFlight == null) {
      box.inFlight = box.queue.poll();
      if (box.inFlight == null) {
        return;
      }
    } else if (box.replyAddress != null) {
      return; // waiting for the reply
    } else {
      retries++;
    }
    Msg msg = box.inFlight;
    msg.attempts++;
    box.sentAt = now;
    box.replyAddress = request(sender, Kind.SEND, c, box, "chat.send", "{\"conversationId\":\"" + c.id
        + "\",\"clientId\":\"" + msg.clientId + "\",\"text\":\"" + msg.key + " " + msg.due + " " + FILLER + "\"}", now);
    if (armedMidSendDrop && box.side == 'c' && phase.equals("CHAOS")) {
      armedMidSendDrop = false;
      midSendDrops++;
      drop(sender, now);
    }
  }

  private void chaos(long now) {
    if (now < nextDrop) {
      return;
    }
    nextDrop += dropEveryNanos;
    // Every other drop hits a citizen just after they sent a message, before its acknowledgement.
    if (dropTick++ % 2 == 1) {
      armedMidSendDrop = true;
      return;
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      Conv c = active.get(random.nextInt(active.size()));
      if (c.citizen.online && !c.resuming) {
        drop(c.citizen, now);
        return;
      }
    }
  }

  private void drop(Person p, long now) {
    drops++;
    sockets.drop(p.socket);
    offline(p, now);
    p.reconnectAt = now + offlineMinNanos + (long) (random.nextDouble() * (offlineMaxNanos - offlineMinNanos));
    reconnecting.add(p);
  }

  private void draining(long now) {
    boolean settled = reconnecting.isEmpty();
    if (settled) {
      for (Conv c : active) {
        if (!c.citizenOut.idle() || !c.managerOut.idle() || c.resuming || !c.citizen.online) {
          settled = false;
          break;
        }
      }
    }
    if (settled && settleUntil == 0) {
      settleUntil = now + 1_500_000_000L; // deliveries still on the wire
    }
    if ((settleUntil != 0 && now >= settleUntil) || now >= drainDeadline) {
      phase = "IDLE";
      report(now, settled);
    }
  }

  private void scanTimeouts(long now) {
    for (Conv c : active) {
      for (Outbox box : new Outbox[] {c.citizenOut, c.managerOut}) {
        if (box.replyAddress != null && now - box.sentAt > SEND_TIMEOUT_NANOS) {
          timeouts++;
          Person sender = box.side == 'c' ? c.citizen : c.manager;
          sender.pending.remove(box.replyAddress);
          box.replyAddress = null;
          retrying.add(c);
        }
      }
    }
  }

  // ---- frames --------------------------------------------------------------------------------

  private String request(Person p, Kind kind, Conv conv, Outbox box, String address, String body, long now) {
    String replyAddress = "r" + (++replyCounter);
    p.pending.put(replyAddress, new Pending(kind, conv, box, now));
    send(p, "{\"type\":\"send\",\"address\":\"" + address + "\",\"body\":" + body + ",\"replyAddress\":\""
        + replyAddress + "\"}");
    return replyAddress;
  }

  private void send(Person p, String frame) {
    sockets.send(p.socket, frame);
  }

  private void presence(Person m, long now) {
    if (m.online) {
      request(m, Kind.PRESENCE, null, null, "chat.presence", "{\"available\":true}", now);
    }
  }

  private void resume(Conv c, long now) {
    resumes++;
    request(c.citizen, Kind.RESUME, c, null, "chat.resume", "{\"conversationId\":\"" + c.id + "\",\"after\":"
        + c.head + "}", now);
  }

  private void onFrame(Person p, String text, long now) {
    Map<String, Object> frame = MiniJson.object(MiniJson.parse(text));
    String type = MiniJson.string(frame, "type");
    String address = MiniJson.string(frame, "address");
    if ("rec".equals(type) && address != null && address.startsWith("chat.inbox.")) {
      inbox(p, MiniJson.object(frame.get("body")), now);
      return;
    }
    Pending pending = address == null ? null : p.pending.remove(address);
    if (pending == null) {
      if ("err".equals(type)) {
        otherErrors++;
        if (otherErrors <= 5) {
          System.err.println("chat clients: unexpected error frame " + text);
        }
      }
      return;
    }
    if ("err".equals(type)) {
      failed(p, pending, MiniJson.number(frame, "failureCode", 0), MiniJson.string(frame, "message"), now);
    } else {
      replied(p, pending, MiniJson.object(frame.get("body")), now);
    }
  }

  private void replied(Person p, Pending pending, Map<String, Object> body, long now) {
    switch (pending.kind()) {
      case START -> {
        String id = MiniJson.string(MiniJson.object(body.get("conversation")), "id");
        Conv c = byId.computeIfAbsent(id, Conv::new);
        c.citizen = p;
        p.conv = c;
        activated(c);
      }
      case ACCEPT -> {
        Conv c = pending.conv();
        c.manager = p;
        activated(c);
      }
      case SEND -> {
        Outbox box = pending.outbox();
        Msg msg = box.inFlight;
        if (msg == null) {
          return;
        }
        msg.acked = true;
        if (MiniJson.bool(body, "replayed")) {
          replayed++;
        }
        Window w = windowOf(msg.due);
        if (w != null) {
          w.ack.add(now - msg.due);
          if (msg.undisturbed()) {
            w.ackUndisturbed.add(now - msg.due);
          }
        }
        box.inFlight = null;
        box.replyAddress = null;
        pump(pending.conv(), box, now);
      }
      case RESUME -> {
        Conv c = pending.conv();
        long max = c.head;
        for (Object o : MiniJson.array(body.get("events"))) {
          Map<String, Object> event = MiniJson.object(o);
          long seq = MiniJson.number(event, "seq", -1);
          max = Math.max(max, seq);
          if (hold(c, (int) seq, keyOf(event), false)) {
            c.recovered++;
          }
        }
        if (!MiniJson.bool(body, "complete")) {
          resumes++;
          request(c.citizen, Kind.RESUME, c, null, "chat.resume", "{\"conversationId\":\"" + c.id + "\",\"after\":"
              + max + "}", now);
        } else {
          c.resuming = false;
          reconnectTimes.add(now - p.openedAt);
        }
      }
      case PRESENCE -> { }
      default -> throw new IllegalStateException();
    }
  }

  private void activated(Conv c) {
    if (c.active() && !c.counted) {
      c.counted = true;
      active.add(c);
      startsOpen--;
    }
  }

  private void failed(Person p, Pending pending, long code, String message, long now) {
    switch (pending.kind()) {
      case SEND -> {
        String type = problemType(message);
        sendErrors.merge(code + " " + type, 1L, Long::sum);
        Outbox box = pending.outbox();
        box.replyAddress = null;
        box.retryAt = now + 20_000_000L;
        retrying.add(pending.conv());
      }
      case ACCEPT -> {
        acceptErrors++;
        pending.conv().accepting = false;
        if (acceptErrors <= 5) {
          System.err.println("chat clients: accept refused: " + code + " " + message);
        }
      }
      case START -> {
        System.err.println("chat clients: start refused for " + p.subject + ": " + code + " " + message);
        startsOpen--;
      }
      case RESUME -> {
        otherErrors++;
        System.err.println("chat clients: resume refused: " + code + " " + message);
        pending.conv().resuming = false;
      }
      default -> otherErrors++;
    }
  }

  private static String problemType(String message) {
    try {
      return String.valueOf(MiniJson.string(MiniJson.object(MiniJson.parse(message)), "type"));
    } catch (RuntimeException e) {
      return message == null ? "?" : message.length() > 40 ? message.substring(0, 40) : message;
    }
  }

  /** An event (or a signal) on someone's inbox. */
  private void inbox(Person p, Map<String, Object> body, long now) {
    long seq = MiniJson.number(body, "seq", -1);
    if (seq < 0) {
      signals++;
      return;
    }
    String id = MiniJson.string(body, "conversationId");
    String kind = MiniJson.string(body, "kind");
    Conv c = byId.computeIfAbsent(id, Conv::new);
    if (p.manager) {
      if ("offered".equals(kind) && c.manager == null && !c.accepting) {
        c.accepting = true;
        request(p, Kind.ACCEPT, c, null, "chat.accept", "{\"conversationId\":\"" + id + "\",\"clientId\":\"accept."
            + id.substring(0, 8) + "\"}", now);
      } else if ("message".equals(kind)) {
        String[] text = textOf(body);
        if (text[0].charAt(0) == 'c') {
          int n = Integer.parseInt(text[0].substring(1));
          c.managerGot.set(n);
          delivered(Long.parseLong(text[1]), now, true, n <= c.citizenOut.all.size() && c.citizenOut.all.get(n - 1).undisturbed());
        }
      }
      return;
    }
    String key = keyOf(body);
    hold(c, (int) seq, key, true);
    if (key.charAt(0) == 'm' && "message".equals(kind)) {
      int n = Integer.parseInt(key.substring(1));
      delivered(Long.parseLong(textOf(body)[1]), now, false, n <= c.managerOut.all.size()
          && c.managerOut.all.get(n - 1).undisturbed() && p.droppedAt == 0);
    }
  }

  private void delivered(long due, long now, boolean toManager, boolean undisturbed) {
    Window w = windowOf(due);
    if (w != null) {
      w.delivery.add(now - due);
      if (undisturbed) {
        w.deliveryUndisturbed.add(now - due);
      }
      (toManager ? w.deliveryToManager : w.deliveryToCitizen).add(now - due);
    }
  }

  private Window windowOf(long due) {
    for (Window w : windows) {
      if (w.contains(due)) {
        return w;
      }
    }
    return null;
  }

  private static String[] textOf(Map<String, Object> event) {
    String text = MiniJson.string(MiniJson.object(event.get("body")), "text");
    return text.split(" ", 3);
  }

  /** A message's key (c12, m3) or the kind of any other event. */
  private static String keyOf(Map<String, Object> event) {
    String kind = MiniJson.string(event, "kind");
    return "message".equals(kind) ? textOf(event)[0] : kind;
  }

  /** Keeps an event the citizen received; true if it was new. */
  private boolean hold(Conv c, int seq, String key, boolean live) {
    while (c.bySeq.size() <= seq) {
      c.bySeq.add(null);
    }
    String held = c.bySeq.get(seq);
    if (held != null) {
      if (held.equals(key)) {
        c.overlap++;
      } else {
        c.conflicts++;
      }
      return false;
    }
    if (live && seq != c.head + 1) {
      c.ahead++;
    }
    c.bySeq.set(seq, key);
    while (c.head + 1 < c.bySeq.size() && c.bySeq.get(c.head + 1) != null) {
      c.head++;
    }
    return true;
  }

  // ---- results -------------------------------------------------------------------------------

  private void report(long now, boolean settled) {
    Window w = window;
    double seconds = (w.to - w.from) / 1e9;
    result(String.format("%s: window %d ms from epoch %d", w.name, (w.to - w.from) / 1_000_000, w.fromEpochMs));
    result(String.format("%s: %d messages due in the window (%.0f/s), %d acknowledged (%.0f/s), %d delivered live to the"
            + " other side (%.0f/s)", w.name, w.generated, w.generated / seconds, w.ack.size, w.ack.size / seconds,
        w.delivery.size, w.delivery.size / seconds));
    result(w.name + ": ack latency (send -> stored and acknowledged) " + w.ack.stats().summary());
    result(w.name + ": delivery latency (send -> other side's inbox) " + w.delivery.stats().summary());
    result(w.name + ": delivery, citizen -> manager " + w.deliveryToManager.stats().summary());
    result(w.name + ": delivery, manager -> citizen (live only) " + w.deliveryToCitizen.stats().summary());
    if (w.name.startsWith("chaos")) {
      int overlap = 0;
      int recovered = 0;
      int ahead = 0;
      for (Conv c : active) {
        overlap += c.overlap;
        recovered += c.recovered;
        ahead += c.ahead;
      }
      result(String.format("chaos: %d sockets dropped (%d right after sending, before the ack), %d reconnects, %d resume"
              + " requests, %d events caught up by resume, %d overlap frames (live and resumed), %d live frames ahead of a gap",
          drops, midSendDrops, reconnects, resumes, recovered, overlap, ahead));
      result("chaos: ack latency, messages sent once by a sender online when they fell due "
          + w.ackUndisturbed.stats().summary());
      result("chaos: delivery latency, the same messages, to a receiver never dropped "
          + w.deliveryUndisturbed.stats().summary());
      result(String.format("chaos: %d sends retried with the same clientId (%d answered as replayed), %d timed out;"
          + " reconnect (new socket) to caught up %s", retries, replayed, timeouts, reconnectTimes.stats().summary()));
    }
    result(String.format("%s: send refusals %s, other errors %d, server-side closes %d %s, handshake failures %d, signals %d,"
            + " frames in %d out %d%s", w.name, sendErrors, otherErrors, serverCloses, closeReasons, handshakeFailures, signals,
        sockets.framesIn(), sockets.framesOut(), settled ? "" : "; NOT SETTLED: outboxes or reconnects still pending"));
    end();
  }

  /** What each conversation's people saw and sent, for the parent to compare with the database. */
  private void dump() {
    for (Conv c : active) {
      StringBuilder seqs = new StringBuilder();
      for (int s = 1; s < c.bySeq.size(); s++) {
        if (s > 1) {
          seqs.append(',');
        }
        String k = c.bySeq.get(s);
        seqs.append(k == null ? "-" : k);
      }
      StringBuilder missing = new StringBuilder();
      for (Msg m : c.citizenOut.all) {
        int n = Integer.parseInt(m.key.substring(1));
        if (!c.managerGot.get(n)) {
          missing.append(missing.length() == 0 ? "" : ",").append(m.key);
        }
      }
      out.printf("OBS %s %d %d %d %d %d %d %d %d %d %s %s%n", c.id, c.overlap, c.ahead, c.conflicts,
          c.citizenOut.all.size(), acked(c.citizenOut), c.managerOut.all.size(), acked(c.managerOut),
          c.recovered, c.head, seqs.length() == 0 ? "." : seqs, missing.length() == 0 ? "." : missing);
    }
    end();
  }

  private static int acked(Outbox box) {
    int n = 0;
    for (Msg m : box.all) {
      n += m.acked ? 1 : 0;
    }
    return n;
  }

  private void result(String line) {
    out.println("R " + line);
  }

  private void end() {
    out.println("END");
    out.flush();
  }
}
