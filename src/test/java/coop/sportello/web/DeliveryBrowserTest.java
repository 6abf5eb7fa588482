package coop.sportello.web;

import coop.sportello.statements.MoneyRows;
import coop.sportello.statements.MoneyRows.Booking;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cooperative's day (giornata-ente.html) in a real browser: a past day's bookings with their
 * intake answers, Erogato on one, Parziale refused without minutes then recorded with them, the
 * month closed, and a correction with its reason. Desktop and phone; axe-core and no sideways
 * scrolling in every state.
 */
class DeliveryBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  @Test
  void theAdminRecordsTheDayClosesTheMonthAndCorrectsWithAReason() {
    CatalogFixture.municipalities(app.pool());
    UUID admin = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "giornata.admin", "71717171717"));
    String person = await(TestAccounts.create(vertx, app.pool(), "giornata.persona", "employee")).toString();
    MoneyRows rows = new MoneyRows(app.pool());
    UUID service = rows.service(rows.providerOf(admin), "health", "Assistenza domiciliare");
    Booking nine = rows.booking(service, person, at("2025-10-07T09:00"), at("2025-10-07T10:00"), "confirmed", 2_000);
    Booking eleven = rows.booking(service, person, at("2025-10-07T11:00"), at("2025-10-07T12:30"), "confirmed", 2_000);
    await(app.pool().preparedQuery("UPDATE bookings SET intake_address = 'Via Roma 1, Bergamo' WHERE id = $1")
        .execute(Tuple.of(nine.id())));

    try (Browser browser = new Browser(app.port())) {
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        boolean desktop = viewport == Browser.Viewport.DESKTOP;
        browser.viewport(viewport).open("/giornata-ente.html?date=2025-10-07");
        if (desktop) {
          browser.find("#utente").sendKeys("giornata.admin");
          browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
        }
        browser.waitForText("#giorno-esito", "2 prestazioni");
        browser.waitForText("[data-booking='" + nine.id() + "']", "Via Roma 1, Bergamo");
        browser.assertUsable("la giornata (" + viewport + ")");
        if (!desktop) {
          continue;
        }
        String first = "[data-booking='" + nine.id() + "'] ";
        String second = "[data-booking='" + eleven.id() + "'] ";
        browser.click(first + "[data-outcome='delivered']");
        browser.waitForText("#giorno-esito", "Registrato: Erogato");
        browser.waitForText(first + "[data-delivery='delivered']", "Erogato, 60 minuti");

        browser.click(second + "[data-outcome='partial']");
        browser.waitForText("#e-" + eleven.id() + "-minuti-errore", "minuti svolti");
        assertEquals("e-" + eleven.id() + "-minuti", browser.driver().switchTo().activeElement().getAttribute("id"), "focus on the field");
        browser.assertUsable("parziale senza minuti");
        browser.find("#e-" + eleven.id() + "-minuti").sendKeys("45");
        browser.find("#e-" + eleven.id() + "-nota").sendKeys("Uscita prima");
        browser.click(second + "[data-outcome='partial']");
        browser.waitForText(second + "[data-delivery='partial']", "Parziale, 45 minuti");

        browser.script("window.confirm = () => true;");
        browser.click("#mese-chiudi");
        browser.waitForText("#mese-esito", "è chiuso");
        browser.waitForText("#mese-stato", "chiuso");
        browser.waitForText(first + "legend", "Correggi");
        browser.assertUsable("mese chiuso");

        browser.click(first + "[data-outcome='no_show']");
        browser.waitForText("#e-" + nine.id() + "-motivo-errore", "motivo della correzione");
        browser.find("#e-" + nine.id() + "-motivo").sendKeys("La famiglia aveva disdetto");
        browser.click(first + "[data-outcome='no_show']");
        browser.waitForText("#giorno-esito", "Corretto: Non presentato");
        browser.waitForText(first + "[data-delivery='no_show']", "Non presentato, 0 minuti");
        browser.assertUsable("correzione registrata");
      }
    }
    assertEquals(1L, await(app.pool().preparedQuery("SELECT count(*) FROM delivery_corrections WHERE booking_id = $1")
        .execute(Tuple.of(nine.id()))).iterator().next().getLong(0));
  }

  private static java.time.OffsetDateTime at(String local) {
    return LocalDateTime.parse(local).atZone(ROME).toOffsetDateTime();
  }
}
