package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one sign-in form, as a newcomer and as someone who mistypes meets it: beside the form it says
 * what to do without an account or without the password (sign up, recover the password, whom to
 * ask, with the help desk's contacts), and after too many wrong passwords it says plainly that signing in is paused and for
 * how long, not that the account is "blocked".
 */
class SignInBrowserTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("auth", new JsonObject().put("maxFailedLogins", 2).put("lockMinutes", 15));
  }

  @Test
  void aNewcomerLearnsWhomToAskAndAMistypedPasswordIsExplained() {
    await(TestAccounts.create(vertx, app.pool(), "accesso.admin", "provider_admin"));
    try (Browser browser = new Browser(app.port())) {
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        browser.viewport(viewport).open("/gestione.html");
        browser.find("#form-accedi");
        browser.waitForText("#nuovo-titolo", "Non hai ancora un account?");
        browser.waitForText("#accesso", "aiuto@sportello.example");
        assertTrue(browser.find("#registrati").getAttribute("href").endsWith("/registrati.html"));
        assertTrue(browser.find("#password-dimenticata").getAttribute("href").endsWith("/password-dimenticata.html"));
        // SPID and CIE are not configured here: no button that would lead nowhere (SpidSignInBrowserTest has them).
        assertTrue(browser.all("#entra-spid").isEmpty() && !browser.find("#accesso").getText().contains("Entra con SPID"));
        browser.assertUsable("sign-in form with the newcomer's help, " + viewport);
        if (viewport == Browser.Viewport.DESKTOP) browser.screenshot("accesso-nuovo-utente");
      }
      browser.viewport(Browser.Viewport.DESKTOP).open("/gestione.html");
      browser.find("#utente").sendKeys("accesso.admin");
      browser.find("#password").sendKeys("not-the-password", Keys.ENTER);
      browser.waitForText("#errore-accesso", "Nome utente o password non corretti.");
      // The second wrong password in a row reaches the limit (2 here): signing in is paused.
      browser.find("#password").sendKeys("still-not-it", Keys.ENTER);
      browser.waitForText("#errore-accesso", "per sicurezza l’accesso è sospeso. Riprova tra 15 minuti.");
      assertTrue(!browser.find("#errore-accesso").getText().contains("bloccato"));
      browser.assertUsable("sign-in paused after wrong passwords");
    }
  }
}
