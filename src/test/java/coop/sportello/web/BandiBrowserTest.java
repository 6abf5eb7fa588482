package coop.sportello.web;

import coop.sportello.bandi.CodiciFiscali;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Bandi e contributi" for a citizen: a guest reads the list and the bando (amount and window in
 * words, the countdown); the citizen signs in on the bando's page, adds a child, checks that they
 * may apply and for how much, is told next to the field that the ISEE is missing, attaches a real
 * small PDF, reads the summary and sends: the receipt shows the protocol the server gave. On a
 * phone, "Le mie domande" shows it as sent; when the Comune asks for more, the citizen adds a
 * document there and sends it again. Before a click day's opening, a citizen prepares the
 * application (the document uploaded, found again after a reload, the way on disabled with the
 * reason in words) and sends it as soon as the page, at the opening, finds the bando open. Every
 * state checked with axe-core.
 */
class BandiBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  @Test
  void aCitizenChecksAppliesWithADocumentGetsTheProtocolAndCompletesTheApplicationWhenAsked() throws IOException {
    String officer = officer();
    String bando = published(officer);
    await(TestAccounts.create(vertx, app.pool(), "bweb.giulia", "citizen"));
    String cf = CodiciFiscali.of(9_101, LocalDate.of(1985, 3, 14), true);
    await(app.pool().preparedQuery("UPDATE accounts SET codice_fiscale = $2, display_name = 'Giulia Rota' WHERE username = $1")
        .execute(Tuple.of("bweb.giulia", cf)));
    String child = CodiciFiscali.of(9_102, LocalDate.now(ROME).minusYears(6), false);
    Path isee = Files.createTempFile("isee-", ".pdf");
    Files.write(isee, pdf());
    Path id = Files.createTempFile("identita-", ".pdf");
    Files.write(id, pdf());

    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP).open("/bandi.html");
      browser.waitForText("[data-phase=open]", "Buoni spesa inverno");
      browser.waitForText("[data-phase=open]", "150,00 € più 50,00 € per ogni figlio");
      browser.assertUsable("the bandi, a guest, DESKTOP");
      browser.screenshot("bandi");

      browser.click("[data-phase=open] a[href^='/bando.html']");
      browser.waitForText("#importo", "150,00 €");
      browser.waitForText("#conto-alla-rovescia", "Chiude tra");
      browser.waitForText("#requisiti", "Risiedere nel Comune.");
      browser.waitForText("#fondi", "Restano");
      browser.assertUsable("the bando, a guest, DESKTOP");

      browser.find("#utente").sendKeys("bweb.giulia");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitUntil(d -> browser.find("#modulo").isDisplayed(), "the application form");
      browser.click("#aggiungi-membro");
      browser.find("#membro-cf-1").sendKeys(child);
      browser.click("#verifica");
      browser.waitForText("#esito-verifica", "Con questi dati non puoi partecipare");
      browser.waitForText("#esito-verifica", "Non ricevo altri sostegni alimentari");
      browser.assertUsable("not eligible yet, DESKTOP");
      browser.click("label[for=dich-no_other_support]");
      browser.click("#verifica");
      browser.waitForText("#esito-verifica", "Puoi partecipare. Con questo nucleo riceveresti 200,00 €.");
      browser.assertUsable("eligible, DESKTOP");

      browser.click("#continua");
      browser.waitForText("#doc-isee-errore", "Allega questo documento");
      browser.assertUsable("the form's errors, DESKTOP");
      browser.find("#doc-isee").sendKeys(isee.toAbsolutePath().toString());
      browser.click("#continua");
      browser.waitForText("#riepilogo", "Riepilogo della domanda");
      browser.waitForText("#riepilogo", child + " – Figlio o figlia");
      browser.waitForText("#riepilogo", "Attestazione ISEE: " + isee.getFileName());
      browser.assertUsable("the summary, DESKTOP");
      browser.click("#invia");
      browser.waitForText("#ricevuta-titolo", "Domanda ricevuta");
      String token = await(http.accessToken("bweb.giulia"));
      JsonObject mine = await(http.get("/api/v1/me/bando-applications", token)).bodyAsJsonObject();
      assertEquals(1, mine.getJsonArray("items").size(), mine.encode());
      JsonObject application = mine.getJsonArray("items").getJsonObject(0);
      browser.waitForText("#protocollo", String.valueOf(application.getValue("protocol")));
      browser.waitForText("#ricevuta", "200,00 €");
      browser.assertUsable("the receipt, DESKTOP");
      browser.screenshot("domanda-ricevuta");

      browser.viewport(Browser.Viewport.PHONE).open("/bando.html?id=" + bando);
      browser.waitUntil(d -> browser.find("#modulo").isDisplayed(), "the application form on a phone");
      browser.click("#aggiungi-membro");
      browser.assertUsable("the application form, PHONE");

      browser.open("/le-mie-domande.html");
      browser.waitForText("#domande", "Inviata");
      browser.waitForText("#domande", "Protocollo " + application.getValue("protocol"));
      browser.assertUsable("my applications, PHONE");
      browser.click("#lingua");
      browser.waitForText("main h1", "My applications");
      browser.waitForText("#domande", "Sent");
      browser.assertUsable("my applications in English, PHONE");
      browser.click("#lingua");
      browser.waitForText("#domande", "Inviata");

      String applicationId = application.getString("id");
      HttpResponse<Buffer> asked = await(http.post("/api/v1/comune/bandi/" + bando + "/applications/" + applicationId + "/incomplete",
          officer, new JsonObject().put("reason", "Manca il documento d'identità del richiedente.")));
      assertEquals(200, asked.statusCode(), asked.bodyAsString());
      browser.open("/le-mie-domande.html");
      browser.waitForText("#domande", "Da completare");
      browser.waitForText("#domande", "Motivo: Manca il documento d'identità del richiedente.");
      browser.assertUsable("an application to complete, PHONE");
      String base = "#integra-" + applicationId;
      browser.script("const s = document.querySelector(arguments[0]); s.value = 'identita'; s.dispatchEvent(new Event('change'));",
          base + "-tipo");
      browser.find(base + "-file").sendKeys(id.toAbsolutePath().toString());
      browser.click(base + " button[type=submit]");
      browser.waitForText(base, "Documento aggiunto: " + id.getFileName());
      browser.click(base + " button[type=button]");
      browser.waitForText("[data-application='" + applicationId + "'] [data-status-words]", "Inviata");
      browser.assertUsable("completed and sent again, PHONE");
      JsonObject after = await(http.get("/api/v1/me/bando-applications/" + applicationId, token)).bodyAsJsonObject();
      assertEquals("submitted", after.getString("status"), after.encode());
      assertTrue(after.getJsonArray("documents").stream().anyMatch(d -> "identita".equals(((JsonObject) d).getString("kind"))),
          after.encode());
      browser.viewport(Browser.Viewport.DESKTOP);
    } finally {
      Files.deleteIfExists(isee);
      Files.deleteIfExists(id);
    }
  }

  @Test
  void beforeTheOpeningACitizenPreparesTheApplicationAndSendsItWhenTheBandoOpens() throws IOException {
    await(TestAccounts.create(vertx, app.pool(), "bweb.ufficio.cd", "municipal_officer"));
    String officer = await(http.accessToken("bweb.ufficio.cd"));
    LocalDateTime now = LocalDateTime.now(ROME).truncatedTo(ChronoUnit.MINUTES);
    String bando = published(officer, "Buoni spesa click day", now.plusDays(1), now.plusDays(2));
    await(TestAccounts.create(vertx, app.pool(), "bweb.piero", "citizen"));
    String cf = CodiciFiscali.of(9_201, LocalDate.of(1979, 7, 21), true);
    await(app.pool().preparedQuery("UPDATE accounts SET codice_fiscale = $2, display_name = 'Piero Sala' WHERE username = $1")
        .execute(Tuple.of("bweb.piero", cf)));
    Path isee = Files.createTempFile("isee-preparata-", ".pdf");
    Files.write(isee, pdf());
    String file = isee.getFileName().toString();

    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP).open("/bando.html?id=" + bando);
      browser.waitForText("#conto-alla-rovescia", "Apre tra");
      browser.waitForText("#non-aperto", "Le domande si presentano solo mentre il bando è aperto.");
      browser.waitForText("#accedi-titolo", "Accedi per preparare la domanda da ora");
      browser.assertUsable("an upcoming bando, a guest, DESKTOP");

      browser.find("#utente").sendKeys("bweb.piero");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitUntil(d -> browser.find("#modulo").isDisplayed(), "the application form before the opening");
      browser.waitForText("#preparazione", "Puoi preparare la domanda da ora: carica i documenti e compila i dati.");
      browser.waitForText("#preparazione", "L’invio apre ");
      assertTrue(browser.all("#non-aperto").get(0).getAttribute("hidden") != null, "the guest's line is gone once signed in");
      assertTrue(!browser.find("#continua").isEnabled(), "no summary before the opening");
      browser.waitForText("#continua-motivo", "Potrai continuare e inviare la domanda da ");
      assertEquals("continua-motivo", browser.find("#continua").getAttribute("aria-describedby"));
      browser.click("label[for=dich-no_other_support]");
      browser.click("#verifica");
      browser.waitForText("#esito-verifica", "Puoi partecipare. Con questo nucleo riceveresti 150,00 €.");
      browser.find("#doc-isee").sendKeys(isee.toAbsolutePath().toString());
      browser.waitForText("#doc-isee-caricato", "Già caricato: " + file);
      announced(browser, "Documento caricato: " + file);
      assertTrue(!browser.find("#continua").isEnabled(), "uploading does not open the way on");
      browser.assertUsable("preparing before the opening, DESKTOP");

      String token = await(http.accessToken("bweb.piero"));
      JsonArray waiting = await(http.get("/api/v1/bandi/" + bando + "/uploads", token)).bodyAsJsonObject().getJsonArray("items");
      assertEquals(1, waiting.size(), waiting.encode());
      String documentId = waiting.getJsonObject(0).getString("id");

      opening(bando, 12);
      browser.open("/bando.html?id=" + bando);
      browser.waitForText("#doc-isee-caricato", "Già caricato: " + file);
      browser.waitForText("#preparazione", "Puoi preparare la domanda da ora");
      assertTrue(!browser.find("#continua").isEnabled(), "still before the opening after the reload");

      Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> browser.find("#continua").isEnabled());
      browser.waitForText("#preparazione", "L’invio è aperto: puoi inviare la domanda.");
      announced(browser, "L’invio è aperto: puoi inviare la domanda.");
      assertTrue(!browser.all("#continua-motivo").get(0).isDisplayed(), "no reason left next to the enabled button");
      browser.assertUsable("the opening reached, DESKTOP");

      browser.click("label[for=dich-no_other_support]");
      browser.click("#continua");
      browser.waitForText("#riepilogo", "Riepilogo della domanda");
      browser.waitForText("#riepilogo", "Attestazione ISEE: " + file);

      // The server's clock says not yet (here: the opening moved back an hour): the answer is said, nothing is lost.
      opening(bando, 3_600);
      browser.click("#invia");
      browser.waitForText("#invio-errore", "L’invio non è ancora aperto: riprova tra qualche secondo.");
      browser.waitForText("#riepilogo", "Attestazione ISEE: " + file);
      browser.assertUsable("sent before the server's opening, DESKTOP");
      opening(bando, -60);
      browser.click("#invia");
      browser.waitForText("#ricevuta-titolo", "Domanda ricevuta");
      JsonObject mine = await(http.get("/api/v1/me/bando-applications", token)).bodyAsJsonObject();
      assertEquals(1, mine.getJsonArray("items").size(), mine.encode());
      JsonObject application = mine.getJsonArray("items").getJsonObject(0);
      browser.waitForText("#protocollo", String.valueOf(application.getValue("protocol")));
      browser.waitForText("#ricevuta", "150,00 €");
      assertEquals(UUID.fromString(documentId), await(app.pool().preparedQuery(
              "SELECT id FROM bando_documents WHERE application_id = $1")
          .execute(Tuple.of(UUID.fromString(application.getString("id"))))).iterator().next().getUUID(0),
          "the application carries the document prepared before the opening");
      assertEquals(0, await(http.get("/api/v1/bandi/" + bando + "/uploads", token)).bodyAsJsonObject().getJsonArray("items").size());
    } finally {
      Files.deleteIfExists(isee);
    }
  }

  /** Moves the bando's opening to the database's now plus {@code seconds}, behind the trigger that keeps a published bando's terms. */
  private void opening(String bando, int seconds) {
    await(app.pool().withTransaction(c -> c.query("SET LOCAL session_replication_role = replica").execute()
        .compose(v -> c.preparedQuery("UPDATE bandi SET opens_at = date_trunc('second', now()) + make_interval(secs => $2) WHERE id = $1")
            .execute(Tuple.of(UUID.fromString(bando), seconds)))));
  }

  /** What the polite live region (visually hidden, so not the page's visible text) says. */
  private static void announced(Browser browser, String text) {
    browser.waitUntil(d -> String.valueOf(browser.script("return document.getElementById('annunci').textContent")).contains(text),
        "\"" + text + "\" announced");
  }

  private String officer() {
    await(TestAccounts.create(vertx, app.pool(), "bweb.ufficio", "municipal_officer"));
    return await(http.accessToken("bweb.ufficio"));
  }

  /** A buoni spesa bando of Bergamo open from an hour ago to tomorrow: 150 € plus 50 € per child, the ISEE asked. */
  private String published(String officer) {
    LocalDateTime now = LocalDateTime.now(ROME).truncatedTo(ChronoUnit.MINUTES);
    return published(officer, "Buoni spesa inverno", now.minusHours(1), now.plusDays(1));
  }

  private String published(String officer, String title, LocalDateTime opens, LocalDateTime closes) {
    JsonObject definition = new JsonObject().put("title", title).put("summary", "Buoni spesa per le famiglie in difficoltà.")
        .put("body", "Il Comune assegna buoni spesa alle famiglie residenti in difficoltà economica.\n\nSi spendono nei negozi accreditati.")
        .put("kind", "buoni_spesa")
        .put("rules", new JsonArray().add(new JsonObject().put("type", "residency"))
            .add(new JsonObject().put("type", "household_size").put("max", 8))
            .add(new JsonObject().put("type", "declaration").put("id", "no_other_support")
                .put("text", "Non ricevo altri sostegni alimentari")))
        .put("amount", new JsonObject().put("baseCents", 15_000).put("perChildCents", 5_000))
        .put("budgetCents", 10_000_000)
        .put("opensAt", LOCAL.format(opens)).put("closesAt", LOCAL.format(closes))
        .put("ranking", "first_come")
        .put("documents", new JsonArray().add(new JsonObject().put("kind", "isee").put("label", "Attestazione ISEE").put("required", true))
            .add(new JsonObject().put("kind", "identita").put("label", "Documento d'identità").put("required", false)))
        .put("voucherValidUntil", LocalDate.now(ROME).plusMonths(3).toString());
    HttpResponse<Buffer> created = await(http.post("/api/v1/comune/bandi", officer, definition));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String id = created.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> published = await(http.post("/api/v1/comune/bandi/" + id + "/publish", officer, new JsonObject()));
    assertEquals(200, published.statusCode(), published.bodyAsString());
    return id;
  }

  /** A small but real PDF. */
  private static byte[] pdf() {
    return ("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        + "trailer <</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
  }
}
