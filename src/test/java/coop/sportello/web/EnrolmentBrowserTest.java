package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Enrolling in the demo summer camp for two weeks in a real browser: the service page shows the
 * period chooser instead of the times, the quote lists the days and the price per week, the
 * enrolment holds every day together and the usual step confirms it.
 */
class EnrolmentBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  /** Centro estivo per bambini dai 3 ai 6 anni (Il Germoglio, Bergamo): 135 euros a week, summer weeks. */
  private static final String CAMP = "50000000-0000-4000-8000-000000000002";

  private LocalDate firstWeek;

  /** The demo camp's summer is more than the default 180 days away for most of the year: the catalog and the camp look further. */
  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("demoData", "on").put("catalog", new JsonObject().put("horizonDays", 400));
  }

  @BeforeAll
  void theCampOpensEnrolmentsForTheSummer() {
    await(app.pool().preparedQuery("UPDATE services SET booking_horizon_days = 400 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(CAMP))));
    LocalDate nextMonday = LocalDate.now(ROME).plusDays(1).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    // Slots roll forward to the horizon in the background once the application has started.
    LocalDate firstDay = org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> {
      Row r = await(app.pool().preparedQuery("""
              SELECT min((starts_at AT TIME ZONE 'Europe/Rome')::date) FROM slots
               WHERE service_id = $1 AND starts_at >= ($2::date)::timestamp AT TIME ZONE 'Europe/Rome'""")
          .execute(Tuple.of(UUID.fromString(CAMP), nextMonday))).iterator().next();
      return r.getLocalDate(0);
    }, day -> day != null);
    firstWeek = firstDay.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  @Test
  void aParentEnrolsTwoWeeksOfSummerCampAndConfirms() {
    try (Browser browser = new Browser(app.port())) {
      browser.open("/servizio.html?id=" + CAMP);
      browser.waitUntil(d -> browser.find("#iscrizione").isDisplayed(), "the enrolment section");
      assertEquals(Boolean.TRUE, browser.script("return document.getElementById('posti').hidden;"),
          "no single times for a service sold by the week");
      usable(browser, "servizio a settimane, scelta del periodo da ospite");

      new Select(browser.find("#iscr-inizio")).selectByValue(firstWeek.toString());
      new Select(browser.find("#iscr-quante")).selectByValue("2");
      browser.click("#iscr-vedi");
      browser.find("#form-accedi");
      browser.find("#utente").sendKeys("cittadino");
      browser.find("#password").sendKeys("sportello-demo", Keys.ENTER);

      browser.waitForText("#iscr-totale", "270,00 €");
      assertTrue(browser.find("#iscr-periodo").getText().contains("10 giorni aperti"), browser.find("#iscr-periodo").getText());
      assertEquals("2 settimane × 135,00 € a settimana", browser.find("#iscr-prezzo tbody td").getText());
      usable(browser, "iscrizione, giorni e prezzo");

      browser.click("#iscr-iscriviti");
      browser.waitForText("#prenota-titolo", "Il posto è tenuto per te");
      assertTrue(browser.find("#prenota").getText().contains("270,00 €"), browser.find("#prenota").getText());
      usable(browser, "iscrizione tenuta, da confermare");
      browser.script("document.activeElement.blur(); document.getElementById('iscrizione').scrollIntoView();");
      browser.screenshot("portale-iscrizione");

      browser.click("#conferma");
      browser.waitForText("#prenota-titolo", "Prenotazione confermata");
      usable(browser, "iscrizione confermata");
    }
    List<Row> enrolled = new ArrayList<>();
    await(app.pool().preparedQuery("""
            SELECT b.status, b.price_cents, (SELECT count(*) FROM booking_slots bs WHERE bs.booking_id = b.id) AS days
              FROM bookings b JOIN accounts a ON a.id::text = b.person WHERE a.username = 'cittadino' AND b.service_id = $1""")
        .execute(Tuple.of(UUID.fromString(CAMP)))).forEach(enrolled::add);
    assertEquals(1, enrolled.size());
    assertEquals("confirmed", enrolled.get(0).getString("status"));
    assertEquals(27_000, enrolled.get(0).getInteger("price_cents"));
    assertEquals(10L, enrolled.get(0).getLong("days"), "every weekday of the two weeks");
  }

  /** Usable (axe, no sideways scroll) on a desktop and on a phone; the window is left on a desktop. */
  private static void usable(Browser browser, String state) {
    for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
      browser.viewport(viewport);
      browser.assertUsable(state + ", " + viewport);
    }
    browser.viewport(Browser.Viewport.DESKTOP);
  }
}
