package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * js/intake-form.js in chromium, as the portal, the console and the kiosk will use it: the
 * questions as labelled Bootstrap Italia fields in the kinds' order, required ones said in words
 * and aria-required, what was typed read back with what is missing, the API's refusal shown next
 * to the fields, and axe finds nothing serious.
 */
class IntakeFormBrowserTest extends AppTestBase {

  @Test
  void theQuestionsAreAskedReadBackAndRefusalsShownNextToTheirFields() {
    try (Browser browser = new Browser(app.port())) {
      browser.open("/");
      browser.waitForText(".it-header-center-wrapper .it-brand-title", "Rete Welfare Sportello");
      Object loaded = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          import('/js/intake-form.js').then(m => {
            window.intakeForm = m;
            const box = document.createElement('div');
            box.id = 'prova-domande';
            (document.querySelector('main') || document.body).append(box);
            done(m.renderIntake(box, [{kind: 'notes', required: false}, {kind: 'address', required: true},
                                      {kind: 'beneficiary', required: true}], {idPrefix: 'prova'}));
          }).catch(e => done(String(e)));""");
      assertEquals(3L, loaded, String.valueOf(loaded));

      List<WebElement> labels = browser.all("#prova-domande .form-group label");
      assertEquals(List.of("Chi riceve il servizio (obbligatorio)", "Indirizzo dove svolgere il servizio (obbligatorio)",
          "Note per la cooperativa (facoltativo)"), labels.stream().map(WebElement::getText).toList());
      WebElement beneficiary = browser.find("#prova-beneficiary");
      assertEquals("true", beneficiary.getAttribute("aria-required"));
      assertEquals(null, beneficiary.getAttribute("required"), "no browser bubble before the screen can say it");
      assertEquals("name", beneficiary.getAttribute("autocomplete"));
      assertTrue(beneficiary.getAttribute("class").contains("form-control"));
      assertEquals("street-address", browser.find("#prova-address").getAttribute("autocomplete"));
      assertEquals("textarea", browser.find("#prova-notes").getTagName());
      assertEquals("false", browser.find("#prova-notes").getAttribute("aria-required"));
      assertEquals(3, browser.all("#prova-domande .invalid-feedback").size());
      assertEquals("fieldset", browser.find("#prova-domande > *").getTagName());

      beneficiary.sendKeys("  Giuseppe Rossi  ");
      browser.find("#prova-notes").sendKeys("Citofono Rossi");
      JsonObject read = new JsonObject(String.valueOf(browser.script(
          "return JSON.stringify(window.intakeForm.readIntake(document.getElementById('prova-domande')));")));
      assertEquals(new JsonObject().put("answers", new JsonObject().put("beneficiary", "Giuseppe Rossi").put("notes", "Citofono Rossi"))
          .put("missing", new io.vertx.core.json.JsonArray().add("address")), read);

      Object focused = browser.script("""
          const box = document.getElementById('prova-domande');
          const first = window.intakeForm.showIntakeErrors(box, {type: '/problems/intake-missing', missing: ['address'],
              invalid: [{field: 'notes', reason: 'too-long', max: 1000}]});
          return first && first.id;""");
      assertEquals("prova-address", focused);
      WebElement address = browser.find("#prova-address");
      assertTrue(address.getAttribute("class").contains("is-invalid"));
      assertEquals("true", address.getAttribute("aria-invalid"));
      assertEquals("Scrivi l’indirizzo dove svolgere il servizio.",
          browser.find("#prova-address-errore").getAttribute("textContent"));
      assertEquals("Al massimo 1000 caratteri.", browser.find("#prova-notes-errore").getAttribute("textContent"));
      assertFalse(browser.find("#prova-beneficiary").getAttribute("class").contains("is-invalid"));
      assertTrue(address.getAttribute("aria-describedby").contains("prova-address-errore"));
      browser.assertAccessible("intake questions with errors");

      browser.script("window.intakeForm.clearIntakeErrors(document.getElementById('prova-domande'));");
      assertFalse(browser.find("#prova-address").getAttribute("class").contains("is-invalid"));
      assertEquals(0L, browser.script(
          "return window.intakeForm.renderIntake(document.getElementById('prova-domande'), []);"));
      assertEquals(0, browser.all("#prova-domande *").size(), "a service asking nothing shows nothing");
      assertEquals("Indirizzo|Via Roma 1|Note|riga uno|riga due", browser.script("""
          const list = window.intakeForm.intakeSummary({address: 'Via Roma 1', notes: 'riga uno\\nriga due'});
          return [...list.children].flatMap(n => [...n.childNodes].filter(c => c.nodeType === 3).map(c => c.textContent))
              .join('|');"""));
    }
  }
}
