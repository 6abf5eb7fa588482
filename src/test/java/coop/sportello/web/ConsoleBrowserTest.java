package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's side of the console (console.html): a call comes in through the signed PBX
 * webhook, rings in the console with the screen pop, is answered, and the operator books a slot
 * for the caller, by keyboard; then wrap-up with notes and the call's outcome, and "Ho finito".
 */
class ConsoleBrowserTest extends AppTestBase {

  private static final String SECRET = "segreto-del-centralino-della-console";

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("calls", new JsonObject().put("webhook", new JsonObject().put("secret", SECRET))
        .put("tickMillis", 100));
  }

  @Test
  void anOperatorAnswersACallInTheConsoleAndBooksASlotForTheCaller() {
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);
    await(TestAccounts.create(vertx, app.pool(), "console.cooperativa", "provider_admin"));
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("console.cooperativa")));
    List<String> slots = catalog.homeCareOn(day).slotsOn(day);
    // An in-person service for Piazzola sul Brenta's residents only: the caller lives in Bergamo.
    CatalogFixture.Service elsewhere = catalog.create(CatalogFixture.serviceBody("elderly", "Trasporto sociale di Piazzola",
        "Accompagnamento in auto a visite mediche e commissioni.").deliveredAt("at_home").in(CatalogFixture.PIAZZOLA));
    elsewhere.resource("Pulmino attrezzato", "group", 3).openOn(day, "09:00", "10:00", 60);
    String elsewhereSlot = elsewhere.slotsOn(day).get(0);

    // The caller: a citizen with a phone number and a booking already.
    UUID caller = await(TestAccounts.create(vertx, app.pool(), "console.signora", "citizen"));
    await(app.pool().preparedQuery("UPDATE accounts SET phone = '+393470009001' WHERE id = $1").execute(Tuple.of(caller)));
    String callerToken = await(http.accessToken("console.signora"));
    String earlier = await(http.post("/api/v1/bookings/holds", callerToken, new JsonObject().put("slotId", slots.get(0))))
        .bodyAsJsonObject().getString("id");
    assertEquals(200, await(http.post("/api/v1/bookings/" + earlier + "/confirm", callerToken, new JsonObject())).statusCode());

    // The contact center: a queue and an operator in it, set up by a supervisor.
    await(TestAccounts.create(vertx, app.pool(), "console.supervisore", "supervisor"));
    String supervisor = await(http.accessToken("console.supervisore"));
    UUID operator = await(TestAccounts.create(vertx, app.pool(), "console.federico", "operator"));
    ContactCenter phone = new ContactCenter(http, SECRET);
    phone.queueWithOperator(supervisor, "console-anziani", "Anziani e fragilità", operator, "Federico");

    try (Browser browser = new Browser(app.port())) {
      browser.open("/console.html");
      browser.find("#form-accedi");
      browser.assertUsable("console: accesso");
      browser.find("#utente").sendKeys("console.federico");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#stato-operatore", "Fuori servizio");
      browser.find("#code-righe tr[data-queue=console-anziani]");
      browser.assertUsable("console: telefono, fuori servizio");

      // A pause with its reason, then back, then in service.
      browser.find("#entra").click();
      browser.waitForText("#stato-operatore", "In servizio");
      new Select(browser.find("#motivo-pausa")).selectByValue("pause.training");
      browser.find("#pausa").click();
      browser.waitForText("#stato-operatore", "In pausa (Formazione)");
      browser.find("#riprendi").click();
      browser.waitForText("#stato-operatore", "In servizio");

      // The call arrives at the PBX and rings in the console with the screen pop.
      String call = phone.arrives("console-anziani", "+393470009001");
      browser.waitUntil(d -> alert(browser).contains("Chiamata in arrivo da Utente console.signora")
          && browser.find("#allerta").getAttribute("class").contains("alerting"), "the call alert");
      assertTrue(browser.find("#chiamata").getAttribute("class").contains("alerting"));
      browser.waitForText("#scheda .persona", "Utente console.signora");
      // The caller card: the number as people read it, where they live by name, their bookings, and
      // a large "Rispondi" on top, in view without scrolling.
      browser.waitForText("#scheda .numero", "347 000 9001");
      browser.waitForText("#scheda .comune", "Bergamo");
      assertFalse(browser.find("#scheda").getText().contains("016024"), "the municipality's name, not its ISTAT code");
      browser.waitForText("#scheda .pop-bookings", "Assistenza domiciliare");
      Number answerTop = (Number) browser.script("return document.getElementById('rispondi').getBoundingClientRect().bottom");
      Number answerHeight = (Number) browser.script("return document.getElementById('rispondi').getBoundingClientRect().height");
      assertTrue(answerTop.doubleValue() < 900 && answerHeight.doubleValue() >= 56,
          "Rispondi large and in view: bottom " + answerTop + ", height " + answerHeight);
      assertTrue(((Number) browser.script("return window.__sportelloConsole.alerts.beeps")).intValue() >= 1,
          "a beep while the console has focus");
      browser.assertUsable("console: telefono, chiamata in arrivo");
      browser.script("document.getElementById('telefono').scrollIntoView()");
      browser.screenshot("console-telefono");

      browser.find("#rispondi").click();
      browser.waitForText("#chiamata-stato", "In linea");
      browser.waitForText("#stato-operatore", "Sei in chiamata");
      assertFalse(browser.all("#modulo-pausa").get(0).isDisplayed(), "no pause during a call");
      assertFalse(browser.all("#rispondi").get(0).isDisplayed(), "nothing to answer any more");
      browser.waitUntil(d -> alert(browser).isEmpty(), "the alert to end once answered");

      // On the phone: the operator books the second hour for the caller, with the keyboard only
      // (each step moves the focus to the next thing to do).
      browser.waitForText("#prenota-titolo", "Prenota per Utente console.signora");
      WebElement search = browser.find("#cerca-servizio");
      browser.waitUntil(d -> search.equals(d.switchTo().activeElement()), "the focus on the search after answering");
      search.sendKeys("domiciliare", Keys.ENTER);
      browser.find("#servizi .scegli");
      browser.waitUntil(d -> String.valueOf(active(browser).getAttribute("class")).contains("scegli"),
          "the focus on the first service found");
      active(browser).sendKeys(Keys.ENTER);
      browser.waitUntil(d -> String.valueOf(active(browser).getAttribute("data-choose")).equals(slots.get(0)),
          "the focus on the first free time of the day shown");
      // One day at a time: that day's two times, not a grid of two weeks.
      assertEquals(2, browser.all("#orari button[data-choose]").size());
      WebElement second = browser.find("#orari button[data-choose='" + slots.get(1) + "']");
      second.sendKeys(Keys.ENTER);
      browser.find("#conferma");
      browser.waitUntil(d -> "conferma".equals(active(browser).getAttribute("id")), "the focus on Confirm");
      // The hold opens right under the chosen time, with its end and its price.
      assertEquals(1, browser.all("li[data-slot='" + slots.get(1) + "'] #conferma").size(), "the hold next to the chosen time");
      browser.waitForText(".held", "10:00–11:00");
      browser.waitForText(".held", "1 ora · 20,00 €");
      browser.assertUsable("console: telefono, posto tenuto");
      active(browser).sendKeys(Keys.ENTER);
      browser.waitForText("#prenotazione-fatta", "Prenotazione confermata per Utente console.signora");
      browser.waitForText("#prenotazione-fatta", "10:00–11:00, 1 ora · 20,00 €");
      // The caller card reads their bookings again: now two.
      browser.waitUntil(d -> browser.all("#scheda .pop-bookings li").size() == 2, "the new booking on the caller card");

      RowSet<Row> rows = await(app.pool().preparedQuery("SELECT person, acted_by, status, code FROM bookings"
          + " WHERE slot_id = $1 AND status = 'confirmed'").execute(Tuple.of(UUID.fromString(slots.get(1)))));
      assertEquals(1, rows.size(), "one confirmed booking on the slot the operator chose");
      Row booking = rows.iterator().next();
      assertEquals(caller.toString(), booking.getString("person"), "the booking is the caller's");
      assertEquals(operator.toString(), String.valueOf(booking.getValue("acted_by")), "made by the operator");
      browser.waitForText("#prenotazione-fatta", booking.getString("code"));
      browser.assertUsable("console: telefono, prenotazione confermata");

      // A service the caller may not have where they live: refused, and the operator may book it
      // anyway only by saying why, which stays with the booking.
      browser.find("#cerca-servizio").clear();
      browser.find("#cerca-servizio").sendKeys("trasporto", Keys.ENTER);
      // The list of the first search is still there for a moment: wait for the new one before choosing.
      browser.waitForText("#servizi", "Trasporto sociale di Piazzola");
      browser.find("#servizi .scegli").sendKeys(Keys.ENTER);
      browser.waitForText("#servizi .service-away", "non risiede in questi comuni");
      browser.find("#orari button[data-choose='" + elsewhereSlot + "']").sendKeys(Keys.ENTER);
      browser.waitForText("#prenota-errore", "riservato a chi risiede");
      browser.find("#prenota-comunque").sendKeys(Keys.ENTER);
      browser.waitForText("#prenota-errore", "Scrivi il motivo");
      browser.find("#motivo-residenza").sendKeys("Dal mese prossimo vive dalla figlia a Piazzola");
      browser.find("#prenota-comunque").sendKeys(Keys.ENTER);
      browser.find("#conferma").sendKeys(Keys.ENTER);
      browser.waitForText("#prenotazione-fatta", "Trasporto sociale di Piazzola");
      assertEquals("Dal mese prossimo vive dalla figlia a Piazzola", await(app.pool().preparedQuery(
          "SELECT residency_override FROM bookings WHERE slot_id = $1 AND status = 'confirmed'")
          .execute(Tuple.of(UUID.fromString(elsewhereSlot)))).iterator().next().getString(0));

      // The caller hangs up: wrap-up with notes kept with the call, then "Ho finito" makes the operator free again.
      phone.ends(call);
      browser.waitForText("#stato-operatore", "Chiamata finita");
      browser.find("#note-chiamata").sendKeys("Prenotate due ore; richiamare lunedì per il trasporto.");
      browser.find("#salva-note").click();
      browser.waitForText("#note-stato", "Note salvate");
      browser.assertUsable("console: telefono, note della chiamata");

      // The call's outcome: the booking made during the call proposed (the latest of the two), the
      // topic chosen with the keyboard, recorded; it could also be skipped.
      // (Bootstrap Italia draws its own radio buttons: the inputs themselves are not displayed.)
      browser.waitUntil(d -> Boolean.TRUE.equals(browser.script("return document.getElementById('chiamata-esito-booking').checked")),
          "the booking outcome proposed");
      String transport = await(app.pool().preparedQuery("SELECT id FROM bookings WHERE slot_id = $1 AND status = 'confirmed'")
          .execute(Tuple.of(UUID.fromString(elsewhereSlot)))).iterator().next().getUUID(0).toString();
      browser.waitUntil(d -> transport.equals(new Select(browser.find("#chiamata-esito-prenotazione")).getFirstSelectedOption()
          .getAttribute("value")), "the latest booking made during the call chosen");
      assertEquals(3, browser.all("#chiamata-esito-prenotazione option").size(), "none in particular, and the two bookings");
      browser.click("#chiamata-esito-salva");
      browser.waitForText("#chiamata .outcome-form [role=alert]", "Scegli l’argomento");
      WebElement topic = browser.find("#chiamata-esito-argomento");
      browser.waitUntil(d -> topic.equals(active(browser)), "the focus on the missing topic");
      new Select(topic).selectByValue("elderly");
      browser.find("#chiamata-esito-salva").sendKeys(Keys.ENTER);
      browser.waitForText("#chiamata-esito-stato", "Esito registrato");
      browser.assertUsable("console: telefono, esito della chiamata");
      Row outcome = await(app.pool().preparedQuery("SELECT topic, outcome, booking_id, recorded_by FROM contact_outcomes"
          + " WHERE channel = 'call' AND contact_id = $1").execute(Tuple.of(call))).iterator().next();
      assertEquals("elderly", outcome.getString("topic"));
      assertEquals("booking", outcome.getString("outcome"));
      assertEquals(transport, outcome.getUUID("booking_id").toString());
      assertEquals(operator.toString(), outcome.getString("recorded_by"));

      browser.find("#note-chiamata").sendKeys(" Avvisata la figlia.");
      browser.find("#ho-finito").click();
      browser.waitForText("#stato-operatore", "In servizio");
      assertEquals("Prenotate due ore; richiamare lunedì per il trasporto. Avvisata la figlia.", await(app.pool()
          .preparedQuery("SELECT notes FROM calls WHERE id = $1").execute(Tuple.of(call))).iterator().next().getString(0),
          "the notes, also those written after saving, stored with the call before moving on");

      // A caller who hangs up while it rings: the offer and its alert go away.
      String gone = phone.arrives("console-anziani", "+393470009999");
      browser.waitUntil(d -> alert(browser).contains("Chiamata in arrivo da 347 000 9999"), "the second call's alert");
      browser.waitForText("#scheda", "Numero non associato");
      phone.ends(gone);
      browser.waitUntil(d -> alert(browser).isEmpty() && browser.all("#chiamata:not([hidden])").isEmpty(),
          "the withdrawn offer to disappear");
      browser.waitForText("#stato-operatore", "In servizio");
    }
  }

  /** The text of the page's role="alert" region for offers (empty, hence not displayed, when nothing rings). */
  static String alert(Browser browser) {
    return String.valueOf(browser.script("return document.getElementById('allerta').textContent"));
  }

  private static WebElement active(Browser browser) {
    return browser.driver().switchTo().activeElement();
  }
}
