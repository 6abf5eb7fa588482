package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness itself on the simplest page: it loads, speaks Italian, and is usable on a desktop and a phone. */
class HomePageTest extends AppTestBase {

  @Test
  void theHomePageLoadsAndIsUsableOnADesktopAndAPhone() {
    try (Browser browser = new Browser(app.port())) {
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        browser.viewport(viewport).open("/");
        browser.waitForText("#conteggio", "trovat");
        // Plain words only: the old "service status" box and its jargon are gone.
        assertFalse(browser.find("main").getText().contains("Stato del servizio"));
        // On a phone the menu is a closed side panel: read its words, not what is drawn.
        assertTrue(String.valueOf(browser.script("return document.getElementById('menu-principale').textContent;"))
            .contains("Parla con noi"), "the menu's words");
        browser.assertUsable("home page, " + viewport);
      }
    }
  }
}
