package coop.sportello.kiosk;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.web.Browser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static coop.sportello.kiosk.KioskPage.doneApartFromPay;
import static coop.sportello.kiosk.KioskPage.heading;
import static coop.sportello.kiosk.KioskPage.identifies;
import static coop.sportello.kiosk.KioskPage.laidOutForLandscape;
import static coop.sportello.kiosk.KioskPage.laidOutForPortrait;
import static coop.sportello.kiosk.KioskPage.openAsTheDevice;
import static coop.sportello.kiosk.KioskPage.press;
import static coop.sportello.kiosk.KioskPage.text;
import static coop.sportello.kiosk.KioskPage.usable;
import static coop.sportello.kiosk.KioskPage.waitForText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kiosk's screens as issue 18 wants them, on a 1080×1920 portrait and a 1920×1080 landscape
 * display: the times day by day (more than the next eight, "Altri orari", other days), each with
 * its end and what it costs; the municipalities a service is for, by name, and plainly when the
 * person does not live in one of them, with the booking API's refusal in plain words; the
 * service's questions asked before paying; "Ho finito" far from and unlike "Conferma e paga".
 */
class KioskScreensBrowserTest extends AppTestBase {

  private static final String HOME_CARE = "Compagnia a domicilio";
  private static final String ELSEWHERE = "Doposcuola in piazza";
  private static final String PIAZZOLA = "028063";
  /** Eight days of times: more days than the picker shows at once. */
  private static final int DAYS = 8;
  private static final int PRICE_CENTS = 2200;

  private KioskFixture fixture;
  private KioskFixture.Employee luca;
  private String credential;
  private String homeCare;
  private String elsewhere;

