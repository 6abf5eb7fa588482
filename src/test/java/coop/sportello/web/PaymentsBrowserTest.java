package coop.sportello.web;

import coop.sportello.Application;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.platform.SportelloVertx;
import coop.sportello.testing.FakeStripe;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The payment screens of issue 21 in a real browser against the real application: the price of an
 * hourly service for its real length (two hours, twice the tariff) with its lines; paying at the
 * provider ("da pagare"); an employee paying with welfare credit first and the rest by card
 * through Checkout (FakeStripe), the return page waiting for the server's word until the signed
 * {@code checkout.session.completed} webhook arrives, then the receipts with a PDF that downloads;
 * an ISEE declared on the profile and the reduced tariff of its band on a service priced by ISEE.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentsBrowserTest {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final LocalDate DAY = LocalDate.now(ROME).plusDays(3);
  private static final String DEMO_PASSWORD = "sportello-demo";
  /** Demo plan: Orobica Valvole, group "Impiegati" (the demo employee's), EUR 600 each. */
  private static final String DEMO_PLAN = "40000000-0000-4000-8000-000000000001";
  private static final String CONNECTED_ACCOUNT = "acct_1SportelloCoopTest";

  private FakeStripe stripe;
  /** 21 € an hour, one two-hour time (10:00–12:00). */
  private String hourlyService;
  private String hourlySlot;
  /** 350 € an hour, one two-hour time: 700 €, 630 € with the Welfare Card, more than the employee's 600 € of credit. */
  private String dearService;
  private String dearSlot;
  /** 24 € an hour, 5 € for an ISEE up to 8.000 €, 10 € up to 15.000 €; one two-hour time (08:00–10:00). */
  private String iseeService;
  private String iseeSlot;

  private JsonObject overrides() {
    stripe = await(FakeStripe.start(vertx));
    return new JsonObject().put("demoData", "on").put("payments", new JsonObject().put("stripe", stripe.config()));
  }

  private Vertx vertx;
  private Application app;
  private Http http;

  /**
   * As AppTestBase, with more patience: loading the demo data (its Argon2 hashes) on a
   * two-core machine shared by several builds has taken over two minutes.
   */
  @BeforeAll
  void startApplication() {
    vertx = SportelloVertx.create();
    app = await(TestApp.start(vertx, overrides()), 360);
    http = new Http(vertx, app.port());
  }

  @AfterAll
  void stopApplication(VertxTestContext ctx) {
    Future<Void> stopped = app == null ? Future.succeededFuture() : app.stop();
    stopped.compose(v -> stripe == null ? Future.<Void>succeededFuture() : stripe.close())
        .eventually(() -> vertx.close()).onComplete(ctx.succeedingThenComplete());
  }

  @BeforeAll
  void providerPublishesHourlyServicesAndTakesCards() {
    CatalogFixture catalog = new CatalogFixture(http, token("admin.cooperativa"));
    CatalogFixture.Service hourly = catalog.create(service("Compagnia a ore per persone anziane", 2100));
    hourly.resource("Operatrice Marta B.", "person", 1).openOn(DAY, "10:00", "12:00", 120);
    hourlyService = hourly.id();
    hourlySlot = hourly.slotsOn(DAY).get(0);

    CatalogFixture.Service dear = catalog.create(service("Assistenza infermieristica a ore", 35_000));
    dear.resource("Infermiera Sara P.", "person", 1).openOn(DAY, "14:00", "16:00", 120);
    dearService = dear.id();
    dearSlot = dear.slotsOn(DAY).get(0);

    CatalogFixture.Service banded = catalog.create(service("Assistenza domiciliare comunale a ore", 2400)
        .iseeBand(800_000, 500).iseeBand(1_500_000, 1000));
    banded.resource("Operatore Luca M.", "person", 1).openOn(DAY, "08:00", "10:00", 120);
    iseeService = banded.id();
    iseeSlot = banded.slotsOn(DAY).get(0);

    // The cooperative is paid on its own Stripe account and prints its legal data on receipts.
    await(app.pool().preparedQuery("UPDATE providers SET stripe_account = $1 WHERE id = (SELECT provider_id FROM services WHERE id = $2)")
        .execute(Tuple.of(CONNECTED_ACCOUNT, UUID.fromString(dearService))));
    // The network's Welfare Card (demo agreement, every demo employee has a card) takes 10% off it.
    await(app.pool().preparedQuery("""
            INSERT INTO welfare_card_package (agreement_id, service_id, discount_kind, discount_value)
            VALUES ('71000000-0000-4000-8000-000000000001', $1, 'percent', 10)""")
        .execute(Tuple.of(UUID.fromString(dearService))));
    HttpResponse<Buffer> legal = await(http.put("/api/v1/provider/legal-details", token("admin.cooperativa"), new JsonObject()
        .put("legalName", "Cooperativa Sociale Esempio").put("legalAddress", "Via Borfuro 12, 24122 Bergamo")
        .put("fiscalCode", "01234567890")));
    assertEquals(200, legal.statusCode(), legal.bodyAsString());
  }

  @Test
  void aCitizenBooksTwoHoursOfAnHourlyServiceSeesTwiceTheTariffAndPaysAtTheProvider() {
    try (Browser browser = new Browser(app.port())) {
      holdSignedInAs(browser, "cittadino", hourlyService, hourlySlot);

      // Two hours at 21 € an hour: 42 €, with its lines, and the time's end.
      assertEquals("42,00 €", browser.find("#prezzo-totale").getText());
      String panel = browser.find("#prenota-corpo").getText();
      assertTrue(panel.contains("21,00 € all’ora") && panel.contains("2 ore") && panel.contains("10:00–12:00"), panel);
      assertTrue(panel.contains("arrotondato al centesimo una sola volta"), panel);
      assertTrue(browser.find("#da-pagare").getText().contains("Da pagare: 42,00 €"), browser.find("#da-pagare").getText());
      usable(browser, "pagamento, scelta di come pagare");
      browser.script("document.activeElement.blur(); document.getElementById('prenota').scrollIntoView();");
      browser.screenshot("pagamento-scelta");

      browser.click("label[for='resto-at_provider']");
      assertEquals(Boolean.TRUE, browser.script("return document.getElementById('resto-at_provider').checked;"));
      browser.find("#conferma").sendKeys(Keys.ENTER);
      browser.waitForText("#prenota-titolo", "Prenotazione confermata");
      browser.waitForText("#pagato", "Da pagare presso la cooperativa: 42,00 €");
      usable(browser, "pagamento presso la cooperativa, prenotazione confermata");

      String booking = onlyBookingOf(token("cittadino"), hourlySlot).getString("id");
      String item = "li[data-booking='" + booking + "']";
      browser.open("/prenotazioni.html");
      browser.waitForText(item, "Da pagare presso la cooperativa: 42,00 €");
      assertTrue(browser.find(item).getText().contains("Prezzo: 42,00 € · 21,00 € all’ora"), browser.find(item).getText());
      usable(browser, "le mie prenotazioni, da pagare presso la cooperativa");
    }
    JsonObject money = await(http.get("/api/v1/bookings/" + onlyBookingOf(token("cittadino"), hourlySlot).getString("id")
        + "/payments", token("cittadino"))).bodyAsJsonObject();
    assertEquals(4200, money.getInteger("priceCents"));
    assertEquals(4200, money.getInteger("dueCents"));
  }

  @Test
  void anEmployeePaysWithCreditPlusCardAndSeesTheBookingConfirmedOnlyOnceTheWebhookArrivesThenTheReceipts()
      throws IOException {
    HttpResponse<Buffer> funded = await(http.post("/api/v1/welfare/plans/" + DEMO_PLAN + "/fund", token("hr.admin"),
        new JsonObject()));
    assertEquals(200, funded.statusCode(), funded.bodyAsString());
    try (Browser browser = new Browser(app.port())) {
      holdSignedInAs(browser, "dipendente", dearService, dearSlot);
      // Two hours at 350 € less the Welfare Card's 10%: the discounted price is the one to pay.
      assertEquals("630,00 €", browser.find("#prezzo-totale").getText());
      assertTrue(browser.find("#prenota-corpo").getText().contains("−70,00 € (Carta Welfare, 10%)"),
          browser.find("#prenota-corpo").getText());

      // Credit first: 600 € of it, 30 € left, by card.
      browser.click("label[for='welfare']");
      browser.waitForText("#welfare-aiuto", "Hai 600,00 € di credito welfare");
      browser.waitForText("#da-pagare", "Da pagare: 30,00 €");
      browser.click("label[for='resto-card']");
      browser.waitForText("#conferma", "Conferma e paga con carta");
      usable(browser, "pagamento, credito welfare più carta");
      browser.find("#conferma").sendKeys(Keys.ENTER);

      // Off to Stripe's Checkout (not reachable from the test: the person "pays" there).
      browser.waitUntil(d -> d.getCurrentUrl().startsWith("https://checkout.stripe.com/"), "the checkout page");
      JsonObject held = onlyBookingOf(token("dipendente"), dearSlot);
      assertEquals("held", held.getString("status"), "held until the webhook says the card was paid");
      String session = cardSessionOf(held.getString("id"));

      // Back on the success page before Stripe's word: waiting, never "paid".
      String item = "li[data-booking='" + held.getString("id") + "']";
      browser.open("/prenotazioni.html?pagamento=completato&prenotazione=" + held.getString("id"));
      browser.waitForText("#esito-stato", "Aspettiamo la conferma del pagamento");
      browser.waitForText(item, "Pagamento con carta di 30,00 € in attesa di conferma");
      assertTrue(browser.find(item).getText().contains("Pagati 600,00 € con il credito welfare"), browser.find(item).getText());
      browser.script("window.sameDocument = 'still here';");
      usable(browser, "ritorno dal pagamento con carta, in attesa della conferma");
      browser.screenshot("pagamento-in-attesa");

      FakeStripe.SignedWebhook webhook = stripe.signedWebhook(stripe.sessionCompleted(session));
      HttpResponse<Buffer> delivered = await(http.client().post("/api/v1/payments/stripe/webhook")
          .putHeader("Content-Type", "application/json").putHeader("Stripe-Signature", webhook.signature())
          .sendBuffer(Buffer.buffer(webhook.payload())));
      assertEquals(200, delivered.statusCode(), delivered.bodyAsString());

      browser.waitForText("#esito-stato", "Pagamento ricevuto: la prenotazione " + held.getString("code") + " è confermata.");
      browser.waitForText(item, "Pagati 30,00 € con carta");
      assertEquals("still here", browser.script("return window.sameDocument;"), "updated without reloading");
      usable(browser, "ritorno dal pagamento con carta, confermata");
      browser.screenshot("pagamento-confermato");

      // The receipts: one for the credit, one for the card, each a PDF that downloads.
      String employee = token("dipendente");
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> await(http.get("/api/v1/me/receipts", employee))
          .bodyAsJsonObject().getJsonArray("items").size() == 2);
      browser.open("/prenotazioni.html");
      browser.waitUntil(d -> browser.all("#ricevute tr[data-series='receipt']").size() == 2, "two receipts listed");
      browser.waitForText(item, "Ricevute:");
      usable(browser, "le mie prenotazioni con le ricevute");
      Path downloads = Files.createTempDirectory("sportello-ricevute");
      browser.saveDownloadsIn(downloads);
      browser.find("#ricevute tr[data-series='receipt'] button").sendKeys(Keys.ENTER);
      browser.waitUntil(d -> pdfIn(downloads) != null, "the downloaded PDF");
      byte[] pdf = Files.readAllBytes(pdfIn(downloads));
      assertTrue(new String(pdf, 0, 5).startsWith("%PDF-"), "a PDF");
    }
    JsonObject money = await(http.get("/api/v1/bookings/" + onlyBookingOf(token("dipendente"), dearSlot).getString("id")
        + "/payments", token("dipendente"))).bodyAsJsonObject();
    assertEquals(63_000, money.getInteger("paidCents"));
    assertEquals(0, money.getInteger("dueCents"));
  }

  @Test
  void aCitizenDeclaresHerIseeOnTheProfileSeesItAsDeclaredAndPaysTheReducedTariffOfHerBand() {
    LocalDate expiry = LocalDate.of(DAY.getYear() + 1, 12, 31);
    try (Browser browser = new Browser(app.port())) {
      browser.open("/profilo.html");
      browser.find("#utente").sendKeys("cittadino");
      browser.find("#password").sendKeys(DEMO_PASSWORD, Keys.ENTER);
      browser.waitForText("#isee-stato", "Non hai dichiarato un ISEE.");
      assertTrue(browser.find("#isee").getText().contains("possono chiederti l’attestazione ISEE"), browser.find("#isee").getText());
      usable(browser, "profilo, nessun ISEE dichiarato");

      // What cannot be sent is said next to its field, and the focus goes to the first.
      declareIsee(browser, "settemila", LocalDate.now(ROME).minusDays(1));
      browser.waitForText("#isee-valore-errore", "con la virgola per i centesimi");
      assertEquals("Questa data è già passata: serve un’attestazione ISEE ancora valida.",
          browser.find("#isee-scadenza-errore").getText());
      assertEquals("true", browser.find("#isee-valore").getAttribute("aria-invalid"));
      assertEquals("isee-valore", browser.script("return document.activeElement.id;"));
      usable(browser, "profilo, ISEE con errori");

      declareIsee(browser, "7.500,00", expiry);
      browser.waitForText("#isee-esito", "ISEE salvato.");
      browser.waitForText("#isee-stato", "ISEE dichiarato da te: 7.500,00 €, valido fino a");
      assertTrue(browser.find("#isee-stato").getText().contains("31 dicembre " + expiry.getYear()), browser.find("#isee-stato").getText());
      assertEquals("Aggiorna l’ISEE", browser.find("#salva-isee").getText());
      usable(browser, "profilo, ISEE dichiarato");
      browser.script("document.activeElement.blur(); document.getElementById('isee').scrollIntoView();");
      browser.screenshot("profilo-isee");
      JsonObject declared = await(http.get("/api/v1/me/isee", token("cittadino"))).bodyAsJsonObject();
      assertEquals(750_000L, declared.getLong("valueCents"), declared.encode());
      assertEquals(expiry.toString(), declared.getString("expiresOn"));

      // An expired declaration is said to be expired, and a new one replaces it.
      await(app.pool().query("UPDATE isee_declarations SET expires_on = current_date - 1"
          + " WHERE account_id = (SELECT id FROM accounts WHERE username = 'cittadino')").execute());
      browser.open("/profilo.html");
      browser.waitForText("#isee-stato", "è scaduto");
      assertTrue(browser.find("#isee-stato").getText().contains("(7.500,00 €)"), browser.find("#isee-stato").getText());
      usable(browser, "profilo, ISEE scaduto");
      declareIsee(browser, "7500,00", expiry);
      browser.waitForText("#isee-stato", "ISEE dichiarato da te: 7.500,00 €, valido fino a");

      browser.click("#lingua");
      browser.waitForText("#isee-titolo", "Your ISEE");
      browser.waitForText("#isee-stato", "ISEE declared by you: €7,500.00");
      usable(browser, "profilo, ISEE dichiarato, in English");
      browser.click("#lingua");
      browser.waitForText("#isee-titolo", "Il tuo ISEE");

      // Her ISEE of 7.500 € is in the band up to 8.000 €: 5 € an hour instead of 24, 10 € for two hours.
      browser.open("/servizio.html?id=" + iseeService);
      browser.find("[data-slot='" + iseeSlot + "'] button").sendKeys(Keys.ENTER);
      browser.waitForText("#prenota-titolo", "Il posto è tenuto per te");
      assertEquals("10,00 €", browser.find("#prezzo-totale").getText());
      String panel = browser.find("#prenota-corpo").getText();
      assertTrue(panel.contains("5,00 € all’ora (tariffa ridotta per ISEE fino a 8.000,00 €)"), panel);
      usable(browser, "pagamento, tariffa ridotta per ISEE");
      browser.script("document.activeElement.blur(); document.getElementById('prenota').scrollIntoView();");
      browser.screenshot("pagamento-isee");
    }
  }

  /** Types the ISEE's value and sets its expiry (the browser's own date picker) on profilo.html, then saves. */
  private static void declareIsee(Browser browser, String value, LocalDate expiry) {
    browser.find("#isee-valore").clear();
    browser.find("#isee-valore").sendKeys(value);
    browser.script("const f = document.getElementById('isee-scadenza'); f.value = arguments[0];"
        + "f.dispatchEvent(new Event('input', {bubbles: true})); f.dispatchEvent(new Event('change', {bubbles: true}));",
        expiry.toString());
    browser.find("#salva-isee").sendKeys(Keys.ENTER);
  }

  // ---------------------------------------------------------------------------------- fixture

  /** On the service's page, chooses the time, signs in when asked and waits for the place to be held. */
  private static void holdSignedInAs(Browser browser, String username, String service, String slot) {
    browser.open("/servizio.html?id=" + service);
    browser.find("[data-slot='" + slot + "'] button").sendKeys(Keys.ENTER);
    browser.find("#utente").sendKeys(username);
    browser.find("#password").sendKeys(DEMO_PASSWORD, Keys.ENTER);
    browser.waitForText("#prenota-titolo", "Il posto è tenuto per te");
  }

  private String token(String username) {
    return await(http.login(username, DEMO_PASSWORD)).getString("accessToken");
  }

  private static CatalogFixture.ServiceBody service(String title, int centsAnHour) {
    return CatalogFixture.serviceBody("elderly", title, "Un'operatrice della cooperativa a casa tua, pagata a ore.")
        .tariff(centsAnHour, "hour").audience("everyone").welfareLetter("f").at("Via Borfuro 12, Bergamo")
        .policy(new JsonObject().put("cancelWindowHours", 24));
  }

  private JsonObject onlyBookingOf(String token, String slot) {
    JsonArray items = await(http.get("/api/v1/bookings", token)).bodyAsJsonObject().getJsonArray("items");
    List<JsonObject> found = items.stream().map(JsonObject.class::cast).filter(b -> b.getString("slotId").equals(slot)).toList();
    assertEquals(1, found.size(), items.encodePrettily());
    return found.get(0);
  }

  private String cardSessionOf(String booking) {
    Row row = await(app.pool().preparedQuery("SELECT stripe_session FROM payments WHERE booking_id = $1 AND method = 'card'")
        .execute(Tuple.of(UUID.fromString(booking)))).iterator().next();
    return row.getString(0);
  }

  private static Path pdfIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".pdf")).findFirst().orElse(null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@link Browser#assertUsable} on a desktop and on a phone, the window left on the desktop. */
  private static void usable(Browser browser, String state) {
    for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
      browser.viewport(viewport);
      browser.assertUsable(state + ", " + viewport);
    }
    browser.viewport(Browser.Viewport.DESKTOP);
  }
}
