package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages every screen links from its footer, in the shared Bootstrap Italia header and footer:
 * the accessibility statement with the headings of AgID's model, and the privacy notice; on a
 * desktop and on a phone, where the menu folds into a side panel.
 */
class SitePagesBrowserTest extends AppTestBase {

  private static final List<String> AGID_HEADINGS = List.of("Stato di conformità",
      "Redazione della dichiarazione di accessibilità", "Meccanismo di feedback e informazioni di contatto",
      "Modalità di invio delle segnalazioni all’AgID", "Informazioni sul sito");

  @Test
  void theAccessibilityStatementFollowsAgidsModelOnEveryScreen() {
    try (Browser browser = new Browser(app.port())) {
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        browser.viewport(viewport).open("/accessibilita.html");
        browser.waitForText("main h1", "Dichiarazione di accessibilità");
        List<String> headings = browser.all("main article[lang=it] h2").stream().map(WebElement::getText).toList();
        assertEquals(AGID_HEADINGS, headings);
        // The header and footer carry the network's name and whom to ask, from GET /api/v1/site.
        browser.waitForText(".it-header-center-wrapper .it-brand-title", "Rete Welfare Sportello");
        browser.waitForText(".it-footer", "aiuto@sportello.example");
        browser.assertUsable("accessibility statement, " + viewport);
        if (viewport == Browser.Viewport.DESKTOP) browser.screenshot("dichiarazione-accessibilita");
      }
      browser.viewport(Browser.Viewport.DESKTOP);
    }
  }

  @Test
  void thePrivacyNoticeIsLinkedFromTheFooterAndSpeaksEnglishToo() {
    try (Browser browser = new Browser(app.port())) {
      browser.open("/accessibilita.html");
      browser.click(".it-footer a[href='/privacy.html']");
      browser.waitForText("main h1", "Informativa sulla privacy");
      browser.assertUsable("privacy notice");
      browser.find("#lingua").click();
      browser.waitForText("main article[lang=en] h1", "Privacy notice");
      assertTrue(browser.find(".it-header-navbar-wrapper").getText().contains("Find services"));
      assertEquals("en", browser.script("return document.documentElement.lang"));
      browser.assertUsable("privacy notice in English");
    }
  }

  @Test
  void onAPhoneTheMenuOpensAsASidePanelAndTheKeyboardReachesIt() {
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.PHONE).open("/privacy.html");
      WebElement toggler = browser.find(".custom-navbar-toggler");
      toggler.click();
      browser.waitUntil(d -> browser.find("#menu-principale a[href='/prenotazioni.html']").isDisplayed(), "the menu's links");
      assertEquals("true", toggler.getAttribute("aria-expanded"));
      browser.assertUsable("privacy notice, phone menu open");
      browser.screenshot("telefono-menu");
    }
  }
}
