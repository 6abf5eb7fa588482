package coop.sportello.web;

import coop.sportello.bandi.CodiciFiscali;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The officer's bandi in the browser (issue 22): a bando written in the form (a too short title
 * refused next to its field, focus there), published after a confirmation saying what freezes;
 * five residents apply through the API; the officer opens an application and downloads its
 * document, admits it, rejects one with a reason, asks for more on another, admits in ranking
 * order until the budget ends (one admitted, one left waiting), is told the budget is exhausted
 * when admitting by hand, and downloads the Comune's report as CSV. axe-core on every state.
 */
class ComuneBandiBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final String TITLE = "Buoni spesa per le famiglie 2026";

  @Test
  void anOfficerWritesPublishesReviewsAndReportsABando() throws Exception {
    await(TestAccounts.create(vertx, app.pool(), "bandiweb.funzionario", "municipal_officer"));
    Path downloads = Files.createTempDirectory("sportello-bandi");
    try (Browser browser = new Browser(app.port())) {
      browser.saveDownloadsIn(downloads);
      browser.viewport(Browser.Viewport.DESKTOP).open("/comune.html");
      browser.find("#utente").sendKeys("bandiweb.funzionario");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#bandi", "Il Comune non ha ancora bandi.");
      browser.waitForText("#domande", "Nessun bando pubblicato");
      browser.assertUsable("no bandi yet");

      // The draft, first with a title too short: the API's refusal lands on the field.
      browser.click("#bando-nuovo");
      browser.find("#bando-titolo").sendKeys("Buo");
      browser.find("#bando-sintesi").sendKeys("Buoni spesa per le famiglie residenti in difficoltà.");
      browser.find("#bando-testo").sendKeys("Il Comune assegna buoni spesa alle famiglie residenti. Un buono per nucleo.");
      browser.click("#bando-regole");
      browser.click("#bando-regole");
      browser.script("const s = document.getElementById('regola-1-tipo'); s.value = 'household_size';"
          + "s.dispatchEvent(new Event('change'));");
      browser.find("#regola-1-max").sendKeys("8");
      browser.find("#bando-base").sendKeys("100");
      browser.find("#bando-budget").sendKeys("250,00");
      LocalDateTime now = LocalDateTime.now(ROME).truncatedTo(ChronoUnit.MINUTES);
      LocalDateTime opens = now.minusHours(1);
      LocalDateTime closes = now.plusDays(2);
      browser.script("const v = arguments;"
          + "[['bando-apre', v[0]], ['bando-apre-ora', v[1]], ['bando-chiude', v[2]], ['bando-chiude-ora', v[3]], ['bando-scadenza', v[4]]]"
          + ".forEach(([id, value]) => { document.getElementById(id).value = value; });",
          opens.toLocalDate().toString(), opens.toLocalTime().toString(), closes.toLocalDate().toString(),
          closes.toLocalTime().toString(), LocalDate.now(ROME).plusMonths(3).toString());
      browser.click("#bando-documenti-aggiungi");
      browser.find("#documento-2-nome").sendKeys("Attestazione ISEE");
      browser.find("#documento-2-codice").sendKeys("isee");
      browser.click("#bando-salva");
      browser.waitForText("#bando-titolo-errore", "5");
      assertEquals("bando-titolo", browser.script("return document.activeElement.id"), "focus on the first field refused");
      browser.assertUsable("bando form, title refused");

      browser.find("#bando-titolo").clear();
      browser.find("#bando-titolo").sendKeys(TITLE);
      browser.click("#bando-salva");
      browser.waitForText("#bandi-elenco", TITLE);
      browser.waitForText("#bandi-elenco", "Bozza");
      browser.waitForText("#bandi-elenco", "250,00 € stanziati, 0,00 € concessi, restano 250,00 €");

      // The draft opens again in the form as saved, and saves again.
      browser.click("#bandi-elenco tbody button.btn-outline-primary");
      browser.waitUntil(d -> "250".equals(browser.script("const b = document.getElementById('bando-budget'); return b && b.value")), "the budget in the form");
      assertEquals(2L, browser.script("return document.querySelectorAll('.bando-regola').length"));
      assertEquals("8", browser.script("return document.getElementById('regola-1-max').value"));
      assertEquals("isee", browser.script("return document.getElementById('documento-2-codice').value"));
      browser.assertUsable("draft in the form");
      browser.find("#bando-budget").clear();
      browser.find("#bando-budget").sendKeys("250");
      browser.click("#bando-salva");
      browser.waitForText("#bandi-elenco", "250,00 € stanziati");

      // Publishing asks first, saying what freezes.
      browser.click("#bandi-elenco .bando-pubblica");
      browser.waitForText("#bandi-elenco .bando-conferma", "non si potranno più modificare");
      browser.assertUsable("publish asked");
      browser.click("#bandi-elenco .bando-conferma .btn-primary");
      browser.waitForText("#bandi-elenco", "Pubblicato");
      String bando = (String) browser.script("return document.querySelector('#bandi-elenco tbody tr').dataset.bando");
      JsonObject published = await(http.get("/api/v1/bandi/" + bando, null)).bodyAsJsonObject();
      assertEquals("published", published.getString("status"));
      assertEquals(25_000, published.getJsonObject("budget").getLong("totalCents"));
      assertEquals(10_000, published.getJsonObject("amount").getLong("baseCents"));
      assertEquals(2, published.getJsonArray("rules").size());

      // Five residents apply, 100 € each, the budget is 250 €.
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        names.add(apply(bando, "bandiweb.cittadino" + i, i));
      }
      browser.script("document.getElementById('bandi-titolo').scrollIntoView();");
      browser.screenshot("comune-bandi");

      browser.click("#bandi-elenco .bando-domande");
      browser.waitForText("#domande-elenco caption", "(5)");
      browser.waitForText("#domande-budget", "Restano 250,00 €");
      browser.assertUsable("applications of the bando");

      // The first: its document downloaded, admitted.
      openApplication(browser, names.get(0));
      browser.click("#domanda-documenti .documento-scarica");
      Path document = downloads.resolve("isee.pdf");
      browser.waitUntil(d -> Files.exists(document), "the downloaded document " + document);
      assertTrue(Files.readString(document, StandardCharsets.ISO_8859_1).startsWith("%PDF"));
      browser.assertUsable("one application open");
      browser.click("#domanda-ammetti");
      browser.waitForText("#domande-esito", "Restano 150,00 €");
      browser.waitForText("#domande-budget", "Restano 150,00 €");

      // The second rejected with a reason, the third asked for more.
      openApplication(browser, names.get(1));
      browser.click("#domanda-respingi");
      browser.find("#motivo").sendKeys("Il nucleo non risiede nel Comune.");
      browser.assertUsable("reason asked");
      browser.click(".motivo button[type=submit]");
      browser.waitForText("#domande-esito", "respinta");
      openApplication(browser, names.get(2));
      browser.click("#domanda-integrazioni");
      browser.find("#motivo").sendKeys("Manca la pagina 2 dell'ISEE.");
      browser.click(".motivo button[type=submit]");
      browser.waitForText("#domande-esito", "Chieste integrazioni");
      assertEquals(List.of("granted", "rejected", "incomplete", "submitted", "submitted"), statuses(bando));
      assertEquals("Il nucleo non risiede nel Comune.", reason(bando, 2));

      // The ranking, then the batch until the budget ends: the fourth fits, the fifth does not.
      browser.find("#domande-cerca").clear();
      browser.click("#domande form[role=search] button[type=submit]");
      browser.waitForText("#domande-elenco caption", "(5)");
      browser.click("#domande-graduatoria");
      browser.waitForText("#graduatoria tbody tr:first-child", "Sì");
      browser.waitForText("#graduatoria tbody tr:last-child", "No");
      browser.click("#domande-in-graduatoria");
      browser.waitForText("#domande-esito", "Ammessa una domanda.");
      browser.waitForText("#domande-esito", "Il budget è esaurito");
      browser.waitForText("#domande-budget", "Restano 50,00 €");
      assertEquals(List.of("granted", "rejected", "incomplete", "granted", "submitted"), statuses(bando));
      browser.assertUsable("admitted in ranking order");
      browser.script("document.getElementById('domande-titolo').scrollIntoView();");
      browser.screenshot("comune-domande");

      // Admitting by hand past the budget is refused, saying what is left.
      openApplication(browser, names.get(2));
      browser.click("#domanda-ammetti");
      browser.waitForText("#domande-errore", "Il budget non basta: restano 50,00 €, la domanda ne chiede 100,00 €.");
      browser.assertUsable("budget exhausted");

      // The reports: every bando, one bando over time, the CSV; the shops' statements.
      browser.waitForText("#resoconti-bandi", TITLE);
      browser.waitForText("#resoconti-totali", "Stanziati 250,00 €, concessi 200,00 €, restano 50,00 €.");
      browser.script("const s = document.getElementById('resoconti-bando'); s.value = arguments[0];", bando);
      browser.click("#resoconti-mostra");
      browser.waitForText("#ricevute tbody", "5");
      assertTrue(!browser.all("#resoconto-bando svg[role=img] rect").isEmpty(), "the bars are drawn");
      browser.click("#resoconti-csv");
      Path report = downloads.resolve("bandi-comune.csv");
      browser.waitUntil(d -> Files.exists(report), "the downloaded report " + report);
      assertTrue(Files.readString(report, StandardCharsets.UTF_8).contains(TITLE));
      browser.click("#rendiconto-mostra");
      browser.waitForText("#rendiconto-esito", "nessun buono è stato speso");
      browser.assertUsable("reports");
      browser.script("document.getElementById('resoconti-titolo').scrollIntoView();");
      browser.screenshot("comune-resoconti");

      browser.viewport(Browser.Viewport.PHONE).open("/comune.html");
      browser.waitForText("#bandi-elenco", TITLE);
      browser.click("#bandi-elenco .bando-domande");
      browser.waitForText("#domande-elenco caption", "(5)");
      browser.assertUsable("applications, PHONE");
      browser.click("#bandi-elenco .bando-ritira");
      browser.waitForText("#bandi-elenco .bando-conferma", "non potranno più presentare domanda");
      browser.click("#bandi-elenco .bando-conferma .btn-danger");
      browser.waitForText("#bandi-elenco", "Ritirato");
      assertEquals(404, await(http.get("/api/v1/bandi/" + bando, null)).statusCode(), "a withdrawn bando is no longer public");
      browser.assertUsable("bando withdrawn, PHONE");

      // A draft never published is deleted, after a confirmation.
      String draftTitle = "Bozza da eliminare";
      String draft = await(http.post("/api/v1/comune/bandi", await(http.accessToken("bandiweb.funzionario")),
          coop.sportello.bandi.BandiFixture.definition(draftTitle))).bodyAsJsonObject().getString("id");
      browser.open("/comune.html");
      browser.waitForText("#bandi-elenco", draftTitle);
      browser.click("#bandi-elenco tr[data-bando='" + draft + "'] .bando-elimina");
      browser.waitForText("#bandi-elenco .bando-conferma", "mai stata pubblicata");
      browser.assertUsable("delete a draft, PHONE");
      browser.click("#bandi-elenco .bando-conferma .btn-danger");
      browser.waitUntil(d -> !browser.find("#bandi-elenco").getText().contains(draftTitle), "the draft gone from the list");
      assertEquals(0L, await(app.pool().preparedQuery("SELECT count(*) FROM bandi WHERE id = $1")
          .execute(Tuple.of(UUID.fromString(draft)))).iterator().next().getLong(0));
    }
  }

  private static void openApplication(Browser browser, String name) {
    browser.find("#domande-cerca").clear();
    browser.find("#domande-cerca").sendKeys(name);
    browser.click("#domande form[role=search] button[type=submit]");
    browser.waitForText("#domande-elenco caption", "(1)");
    browser.waitForText("#domande-elenco tbody", name);
    browser.click("#domande-elenco .domanda-apri");
    browser.waitForText("#domanda-titolo", "Domanda protocollo");
    browser.waitForText("#domanda", name);
  }

  /** A resident of the Comune applies with one document; answers their display name. */
  private String apply(String bando, String username, int seed) {
    UUID id = await(TestAccounts.create(vertx, app.pool(), username, "citizen"));
    String cf = CodiciFiscali.of(7_000 + seed, LocalDate.of(1980, 1, seed), false);
    await(app.pool().preparedQuery("UPDATE accounts SET codice_fiscale = $2 WHERE id = $1").execute(Tuple.of(id, cf)));
    String token = await(http.accessToken(username));
    HttpResponse<Buffer> uploaded = await(http.client().post("/api/v1/bandi/" + bando + "/uploads?kind=isee&filename=isee.pdf")
        .putHeader("Idempotency-Key", UUID.randomUUID().toString()).putHeader("Content-Type", "application/octet-stream")
        .bearerTokenAuthentication(token).sendBuffer(Buffer.buffer(PDF)));
    assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
    HttpResponse<Buffer> applied = await(http.post("/api/v1/bandi/" + bando + "/applications", token, new JsonObject()
        .put("members", new JsonArray()).put("answers", new JsonObject())
        .put("documentIds", new JsonArray().add(uploaded.bodyAsJsonObject().getString("id")))));
    assertEquals(201, applied.statusCode(), applied.bodyAsString());
    return await(app.pool().preparedQuery("SELECT display_name FROM accounts WHERE id = $1").execute(Tuple.of(id)))
        .iterator().next().getString(0);
  }

  /** The applications' statuses by protocol; admitted and paid (buoni spesa with the wallet plugged in) are both granted. */
  private List<String> statuses(String bando) {
    List<String> out = new ArrayList<>();
    await(app.pool().preparedQuery("SELECT CASE WHEN status IN ('admitted', 'paid') THEN 'granted' ELSE status END FROM bando_applications WHERE bando_id = $1 ORDER BY protocol")
        .execute(Tuple.of(UUID.fromString(bando)))).forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private String reason(String bando, int nth) {
    return await(app.pool().preparedQuery("SELECT reason FROM bando_applications WHERE bando_id = $1 ORDER BY protocol OFFSET $2 LIMIT 1")
        .execute(Tuple.of(UUID.fromString(bando), nth - 1))).iterator().next().getString(0);
  }

  private static final byte[] PDF = ("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
      + "trailer <</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
}
