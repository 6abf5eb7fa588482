package coop.sportello.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Vert.x's event-bus bridge logs "SockJSSocket exception" with a stack trace at ERROR whenever a
 * client's socket goes away (a closed tab, a lost network): routine, and it buried real errors.
 * This filter (configured in logback.xml) turns exactly that record into one DEBUG line.
 */
public final class ClosedSocketFilter extends TurboFilter {

  static final String BRIDGE_LOGGER = "io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl";
  static final String MESSAGE = "SockJSSocket exception";
  private static final org.slf4j.Logger SOCKETS = LoggerFactory.getLogger("coop.sportello.platform.bridge.sockets");

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == Level.ERROR && BRIDGE_LOGGER.equals(logger.getName()) && MESSAGE.equals(format)) {
      SOCKETS.debug("A bridge socket ended: {}", t == null ? "no cause given" : t.toString());
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
