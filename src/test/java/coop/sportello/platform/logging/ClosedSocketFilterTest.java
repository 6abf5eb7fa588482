package coop.sportello.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client's socket going away is no ERROR; every other record passes untouched. */
class ClosedSocketFilterTest {

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ClosedSocketFilter filter = new ClosedSocketFilter();

  @Test
  void theBridgesClosedSocketErrorBecomesDebugAndNothingElseChanges() {
    var bridge = context.getLogger(ClosedSocketFilter.BRIDGE_LOGGER);
    assertEquals(FilterReply.DENY, filter.decide(null, bridge, Level.ERROR, ClosedSocketFilter.MESSAGE, null,
        new IOException("Connection reset by peer")));
    assertEquals(FilterReply.NEUTRAL, filter.decide(null, bridge, Level.ERROR, "Something else failed", null, null));
    assertEquals(FilterReply.NEUTRAL, filter.decide(null, context.getLogger("coop.sportello.Application"), Level.ERROR,
        ClosedSocketFilter.MESSAGE, null, null));
  }

  @Test
  void itIsConfigured() {
    assertTrue(context.getTurboFilterList().stream().anyMatch(f -> f instanceof ClosedSocketFilter),
        "logback.xml installs the filter");
  }
}
