package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "I miei dati" in the browser: the person's data in sections, who read it, the choices, and the
 * download button (#scarica-dati) saving the export as a JSON file; the privacy officer's register
 * with the reader's name. On a desktop and on a phone.
 */
class PrivacyBrowserTest extends AppTestBase {

  /** Records what an anchor with a download attribute saves, instead of leaving it to the browser's downloads. */
  static final String CATCH_DOWNLOAD = """
      window.__download = null;
      const create = URL.createObjectURL;
      URL.createObjectURL = function (blob) { window.__blob = blob; return create.call(URL, blob); };
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        if (this.download) { window.__download = { name: this.download, href: this.href }; return; }
        return click.call(this);
      };""";

  @Test
  void myDataShowsWhoReadItSavesTheChoicesAndDownloadsTheJson() {
    UUID person = await(TestAccounts.create(vertx, app.pool(), "miei.dati", "citizen"));
    UUID supervisor = await(TestAccounts.create(vertx, app.pool(), "miei.supervisore", "supervisor"));
    await(TestAccounts.create(vertx, app.pool(), "miei.rpd", "privacy_officer"));
    await(app.pool().preparedQuery("""
            INSERT INTO personal_data_reads (reader, reader_roles, person, what, via, ref)
            VALUES ($1, '{supervisor}', $2, 'booking-details', 'web', 'prenotazione-di-prova')""")
        .execute(Tuple.of(supervisor.toString(), person)));

    try (Browser browser = new Browser(app.port())) {
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        browser.viewport(viewport).open("/i-miei-dati.html");
        if (viewport == Browser.Viewport.DESKTOP) {
          browser.find("#utente").sendKeys("miei.dati");
          browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
        }
        browser.waitForText("#letture", "Una tua prenotazione");
        browser.waitForText("#letture", "supervisore");
        assertTrue(!browser.find("#letture").getText().contains("miei.supervisore"), "the person does not see who by name");
        browser.waitForText("#sezioni", "Il tuo account");
        browser.assertUsable("my data, " + viewport);
        if (viewport == Browser.Viewport.DESKTOP) browser.screenshot("i-miei-dati");
      }
      browser.viewport(Browser.Viewport.DESKTOP).open("/i-miei-dati.html");
      browser.waitForText("#letture", "supervisore");

      browser.click("label[for=scelta-newsletter]");
      browser.click("#scelte button[type=submit]");
      browser.waitForText("#scelte-esito", "Scelte salvate.");
      JsonObject consents = await(http.get("/api/v1/me/consents", await(http.accessToken("miei.dati")))).bodyAsJsonObject();
      assertTrue(consents.getJsonArray("purposes").stream().map(JsonObject.class::cast)
          .anyMatch(p -> "newsletter".equals(p.getString("purpose")) && p.getBoolean("given")), consents.encode());

      browser.script(CATCH_DOWNLOAD);
      browser.click("#scarica-dati");
      browser.waitForText("#scarica-esito", "i-miei-dati-sportello.json");
      Object name = browser.script("return window.__download && window.__download.name");
      assertEquals("i-miei-dati-sportello.json", name);
      String saved = (String) browser.script("return window.__blob.text()");
      JsonObject data = new JsonObject(saved);
      assertEquals("miei.dati", data.getJsonObject("sections").getJsonObject("account").getString("username"));
      assertEquals(1, data.getJsonObject("sections").getJsonArray("dataReads").size());
      browser.assertUsable("my data after download");
    }
  }

  @Test
  void thePrivacyOfficerSeesWhoReadWhom() {
    UUID person = await(TestAccounts.create(vertx, app.pool(), "registro.persona", "citizen"));
    UUID operator = await(TestAccounts.create(vertx, app.pool(), "registro.operatrice", "operator"));
    await(TestAccounts.create(vertx, app.pool(), "registro.rpd", "privacy_officer"));
    await(app.pool().preparedQuery("""
            INSERT INTO personal_data_reads (reader, reader_roles, person, what, via, ref)
            VALUES ($1, '{operator}', $2, 'screen-pop', 'call', 'chiamata-di-prova')""")
        .execute(Tuple.of(operator.toString(), person)));
    try (Browser browser = new Browser(app.port())) {
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        browser.viewport(viewport).open("/registro-accessi.html");
        if (viewport == Browser.Viewport.DESKTOP) {
          browser.find("#utente").sendKeys("registro.rpd");
          browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
        }
        browser.find("#persona").sendKeys(person.toString());
        browser.click("#cerca-invia");
        browser.waitForText("#esito", "1 letture trovate.");
        browser.waitForText("#letture", "Utente registro.operatrice");
        browser.waitForText("#letture", "La tua scheda durante una telefonata");
        browser.assertUsable("access register, " + viewport);
        if (viewport == Browser.Viewport.DESKTOP) browser.screenshot("registro-accessi");
      }
      browser.viewport(Browser.Viewport.DESKTOP);
    }
  }
}
