package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestSmtp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The citizen portal in a real browser against the real application with the demo data: search,
 * the live service page, booking the last place while another screen watches, my bookings with
 * .ics, move and cancel (and the cancellation window), the welfare wallet and a request to pay with it, and English.
 */
class PortalBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final LocalDate DAY = LocalDate.now(ROME).plusDays(3);
  private static final String DEMO_PASSWORD = "sportello-demo";
  /** Demo plan: Orobica Valvole, group "Impiegati" (the demo employee's), 2026, EUR 600 each. */
  private static final String DEMO_PLAN = "40000000-0000-4000-8000-000000000001";

  /** One slot with two places: someone else takes one, the citizen the last. */
  private String lastPlaceService;
  private String lastPlaceSlot;
  /** Three one-hour slots with ten places, cancellable online up to 24 hours before, EUR 12 a session. */
  private String flexibleService;
  private List<String> flexibleSlots;
  /** One slot whose service may only be cancelled online 720 hours ahead: always refused here. */
  private String strictService;
  private String strictSlot;

  /** The mail server the relay sends to: the confirmation of a booking made here is read back from it. */
  private final TestSmtp smtp = new TestSmtp();

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("demoData", "on").put("notifications", smtp.notificationsConfig("https://sportello.test"));
  }

  @AfterAll
  void stopSmtp() {
    smtp.close();
  }

  @BeforeAll
  void providerPublishesServices() {
    CatalogFixture catalog = new CatalogFixture(http, token("admin.cooperativa"));
    CatalogFixture.Service lastPlace = catalog.create(service("Ginnastica dolce in piccolo gruppo", 24));
    lastPlace.resource("Palestrina al primo piano", "room", 2).openOn(DAY, "10:00", "11:00", 60);
    lastPlaceService = lastPlace.id();
    lastPlaceSlot = lastPlace.slotsOn(DAY).get(0);

    CatalogFixture.Service flexible = catalog.create(service("Laboratorio di cucina per famiglie", 24));
    flexible.resource("Cucina didattica", "room", 10).openOn(DAY, "10:00", "13:00", 60);
    flexibleService = flexible.id();
    flexibleSlots = flexible.slotsOn(DAY);
    assertEquals(3, flexibleSlots.size());

    CatalogFixture.Service strict = catalog.create(service("Colloquio di orientamento allo studio", 720));
    strict.resource("Sportello orientamento", "room", 4).openOn(DAY, "15:00", "16:00", 60);
    strictService = strict.id();
    strictSlot = strict.slotsOn(DAY).get(0);
  }

  // ---------------------------------------------------------------------------------- the tests

  @Test
  void aCitizenBooksTheLastPlaceWhileAnotherScreenSeesTheCountFallToZeroLive() {
    String someoneElse = token("roberto.cortinovis");
    holdAndConfirm(someoneElse, lastPlaceSlot);
    String row = "[data-slot='" + lastPlaceSlot + "']";

    // The watcher is a second portal page, as a guest; the kiosk watching a last place is in KioskBrowserTest.
    try (Browser watcher = new Browser(app.port()); Browser citizen = new Browser(app.port())) {
      watcher.open("/servizio.html?id=" + lastPlaceService);
      watcher.waitUntil(d -> "1".equals(attribute(watcher, row, "data-free")), "one place left on the watching screen");
      watcher.find("#live[data-live='on']");
      assertEquals("1 posto libero", watcher.find(row + " .slot-free").getText());
      watcher.script("window.sameDocument = 'still here';");
      accessible(watcher, "servizio, da ospite, con aggiornamenti in tempo reale");

      citizen.open("/servizio.html?id=" + lastPlaceService);
      citizen.find(row + " button").sendKeys(Keys.ENTER);
      citizen.find("#form-accedi");
      assertEquals("prenota-titolo", activeId(citizen), "focus moves to the sign-in step");
      accessible(citizen, "servizio, accesso per prenotare");
      citizen.find("#utente").sendKeys("cittadino");
      citizen.find("#password").sendKeys(DEMO_PASSWORD, Keys.ENTER);

      citizen.waitForText("#prenota-titolo", "Il posto è tenuto per te");
      assertEquals("prenota-titolo", activeId(citizen), "focus moves to the held place");
      String left = citizen.find("#conto").getText();
      assertTrue(left.matches("[45]:\\d\\d"), "a five-minute countdown, not " + left);
      citizen.waitUntil(d -> !citizen.find("#conto").getText().equals(left), "the countdown to move");
      assertTrue(citizen.find("#chi").getText().contains("Giulia Mazzoleni"));

      // The hold already takes the place: the other screen shows it without reloading.
      watcher.waitUntil(d -> "0".equals(attribute(watcher, row, "data-free")), "the watching screen to show no place left");
      accessible(citizen, "servizio, posto tenuto con il conto alla rovescia");
      citizen.script("document.activeElement.blur(); document.getElementById('posti').scrollIntoView();");
      citizen.screenshot("portale-servizio");

      citizen.find("#conferma").sendKeys(Keys.ENTER);
      citizen.waitForText("#prenota-titolo", "Prenotazione confermata");
      Matcher code = Pattern.compile("codice della prenotazione è ([A-Z0-9]{8})").matcher(citizen.find("#codice").getText());
      assertTrue(code.find(), citizen.find("#codice").getText());
      accessible(citizen, "servizio, prenotazione confermata");

      // A full time is no button: out of the tab order, saying "Pieno".
      assertEquals("Pieno", watcher.find(row + " .slot-full .slot-free").getText());
      assertTrue(watcher.all(row + " button").isEmpty(), "a full time is not focusable");
      assertEquals("still here", watcher.script("return window.sameDocument;"), "the watching screen was not reloaded");
      watcher.waitUntil(d -> String.valueOf(watcher.script("return document.getElementById('annunci').textContent;"))
          .contains("Nessun posto libero"), "a polite announcement of the change");

      JsonArray mine = bookingsOf(token("cittadino"));
      assertTrue(mine.stream().map(JsonObject.class::cast).anyMatch(b -> b.getString("code").equals(code.group(1))
          && b.getString("status").equals("confirmed") && b.getString("slotId").equals(lastPlaceSlot)));
    }
    assertEquals(2, taken(lastPlaceSlot), "both places taken, none more");
  }

  @Test
  void searchingByAreaAndMunicipalityShowsTheMatchingServicesWithTariffAndNextFreePlace() {
    List<String> expected = titles("/api/v1/services?area=childhood&municipality=028063&size=10");
    List<String> elsewhere = titles("/api/v1/services?area=childhood&municipality=016024&size=50");
    assertFalse(expected.isEmpty(), "the demo has childhood services in Piazzola sul Brenta");
    assertTrue(elsewhere.stream().anyMatch(t -> !expected.contains(t)), "and others only near Bergamo");

    try (Browser browser = new Browser(app.port())) {
      browser.open("/");
      browser.waitForText("#conteggio", "servizi trovati");
      browser.waitForText("#pagina", "Pagina 1 di ");
      accessible(browser, "ricerca, tutti i servizi");
      List<String> firstPage = shownTitles(browser);
      browser.find("#pagina-dopo").sendKeys(Keys.ENTER);
      browser.waitForText("#pagina", "Pagina 2 di ");
      browser.waitUntil(d -> !shownTitles(browser).isEmpty() && !shownTitles(browser).equals(firstPage), "the second page");

      new Select(browser.find("#area")).selectByValue("childhood");
      new Select(browser.find("#comune")).selectByValue("028063");
      browser.find("#cerca-bottone").sendKeys(Keys.ENTER);
      browser.waitUntil(d -> shownTitles(browser).equals(expected), "the results of childhood in Piazzola sul Brenta");
      assertEquals("risultati-titolo", activeId(browser), "focus moves to the results");

      for (WebElement hit : browser.all(".portal-hit")) {
        assertEquals("childhood", hit.getAttribute("data-area"));
        // In person: for the residents of municipalities named, never by ISTAT code.
        if (!hit.findElement(By.cssSelector(".portal-where")).getText().equals("Online")) {
          String served = hit.findElement(By.cssSelector(".portal-served")).getText();
          assertTrue(served.startsWith("Per chi abita a: ") && served.contains("Piazzola sul Brenta"), served);
        }
        assertFalse(hit.getText().matches("(?s).*\\b0\\d{5}\\b.*"), "no ISTAT code in " + hit.getText());
        assertTrue(hit.getText().contains("Genitorialità e infanzia"), hit.getText());
        assertTrue(hit.findElement(By.cssSelector(".portal-tariff")).getText().matches("Tariffa: .*€.*"), hit.getText());
        String next = hit.findElement(By.cssSelector(".portal-next")).getText();
        assertTrue(next.startsWith("Primo posto libero: ") || next.startsWith("Nessun posto libero"), next);
      }
      accessible(browser, "ricerca per area e comune, con risultati");
      browser.script("document.activeElement.blur(); document.getElementById('cerca').scrollIntoView();");
      browser.screenshot("portale-ricerca");

      browser.find("#q").sendKeys("cucina", Keys.ENTER);
      browser.waitForText("#conteggio", "Nessun servizio trovato");
      new Select(browser.find("#area")).selectByValue("");
      new Select(browser.find("#comune")).selectByValue("016024");
      browser.find("#cerca-bottone").sendKeys(Keys.ENTER);
      browser.waitUntil(d -> shownTitles(browser).contains("Laboratorio di cucina per famiglie"), "the text search in Bergamo");
      accessible(browser, "ricerca per testo senza risultati, poi con risultati");

      // Thousands are grouped: the live-in carer costs 1.650,00 € a month (not "1650,00 €").
      browser.find("#q").clear();
      browser.find("#q").sendKeys("badante convivente");
      new Select(browser.find("#comune")).selectByValue("");
      browser.find("#cerca-bottone").sendKeys(Keys.ENTER);
      browser.waitForText("#risultati", "1.650,00 € al mese");
    }
  }

  @Test
  void myBookingsDownloadAnIcsMoveCancelAndExplainTheCancellationWindow() throws IOException {
    // A resident of Bergamo, where these services are offered in person (V17).
    String citizen = token("roberto.cortinovis");
    String flexible = holdAndConfirm(citizen, flexibleSlots.get(0)).getString("id");
    JsonObject strictBooking = holdAndConfirm(citizen, strictSlot);
    String strict = strictBooking.getString("id");
    String code = bookingsOf(citizen).stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("id").equals(flexible)).findFirst().orElseThrow().getString("code");

    try (Browser browser = new Browser(app.port())) {
      browser.open("/prenotazioni.html");
      browser.find("#form-accedi");
      accessible(browser, "le mie prenotazioni, accesso");
      browser.find("#utente").sendKeys("roberto.cortinovis");
      browser.find("#password").sendKeys(DEMO_PASSWORD, Keys.ENTER);
      String flexibleItem = "li[data-booking='" + flexible + "']";
      String strictItem = "li[data-booking='" + strict + "']";
      browser.find(flexibleItem);
      browser.find(strictItem);
      assertTrue(browser.find(flexibleItem).getText().contains("fino a 24 ore prima"), browser.find(flexibleItem).getText());
      // Every time shown carries its end and what it costs.
      assertTrue(browser.find(flexibleItem).getText().contains("10:00–11:00"), browser.find(flexibleItem).getText());
      browser.waitForText(flexibleItem, "Prezzo: 12,00 € · 12,00 € a incontro");
      assertTrue(browser.find("#chi").getText().contains("Roberto Cortinovis"));
      assertTrue(browser.find("#esci").isDisplayed(), "signed in: the header offers to sign out");
      assertFalse(browser.all("#accedi").get(0).isDisplayed(), "signed in: the header no longer offers to sign in");
      accessible(browser, "le mie prenotazioni, elenco");
      browser.screenshot("portale-prenotazioni");

      // .ics: fetched with the token, saved from a Blob. Watch the answer and the saved file.
      Path downloads = Files.createTempDirectory("sportello-ics");
      browser.saveDownloadsIn(downloads);
      browser.script("""
          const real = window.fetch; window.icsAnswers = [];
          window.fetch = async (...args) => {
            const answer = await real(...args);
            if (String(args[0]).endsWith('/ics')) window.icsAnswers.push({status: answer.status, type: answer.headers.get('Content-Type')});
            return answer;
          };""");
      assertEquals("Aggiungi al calendario", browser.find(flexibleItem + " [data-action='ics']").getText(), "plain words, no \".ics\"");
      browser.find(flexibleItem + " [data-action='ics']").sendKeys(Keys.ENTER);
      browser.waitUntil(d -> ((Number) browser.script("return window.icsAnswers.length;")).intValue() == 1, "the .ics answer");
      assertEquals(200L, browser.script("return window.icsAnswers[0].status;"));
      assertTrue(String.valueOf(browser.script("return window.icsAnswers[0].type;")).startsWith("text/calendar"));
      Path file = downloads.resolve("prenotazione-" + code + ".ics");
      browser.waitUntil(d -> Files.exists(file), "the saved file " + file);
      String calendar = Files.readString(file);
      assertTrue(calendar.contains("BEGIN:VCALENDAR") && calendar.contains("TZID:Europe/Rome") && calendar.contains(code), calendar);

      // Move to the next hour.
      browser.find(flexibleItem + " [data-action='move']").sendKeys(Keys.ENTER);
      WebElement choice = browser.find(flexibleItem + " .portal-move select");
      assertEquals(choice, browser.driver().switchTo().activeElement(), "focus moves to the choice of time");
      accessible(browser, "le mie prenotazioni, scelta del nuovo orario");
      new Select(choice).selectByValue(flexibleSlots.get(1));
      browser.find(flexibleItem + " [data-action='move-go']").sendKeys(Keys.ENTER);
      browser.find(flexibleItem + "[data-status='rescheduled']");
      String moved = bookingsOf(citizen).stream().map(JsonObject.class::cast)
          .filter(b -> b.getString("slotId").equals(flexibleSlots.get(1)) && b.getString("status").equals("confirmed"))
          .findFirst().orElseThrow().getString("id");
      String movedItem = "li[data-booking='" + moved + "']";
      assertTrue(browser.find(movedItem).getText().contains("11:00"), browser.find(movedItem).getText());
      assertEquals(0, taken(flexibleSlots.get(0)));
      assertEquals(1, taken(flexibleSlots.get(1)));

      // Cancel it: asked once more, then done.
      browser.find(movedItem + " [data-action='cancel']").sendKeys(Keys.ENTER);
      browser.find(movedItem + " [data-action='cancel-yes']");
      accessible(browser, "le mie prenotazioni, conferma dell'annullamento");
      browser.find(movedItem + " [data-action='cancel-yes']").sendKeys(Keys.ENTER);
      browser.find(movedItem + "[data-status='cancelled']");
      assertEquals(0, taken(flexibleSlots.get(1)));

      // Inside the cancellation window: refused, and said why.
      browser.find(strictItem + " [data-action='cancel']").sendKeys(Keys.ENTER);
      browser.find(strictItem + " [data-action='cancel-yes']").sendKeys(Keys.ENTER);
      browser.waitForText("#errore-" + strict, "almeno 720 ore prima");
      assertEquals("alert", browser.find("#errore-" + strict).getAttribute("role"));
      assertEquals("confirmed", browser.find(strictItem).getAttribute("data-status"));
      accessible(browser, "le mie prenotazioni, annullamento rifiutato");
    }
    assertEquals("confirmed", bookingsOf(citizen).stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("id").equals(strict)).findFirst().orElseThrow().getString("status"));
  }

  @Test
  void anEmployeePaysWithWelfareCreditAndSeesTheBalanceAndTheMovement() {
    HttpResponse<Buffer> funded = await(http.post("/api/v1/welfare/plans/" + DEMO_PLAN + "/fund", token("hr.admin"),
        new JsonObject()));
    assertEquals(200, funded.statusCode(), funded.bodyAsString());
    String row = "[data-slot='" + flexibleSlots.get(2) + "']";

    try (Browser browser = new Browser(app.port())) {
      browser.open("/servizio.html?id=" + flexibleService);
      browser.find(row + " button").sendKeys(Keys.ENTER);
      browser.find("#utente").sendKeys("dipendente");
      browser.find("#password").sendKeys(DEMO_PASSWORD, Keys.ENTER);
      browser.waitForText("#prenota-titolo", "Il posto è tenuto per te");
      // Bootstrap Italia draws the box on the label: a person clicks the label.
      browser.click("label[for='welfare']");
      assertEquals(Boolean.TRUE, browser.script("return document.getElementById('welfare').checked;"));
      accessible(browser, "servizio, posto tenuto, pagamento con il welfare");
      browser.find("#conferma").sendKeys(Keys.ENTER);
      browser.waitForText("#prenota-titolo", "Prenotazione confermata");
      browser.waitForText("#prenota-corpo", "Pagata con il credito welfare.");

      browser.open("/prenotazioni.html");
      browser.find("#portafoglio tr[data-plan='" + DEMO_PLAN + "']");
      assertTrue(browser.find("#portafoglio tr[data-plan='" + DEMO_PLAN + "']").getText().contains("588,00"),
          browser.find("#portafoglio").getText());
      assertTrue(browser.find("#portafoglio tr[data-kind='payment']").getText().contains("-12,00"),
          browser.find("#portafoglio").getText());
      assertTrue(browser.find("#portafoglio tr[data-kind='fund']").getText().contains("600,00"));

      // The demo operator asked to pay an ironing booking with his credit: nothing is taken until he approves.
      String request = "#consensi li[data-status='pending']";
      assertTrue(browser.find(request).getText().contains("Federica Colombo chiede di pagare 16,00"), browser.find(request).getText());
      accessible(browser, "le mie prenotazioni con il credito welfare e una richiesta di pagamento");
      browser.find(request + " [data-action='approve']").sendKeys(Keys.ENTER);
      browser.waitForText("#consensi li[data-status='approved']", "Approvata da te, nell’area personale");
      assertEquals("consensi-titolo", activeId(browser), "focus goes back to the requests' heading");
      browser.waitForText("#portafoglio tr[data-plan='" + DEMO_PLAN + "']", "572,00");
      accessible(browser, "le mie prenotazioni, richiesta approvata");
    }
    JsonObject wallet = await(http.get("/api/v1/welfare/wallet", token("dipendente"))).bodyAsJsonObject();
    assertEquals(57_200, wallet.getJsonArray("wallets").getJsonObject(0).getInteger("balanceCents"));
  }

  @Test
  void aHeldPlaceCanBeGivenUpAndGoesBackAtOnce() {
    int before = taken(strictSlot);
    String row = "[data-slot='" + strictSlot + "']";
    try (Browser browser = new Browser(app.port())) {
      browser.open("/servizio.html?id=" + strictService);
      browser.find(row);
      // The only free day: "next day" finds nothing in the weeks ahead, says so, and keeps the day and the focus.
      browser.find("#orari-dopo").sendKeys(Keys.ENTER);
      browser.waitForText("#orari-stato", "Non ci sono orari liberi nelle prossime settimane");
      browser.find(row);
      assertEquals("orari-dopo", activeId(browser), "focus stays on the button");

      browser.find(row + " button").sendKeys(Keys.ENTER);
      browser.find("#utente").sendKeys("cittadino");
      browser.find("#password").sendKeys(DEMO_PASSWORD, Keys.ENTER);
      browser.waitForText("#prenota-titolo", "Il posto è tenuto per te");
      assertEquals(before + 1, taken(strictSlot));
      browser.waitUntil(d -> String.valueOf(4 - before - 1).equals(attribute(browser, row, "data-free")),
          "the page's own count to follow the hold");
      browser.find("#lascia").sendKeys(Keys.ENTER);
      browser.waitForText("#prenota-corpo", "Hai lasciato il posto");
      assertEquals("prenota-titolo", activeId(browser));
      accessible(browser, "servizio, posto lasciato");
      browser.waitUntil(d -> String.valueOf(4 - before).equals(attribute(browser, row, "data-free")),
          "the place to show as free again");
    }
    assertEquals(before, taken(strictSlot));
  }

  @Test
  void switchingToEnglishChangesTheVisibleWordsOnEveryPage() {
    try (Browser browser = new Browser(app.port())) {
      browser.open("/");
      browser.waitForText("#conteggio", "servizi trovati");
      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("h1", "Find a service");
      assertEquals("en", browser.script("return document.documentElement.lang;"));
      assertEquals("Italiano", browser.find("#lingua").getText());
      String nav = browser.find("header nav").getText();
      assertTrue(nav.contains("Find services") && nav.contains("My bookings") && nav.contains("Talk to us"), nav);
      assertEquals("Parenting and childhood", new Select(browser.find("#area")).getOptions().get(2).getText());
      browser.waitForText("#conteggio", "services found");
      assertTrue(browser.find(".portal-hit .portal-tariff").getText().startsWith("Price: "));
      accessible(browser, "search in English");

      browser.open("/servizio.html?id=" + flexibleService);
      browser.waitForText("#posti-titolo", "Choose day and time");
      browser.waitForText("#dettagli", "per session");
      browser.waitForText("[data-slot='" + flexibleSlots.get(2) + "'] button", "free place");
      browser.waitForText("[data-slot='" + flexibleSlots.get(2) + "'] button", "1 hour · €12.00 per session");
      browser.waitForText("#orari-ore", "Morning");
      accessible(browser, "service page in English");

      browser.open("/prenotazioni.html");
      browser.waitForText("#form-accedi", "Sign in");
      browser.waitForText("h1", "My bookings");
      accessible(browser, "my bookings in English, signed out");

      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("h1", "Le mie prenotazioni");
      browser.waitForText("#form-accedi", "Nome utente");
      assertEquals("it", browser.script("return document.documentElement.lang;"));
    }
  }

  /** Demo: "Assistenza domiciliare per anziani e persone fragili", Alta Padovana, serving Piazzola sul Brenta. */
  private static final String HOME_CARE = "50000000-0000-4000-8000-000000000028";

  /**
   * Issue 18's task with counted steps: Antonio Zanon, who lives in Piazzola sul Brenta, books home
   * care for his father from the home page, on a phone. Every click and every key or typed field
   * after signing in is counted; the steps go to target/task-steps-citizen.txt.
   */
  @Test
  void aCitizenBooksHomeCareNearPiazzolaSulBrentaFromTheHomePageInAtMostEightActions() throws IOException {
    Steps steps = new Steps();
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.PHONE);
      signIn(browser, "antonio.zanon");
      browser.open("/");
      browser.waitForText("#conteggio", "trovat");
      assertEquals("028063", new Select(browser.find("#comune")).getFirstSelectedOption().getAttribute("value"),
          "the search starts from where the signed-in person lives");

      steps.type(browser, "#q", "assistenza domiciliare", "what: home care");
      steps.key(browser, "#q", Keys.ENTER, "search");
      String card = "li[data-service='" + HOME_CARE + "']";
      waitForText(browser, card, "Piazzola sul Brenta");
      usable(browser, "compito: risultati della ricerca", Browser.Viewport.PHONE);
      browser.screenshot("telefono-ricerca");

      steps.click(browser, card + " h3 a", "the home-care card");
      browser.waitForText("#titolo", "Assistenza domiciliare");
      browser.waitForText("#residenza", "Abiti a Piazzola sul Brenta: puoi prenotare");
      String time = "#orari-ore button[data-choose]";
      browser.find(time);
      usable(browser, "compito: servizio, primo giorno libero", Browser.Viewport.PHONE);
      // Two operators free at 14:00 are one time with two places, not two identical buttons.
      @SuppressWarnings("unchecked")
      List<String> clocks = (List<String>) browser.script(
          "return [...document.querySelectorAll('#orari-ore .slot-clock')].map(c => c.textContent);");
      assertEquals(clocks.size(), clocks.stream().distinct().count(), "each time once: " + clocks);

      String chosen = browser.find(time).getAttribute("data-choose");
      steps.click(browser, time, "the first free time");
      browser.waitForText("#prenota-titolo", "Il posto è tenuto per te");
      String row = "[data-slot='" + chosen + "']";
      assertTrue(!browser.all(row + " #prenota").isEmpty(), "the panel opens under the chosen time");
      assertEquals("23,00 €", browser.find("#prezzo-totale").getText(), browser.find("#prenota-corpo").getText());
      browser.find("#prenota-beneficiary");
      usable(browser, "compito: posto tenuto con le domande", Browser.Viewport.PHONE);
      // Nowhere near 12,000 px: the panel is where the person is looking.
      Number height = (Number) browser.script("return document.documentElement.scrollHeight;");
      assertTrue(height.intValue() < 5000, "the phone page is " + height + " px tall");
      Number gap = (Number) browser.script("const t = document.querySelector(arguments[0] + ' .slot-time').getBoundingClientRect();"
          + "return document.getElementById('prenota').getBoundingClientRect().top - t.bottom;", row);
      assertTrue(gap.intValue() >= 0 && gap.intValue() < 40, "the panel starts " + gap + " px below the chosen time");
      // The chosen time, then its panel: what the person sees after choosing.
      browser.script("document.activeElement.blur(); document.querySelector(arguments[0]).scrollIntoView();", row);
      browser.script("window.scrollBy(0, -90);");
      browser.screenshot("telefono-servizio");

      steps.type(browser, "#prenota-beneficiary", "Giuseppe Zanon", "who receives the service");
      steps.type(browser, "#prenota-address", "Via dei Contarini 7, Piazzola sul Brenta", "the address");
      steps.click(browser, "#conferma", "confirm");
      browser.waitForText("#prenota-titolo", "Prenotazione confermata");
      usable(browser, "compito: prenotazione confermata", Browser.Viewport.PHONE);
    }
    steps.write(Path.of("target/task-steps-citizen.txt"),
        "A citizen (antonio.zanon, Piazzola sul Brenta) books home care from the home page, on a phone (390x844).");
    assertTrue(steps.count() <= 8, steps.count() + " actions: " + steps.done);
    JsonObject booked = bookingsOf(token("antonio.zanon")).stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("serviceId").equals(HOME_CARE) && b.getString("status").equals("confirmed"))
        .findFirst().orElseThrow();
    assertEquals("Giuseppe Zanon", booked.getJsonObject("intake").getString("beneficiary"), booked.encode());

    // The confirmation reaches the person's mailbox with the code, the time and a link to manage it.
    String email = await(app.pool().query("SELECT email FROM accounts WHERE username = 'antonio.zanon'").execute())
        .iterator().next().getString(0);
    assertNotNull(email, "the demo citizen has an e-mail address");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !smtp.receivedBy(email).isEmpty());
    String mail = TestSmtp.plainText(smtp.receivedBy(email).get(0));
    assertTrue(mail.contains("Codice prenotazione: " + booked.getString("code")), mail);
    String clock = OffsetDateTime.parse(booked.getString("start")).atZoneSameInstant(ROME).toLocalTime().toString().replaceFirst("^0", "");
    assertTrue(mail.contains("dalle " + clock), clock + " in " + mail);
    assertTrue(mail.contains("https://sportello.test/gestisci.html#t=booking." + booked.getString("id") + "."), mail);
  }

  @Test
  void someoneFromAnotherMunicipalityIsToldBeforeChoosingAndTheRefusalIsInPlainWords() {
    try (Browser browser = new Browser(app.port())) {
      signIn(browser, "antonio.zanon");
      browser.open("/servizio.html?id=" + flexibleService);
      browser.waitForText("#dettagli", "Bergamo");
      browser.waitForText("#residenza", "Abiti a Piazzola sul Brenta: questo servizio è solo per chi abita nei comuni indicati");
      usable(browser, "servizio, comune di residenza non servito", Browser.Viewport.DESKTOP);
      browser.find("[data-slot='" + flexibleSlots.get(1) + "'] button").sendKeys(Keys.ENTER);
      browser.waitForText("#errore-prenota", "riservato ai residenti dei comuni in cui è offerto");
      assertEquals("prenota-titolo", activeId(browser), "focus moves to the refusal");
      usable(browser, "servizio, prenotazione rifiutata per residenza", Browser.Viewport.DESKTOP);
    }
  }

  @Test
  void theIntakeQuestionsAreAskedBeforeConfirmingAndAMissingAnswerIsSaidNextToItsField() {
    try (Browser browser = new Browser(app.port())) {
      signIn(browser, "lucia.tonello");
      browser.open("/servizio.html?id=" + HOME_CARE);
      browser.find("#orari-ore button[data-choose]").sendKeys(Keys.ENTER);
      browser.waitForText("#prenota-titolo", "Il posto è tenuto per te");
      browser.find("#prenota-address").sendKeys("Via Roma 1, Piazzola sul Brenta");
      browser.find("#conferma").sendKeys(Keys.ENTER);
      browser.waitForText("#prenota-beneficiary-errore", "Scrivi chi riceve il servizio.");
      assertEquals("true", browser.find("#prenota-beneficiary").getAttribute("aria-invalid"));
      assertEquals("prenota-beneficiary", activeId(browser), "focus moves to the field to fill in");
      assertTrue(browser.find("#errore-prenota").getText().contains("rispondi alle domande segnate"));
      usable(browser, "servizio, risposta obbligatoria mancante", Browser.Viewport.DESKTOP);
      browser.find("#prenota-beneficiary").sendKeys("Lucia Tonello");
      browser.find("#conferma").sendKeys(Keys.ENTER);
      browser.waitForText("#prenota-titolo", "Prenotazione confermata");
    }
  }

  /** Counts what a person does: every click, every key, every field typed into. */
  private static final class Steps {
    private final List<String> done = new ArrayList<>();

    void click(Browser browser, String css, String what) {
      browser.click(css);
      done.add("click: " + what);
    }

    void key(Browser browser, String css, CharSequence key, String what) {
      browser.find(css).sendKeys(key);
      done.add("key: " + what);
    }

    void type(Browser browser, String css, String text, String what) {
      browser.find(css).sendKeys(text);
      done.add("type: " + what + " (\"" + text + "\")");
    }

    int count() {
      return done.size();
    }

    void write(Path file, String task) throws IOException {
      Files.createDirectories(file.getParent());
      List<String> lines = new ArrayList<>(List.of(task, "Actions after signing in: " + done.size(), ""));
      for (int i = 0; i < done.size(); i++) lines.add((i + 1) + ". " + done.get(i));
      Files.write(file, lines);
    }
  }

  // ---------------------------------------------------------------------------------- fixture

  /** Signs in on "my bookings", as the header's "Accedi" leads there; the session stays for the tab. */
  private static void signIn(Browser browser, String username) {
    browser.open("/prenotazioni.html");
    browser.find("#utente").sendKeys(username);
    browser.find("#password").sendKeys(DEMO_PASSWORD, Keys.ENTER);
    browser.find("#prossime-titolo");
  }

  private String token(String username) {
    return await(http.login(username, DEMO_PASSWORD)).getString("accessToken");
  }

  private HttpResponse<Buffer> post(String token, String path, JsonObject body, int expected) {
    HttpResponse<Buffer> response = await(http.post(path, token, body));
    assertEquals(expected, response.statusCode(), path + ": " + response.bodyAsString());
    return response;
  }

  private static CatalogFixture.ServiceBody service(String title, int cancelWindowHours) {
    return CatalogFixture.serviceBody("health", title, "Incontri in piccoli gruppi con un'operatrice della cooperativa, in città.")
        .tariff(1200, "session").audience("everyone").welfareLetter("f").at("Via Borfuro 12, Bergamo")
        .policy(new JsonObject().put("cancelWindowHours", cancelWindowHours));
  }

  private JsonObject holdAndConfirm(String token, String slot) {
    String id = post(token, "/api/v1/bookings/holds", new JsonObject().put("slotId", slot), 201)
        .bodyAsJsonObject().getString("id");
    return post(token, "/api/v1/bookings/" + id + "/confirm", new JsonObject(), 200).bodyAsJsonObject();
  }

  private JsonArray bookingsOf(String token) {
    return await(http.get("/api/v1/bookings", token)).bodyAsJsonObject().getJsonArray("items");
  }

  private int taken(String slot) {
    return await(app.pool().preparedQuery("SELECT taken FROM slots WHERE id = $1").execute(Tuple.of(UUID.fromString(slot))))
        .iterator().next().getInteger(0);
  }

  private List<String> titles(String path) {
    List<String> titles = new ArrayList<>();
    await(http.get(path, null)).bodyAsJsonObject().getJsonArray("items")
        .forEach(s -> titles.add(((JsonObject) s).getString("title")));
    return titles;
  }

  // ---------------------------------------------------------------------------------- the page

  /** Read in one script, so a list being redrawn is never half seen (no stale elements). */
  @SuppressWarnings("unchecked")
  private static List<String> shownTitles(Browser browser) {
    return (List<String>) browser.script(
        "return [...document.querySelectorAll('.portal-hit h3')].map(h => h.textContent.trim());");
  }

  /** Like {@link Browser#waitForText}, read in one script: a list being redrawn is never half seen. */
  private static void waitForText(Browser browser, String css, String text) {
    browser.waitUntil(d -> String.valueOf(browser.script(
        "const e = document.querySelector(arguments[0]); return e && e.textContent;", css)).contains(text),
        "\"" + text + "\" in " + css);
  }

  private static String attribute(Browser browser, String css, String name) {
    Object value = browser.script("const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1]);",
        css, name);
    return value == null ? null : value.toString();
  }

  /** {@link #usable} for a test on the desktop. */
  private static void accessible(Browser browser, String state) {
    usable(browser, state, Browser.Viewport.DESKTOP);
  }

  /**
   * The checks of every state ({@link Browser#assertUsable} and {@link #readable}) on a desktop and
   * on a phone, the page as it is; the window is left as {@code back}.
   */
  private static void usable(Browser browser, String state, Browser.Viewport back) {
    for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
      browser.viewport(viewport);
      browser.assertUsable(state + ", " + viewport);
      readable(browser, state + ", " + viewport);
    }
    browser.viewport(back);
  }

  /**
   * One more look at what axe leaves "incomplete": text whose colour equals its background (1:1) is
   * reported only as needing review, yet nobody can read it.
   */
  private static void readable(Browser browser, String state) {
    Object unreadable = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast']}})
          .then(r => done(r.incomplete.flatMap(rule => rule.nodes)
            .filter(n => n.any.some(check => String(check.message).includes(' 1:1 ')))
            .map(n => String(n.target) + ': ' + n.any.map(check => check.message).join(' ')).join('\\n')))
          .catch(e => done('axe failed: ' + e));""");
    assertEquals("", unreadable, "text as dark or light as its background in " + state);
  }

  private static String activeId(Browser browser) {
    return String.valueOf(browser.script("return document.activeElement && document.activeElement.id;"));
  }
}