  @BeforeAll
  void setUp() {
    fixture = new KioskFixture(vertx, app, http);
    luca = fixture.employee("luca.schermi", "Luca Ferrari", "TB-0217", "FRRLCU86C14A794T", "2468");
    credential = fixture.kioskCredential("Punto servizi mensa", fixture.companyId);
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("coop.totem")));
    // At home, for Bergamo and Piazzola sul Brenta, asking who receives it and where (required) and notes.
    homeCare = catalog.createService(CatalogFixture.serviceBody("elderly", HOME_CARE, "Compagnia e piccoli aiuti in casa.")
        .tariff(PRICE_CENTS, "session").audience("adults").welfareLetter("f").deliveredAt("at_home")
        .in(CatalogFixture.BERGAMO, PIAZZOLA).json()
        .put("intake", new JsonArray()
            .add(new JsonObject().put("kind", "beneficiary").put("required", true))
            .add(new JsonObject().put("kind", "address").put("required", true))
            .add(new JsonObject().put("kind", "notes").put("required", false))));
    String team = catalog.createResource("Squadra " + HOME_CARE, "group", 3);
    for (int d = 0; d < DAYS; d++) {
      // Twenty half-hour times a day, 08:00 to 18:00.
      assertEquals(201, catalog.ruleOn(homeCare, team, KioskFixture.DAY.plusDays(d), "08:00", "18:00", 30, 3).statusCode());
    }
    // In person, only for Piazzola sul Brenta's residents: Luca lives in Bergamo.
    CatalogFixture.Service other = catalog.create(CatalogFixture.serviceBody("work_life", ELSEWHERE, "Compiti e giochi.")
        .tariff(1500, "session").audience("adults").welfareLetter("f").at("Piazza Camerini 1, Piazzola sul Brenta").in(PIAZZOLA));
    other.resource("Sala " + ELSEWHERE, "room", 5).openOn(KioskFixture.DAY, "16:00", "17:00", 60);
    elsewhere = other.id();
  }

  @Test
  void timesDayByDayWithTheirEndAndPriceAndTheServicesQuestionsBeforePaying() {
    try (Browser kiosk = new Browser(app.port()).viewport(Browser.Viewport.KIOSK_PORTRAIT)) {
      openAsTheDevice(kiosk, credential);
      identifies(kiosk, luca);
      press(kiosk, "book");
      heading(kiosk, "Scegli un servizio");

      // The municipalities by name, not by ISTAT code; a service for another town is not offered first.
      String card = "[data-service='" + homeCare + "']";
      waitForText(kiosk, card, "Per chi abita a Bergamo e Piazzola sul Brenta");
      waitForText(kiosk, ".screen-content", "Ti mostriamo i servizi online e quelli per chi abita a Bergamo");
      String page = text(kiosk, "main");
      assertFalse(page.contains(CatalogFixture.BERGAMO) || page.contains(PIAZZOLA), "no ISTAT codes: " + page);
      assertTrue(kiosk.all("[data-service='" + elsewhere + "']").isEmpty(), "only what Luca may book, at first");
      usable(kiosk, "services for where Luca lives");

      // More than the next eight times, each with its end and its price, one day at a time.
      press(kiosk, "service-" + homeCare);
      heading(kiosk, "Scegli quando");
      kiosk.waitUntil(d -> kiosk.all(".slot").size() == 12, "the day's first twelve times");
      List<String> times = kiosk.all(".slot").stream().map(e -> e.getText().replace('\u00a0', ' ')).toList();
      assertTrue(times.get(0).contains("08:00–08:30"), times.get(0));
      for (String time : times) {
        assertTrue(time.matches("(?s).*\\d\\d:\\d\\d–\\d\\d:\\d\\d.*22,00 €.*3 posti liberi.*"), "end and price: " + time);
      }
      waitForText(kiosk, ".screen-content", "Mattina");
      waitForText(kiosk, ".screen-content", "Pomeriggio");
      assertEquals(6, kiosk.all("[data-key^='day-']").size(), "six days offered at once");
      assertEquals("true", kiosk.find("[data-key='day-" + KioskFixture.DAY + "']").getAttribute("aria-pressed"));
      usable(kiosk, "times of the first day");
      assertControlsInLowerHalf(kiosk);
      kiosk.screenshot("chiosco-verticale");

      // "Altri orari": the rest of the day, the focus on the first time added.
      press(kiosk, "more-times");
      kiosk.waitUntil(d -> kiosk.all(".slot").size() == 20, "all twenty times of the day");
      assertTrue(String.valueOf(kiosk.script("return document.activeElement.textContent")).contains("14:00–14:30"));
      assertTrue(kiosk.all("[data-key='more-times']").isEmpty(), "nothing more that day");
      usable(kiosk, "all the times of a day");

      // Other days: the next page of days, then one of them.
      LocalDate last = KioskFixture.DAY.plusDays(DAYS - 1);
      press(kiosk, "days-more");
      press(kiosk, "day-" + last);
      kiosk.waitUntil(d -> "true".equals(kiosk.find("[data-key='day-" + last + "']").getAttribute("aria-pressed")), "the day chosen");
      kiosk.waitUntil(d -> kiosk.all(".slot").size() == 12, "that day's first twelve times");
      usable(kiosk, "another day");

      // The questions before paying; "Ho finito" far from "Conferma e paga" on both screens.
      kiosk.find(".slot").click();
      heading(kiosk, "Conferma la prenotazione");
      waitForText(kiosk, ".summary", "08:00–08:30");
      waitForText(kiosk, ".summary", "22,00");
      kiosk.find("#intake-beneficiary");
      kiosk.find("#intake-address");
      kiosk.find("#intake-notes");
      usable(kiosk, "confirm with the service's questions");
      laidOutForPortrait(kiosk, "confirm");
      doneApartFromPay(kiosk, "confirm, portrait");
      laidOutForLandscape(kiosk, "confirm");
      kiosk.viewport(Browser.Viewport.KIOSK_LANDSCAPE);
      doneApartFromPay(kiosk, "confirm, landscape");
      kiosk.screenshot("chiosco-orizzontale");
      kiosk.viewport(Browser.Viewport.KIOSK_PORTRAIT);

      press(kiosk, "pay");
      kiosk.waitUntil(d -> String.valueOf(kiosk.find("#intake-beneficiary").getAttribute("class")).contains("is-invalid"),
          "the missing answer marked");
      waitForText(kiosk, "#intake-beneficiary-errore", "Scrivi chi riceve il servizio");
      waitForText(kiosk, "#intake-address-errore", "Scrivi l’indirizzo");
      assertEquals("intake-beneficiary", kiosk.script("return document.activeElement.id"));
      heading(kiosk, "Conferma la prenotazione");
      assertEquals(0, bookingsOf(homeCare), "nothing held or paid without the answers");
      usable(kiosk, "confirm, answers missing");

      // On the kiosk's own keyboard (a capital at the start by itself, Maiusc for the next one), or a physical one.
      kiosk.find("#intake-beneficiary").click();
      assertEquals("true", kiosk.find("[data-key='testo-shift']").getAttribute("aria-pressed"), "a capital first");
      String shift = String.valueOf(kiosk.script(
          "const s = getComputedStyle(document.querySelector('[data-key=testo-shift]')); return s.color + '|' + s.backgroundColor"));
      assertNotEquals(shift.split("\\|")[0], shift.split("\\|")[1], "the pressed Maiusc key can be read: " + shift);
      for (String key : List.of("a", "n", "n", "a", "space", "shift", "f", "e", "r", "r", "a", "r", "i")) {
        press(kiosk, "testo-" + key);
      }
      assertEquals("Anna Ferrari", kiosk.find("#intake-beneficiary").getAttribute("value"));
      kiosk.find("#intake-address").sendKeys("Via Tasso 8, Bergamo");
      press(kiosk, "pay");
      heading(kiosk, "Prenotazione confermata");
      waitForText(kiosk, ".ticket", "08:00–08:30");
      String code = kiosk.find("#codice").getText();
      Row booking = await(app.pool().preparedQuery("""
              SELECT intake_beneficiary, intake_address, intake_notes, paid_cents FROM bookings WHERE code = $1""")
          .execute(Tuple.of(code))).iterator().next();
      assertEquals("Anna Ferrari", booking.getString(0));
      assertEquals("Via Tasso 8, Bergamo", booking.getString(1));
      assertNull(booking.getString(2));
      assertEquals(PRICE_CENTS, booking.getInteger(3));
      usable(kiosk, "booked with the answers");
    }
  }

  @Test
  void aServiceForAnotherMunicipalitySaysSoPlainlyAndSoDoesTheRefusal() {
    try (Browser kiosk = new Browser(app.port()).viewport(Browser.Viewport.KIOSK_PORTRAIT)) {
      openAsTheDevice(kiosk, credential);
      identifies(kiosk, luca);
      press(kiosk, "book");
      heading(kiosk, "Scegli un servizio");
      press(kiosk, "where-all");
      String card = "[data-service='" + elsewhere + "']";
      waitForText(kiosk, card, "Per chi abita a Piazzola sul Brenta");
      waitForText(kiosk, card, "Tu abiti a Bergamo, che non è tra questi comuni");
      assertEquals("true", kiosk.find("[data-key='where-all']").getAttribute("aria-pressed"));
      usable(kiosk, "services of every municipality");

      press(kiosk, "service-" + elsewhere);
      heading(kiosk, "Scegli quando");
      kiosk.find(".slot").click();
      heading(kiosk, "Conferma la prenotazione");
      waitForText(kiosk, ".screen-content", "Tu abiti a Bergamo, che non è tra questi comuni");
      press(kiosk, "pay");
      waitForText(kiosk, "[role=alert]",
          "Non puoi prenotare questo servizio: è solo per chi abita a Piazzola sul Brenta, e il tuo comune di residenza non è tra questi.");
      usable(kiosk, "the residency refusal");
      assertEquals(0, bookingsOf(elsewhere), "nothing held");
    }
  }

  /** On the times screen (a list, which may be long): the day picker and the way back sit in the lower half in portrait. */
  private static void assertControlsInLowerHalf(Browser kiosk) {
    Number top = (Number) kiosk.script("return document.querySelector('.screen-controls').getBoundingClientRect().top + scrollY");
    assertTrue(top.doubleValue() >= 960, "the day picker in the lower half: " + top);
  }

  /** Luca's bookings of {@code service}, held, paid or given back. */
  private long bookingsOf(String service) {
    return await(app.pool().preparedQuery("""
            SELECT count(*) FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.person = $1 AND s.service_id = $2::uuid""")
        .execute(Tuple.of(luca.id(), service))).iterator().next().getLong(0);
  }
}
