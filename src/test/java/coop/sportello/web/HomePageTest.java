package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import org.junit.jupiter.api.Test;

/** The harness itself on the simplest page: it loads, speaks Italian, and passes axe. */
class HomePageTest extends AppTestBase {

  @Test
  void theHomePageLoadsAndIsAccessible() {
    try (Browser browser = new Browser(app.port())) {
      browser.open("/");
      browser.waitForText("#stato-servizio", "Sportello è attivo");
      browser.assertAccessible("home page");
    }
  }
}
