package coop.sportello.platform.bridge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vert.x's own bridge writes a WARN or ERROR line for some frames before Sportello's rules are
 * asked (a frame of an unknown type, a socket over its handler limit): a client could write one
 * line per frame, thousands a second. This filter (configured in logback.xml) lets the first line
 * of each kind through, then at most one per interval, each after a line that says how many
 * were left out. The frames Sportello refuses itself are logged by {@link RefusalLog}.
 */
public final class BridgeLogLimit extends TurboFilter {

  static final String BRIDGE_LOGGER = "io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl";
  static final long INTERVAL_MILLIS = RefusalLog.INTERVAL_MILLIS;
  private static final org.slf4j.Logger SUMMARY = LoggerFactory.getLogger(BridgeLogLimit.class);

  /** Lines of one kind start alike; some end with what the client sent, so only the start counts. */
  private static final int KIND_LENGTH = 40;

  /** Per kind of line: when one last went through, and how many were left out since. */
  private final Map<String, long[]> kinds = new ConcurrentHashMap<>();

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || !level.isGreaterOrEqual(Level.WARN) || !BRIDGE_LOGGER.equals(logger.getName()) || format == null) {
      return FilterReply.NEUTRAL;
    }
    long now = System.currentTimeMillis();
    String name = format.length() > KIND_LENGTH ? format.substring(0, KIND_LENGTH) + "…" : format;
    long[] kind = kinds.computeIfAbsent(name, f -> new long[] {now - INTERVAL_MILLIS, 0});
    long leftOut;
    synchronized (kind) {
      if (now - kind[0] < INTERVAL_MILLIS) {
        kind[1]++;
        return FilterReply.DENY;
      }
      leftOut = kind[1];
      kind[0] = now;
      kind[1] = 0;
    }
    if (leftOut > 0) {
      SUMMARY.warn("The event-bus bridge logged \"{}\" {} more times since its last such line", name, leftOut);
    }
    return FilterReply.NEUTRAL;
  }
}
