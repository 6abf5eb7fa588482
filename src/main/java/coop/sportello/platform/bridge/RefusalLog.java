package coop.sportello.platform.bridge;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Refused bridge frames in the log without flooding it: one socket that kept sending what it may
 * not (a client in a loop, someone probing) once wrote thousands of WARN lines in seconds. Per
 * socket the first refusal is logged as it happens; later ones are counted and summed up in at
 * most one line per interval, and in a last line when the socket closes. Addresses are logged
 * with their ids masked: they may name a person.
 */
final class RefusalLog {

  static final long INTERVAL_MILLIS = 60_000;

  private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:<>-]");
  private static final int SHOWN_LENGTH = 80;

  private final LongSupplier clock;

  RefusalLog(LongSupplier clock) {
    this.clock = clock;
  }

  /** {@code what}: the frame's type and why, e.g. "register (already registered)"; {@code who} may be null. */
  void refused(SocketState socket, Identity who, String what, String address) {
    String refusal = what + " " + shown(address);
    long now = clock.getAsLong();
    int summed;
    synchronized (socket) {
      socket.lastRefused = refusal;
      if (!socket.refusedBefore) {
        socket.refusedBefore = true;
        socket.reportedAt = now;
        summed = -1;
      } else if (now - socket.reportedAt >= INTERVAL_MILLIS) {
        summed = socket.unreported + 1;
        socket.unreported = 0;
        socket.reportedAt = now;
      } else {
        socket.unreported++;
        return;
      }
    }
    if (summed < 0) {
      LOG.warn("Bridge socket #{} ({}) refused: {}; further refusals on this socket are counted, at most one line per {} s",
          socket.number, caller(who), refusal, INTERVAL_MILLIS / 1000);
    } else {
      LOG.warn("Bridge socket #{} refused {} more frames in the last {} s (the last: {})",
          socket.number, summed, INTERVAL_MILLIS / 1000, refusal);
    }
  }

  /** The socket has closed: what was counted since the last line, if anything. */
  void closed(SocketState socket) {
    int summed;
    String last;
    synchronized (socket) {
      summed = socket.unreported;
      last = socket.lastRefused;
      socket.unreported = 0;
    }
    if (summed > 0) {
      LOG.warn("Bridge socket #{} closed after {} more refused frames (the last: {})", socket.number, summed, last);
    }
  }

  private static String caller(Identity who) {
    if (who == null) {
      return "no identity";
    }
    return who.isGuest() ? "guest" : who.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
  }

  static String shown(String address) {
    if (address == null) {
      return "(no address)";
    }
    String masked = UNSAFE.matcher(UUID.matcher(address).replaceAll("<id>")).replaceAll("?");
    return masked.length() <= SHOWN_LENGTH ? masked : masked.substring(0, SHOWN_LENGTH) + "…";
  }
}
