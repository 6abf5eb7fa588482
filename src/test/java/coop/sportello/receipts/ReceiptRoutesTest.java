package coop.sportello.receipts;

import coop.sportello.receipts.domain.ReceiptPdf;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Receipts through HTTP: the provider admin's legal data, the relay running by itself, the person's
 * list and PDF, the admin's list and PDF, the same 404 for everyone else, and the export.
 */
class ReceiptRoutesTest extends AppTestBase {

  private ReceiptsFixture fixture;
  private String admin;
  private String otherAdmin;
  private String citizen;
  private String stranger;
  private String employee;
  private String citizenId;
  private String employeeId;
  private UUID plan;
  private String slot;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("receipts", new JsonObject().put("relayMillis", 100));
  }

  @BeforeAll
  void setUp() {
    fixture = new ReceiptsFixture(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.germoglio", "provider_admin"));
    await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "admin.lanterna", "33188460167"));
    citizenId = await(TestAccounts.create(vertx, app.pool(), "giulia.rossi", "citizen")).toString();
    await(TestAccounts.create(vertx, app.pool(), "altro.cittadino", "citizen"));
    employeeId = await(TestAccounts.create(vertx, app.pool(), "operaio.bianchi", "employee")).toString();
    await(app.pool().preparedQuery("UPDATE accounts SET codice_fiscale = 'RSSGLI80A41A794K' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(citizenId))));
    int year = LocalDate.now(ZoneId.of("Europe/Rome")).getYear();
    plan = await(app.pool().preparedQuery("""
        WITH g AS (INSERT INTO employee_groups (company_id, name)
                   SELECT company_id, 'Operai' FROM accounts WHERE id = $1 RETURNING id, company_id),
             e AS (INSERT INTO employees (account_id, company_id, group_id, has_dependent_children)
                   SELECT $1, company_id, id, false FROM g)
        INSERT INTO welfare_plans (company_id, group_id, plan_year, credit_per_employee_cents, starts_on, ends_on, unused_credit)
        SELECT company_id, id, $2, 100000, make_date($2, 1, 1), make_date($2, 12, 31), 'expires' FROM g RETURNING id""")
        .execute(Tuple.of(UUID.fromString(employeeId), year))).iterator().next().getUUID(0);
    admin = await(http.accessToken("admin.germoglio"));
    otherAdmin = await(http.accessToken("admin.lanterna"));
    citizen = await(http.accessToken("giulia.rossi"));
    stranger = await(http.accessToken("altro.cittadino"));
    employee = await(http.accessToken("operaio.bianchi"));
    slot = ReceiptsFixture.slotOf(http, admin, "Assistenza domiciliare");
  }

  private JsonObject saveLegalDetails() {
    HttpResponse<Buffer> saved = await(http.put("/api/v1/provider/legal-details", admin, new JsonObject()
        .put("legalName", "Il Germoglio Società Cooperativa Sociale Onlus")
        .put("legalAddress", "Via Borgo Palazzo 88, 24125 Bergamo (BG)").put("fiscalCode", "01234567890")));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    return saved.bodyAsJsonObject();
  }

  private JsonArray receiptsOf(String token) {
    HttpResponse<Buffer> mine = await(http.get("/api/v1/me/receipts", token));
    assertEquals(200, mine.statusCode(), mine.bodyAsString());
    return mine.bodyAsJsonObject().getJsonArray("items");
  }

  private JsonObject awaitReceipt(String token, UUID booking, String series) {
    JsonObject[] found = {null};
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
      found[0] = receiptsOf(token).stream().map(JsonObject.class::cast)
          .filter(r -> r.getString("bookingId").equals(booking.toString()) && r.getString("series").equals(series))
          .findFirst().orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  private HttpResponse<Buffer> pdf(String token, String id) {
    return await(http.get("/api/v1/receipts/" + id + "/pdf", token));
  }

  /** The person's read log entries of that kind. */
  private List<JsonObject> readsAbout(String token, String what) {
    return await(http.get("/api/v1/me/data-reads", token)).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(r -> what.equals(r.getString("what"))).toList();
  }

  @Test
  void theRelayDocumentsAPaymentAndTheVatSplitAndThePersonAndTheirProviderDownloadItAndNobodyElse() throws IOException {
    saveLegalDetails();
    fixture.vatOfSlot(slot, "vat_5");
    UUID booking = fixture.booking(slot, citizenId, 4200);
    UUID payment = fixture.paidAtProvider(booking, 4200);
    JsonObject receipt = awaitReceipt(citizen, booking, "receipt");
    assertEquals(4200, receipt.getInteger("amountCents"));
    assertEquals("vat_5", receipt.getString("vatTreatment"));
    assertEquals(200, receipt.getInteger("vatCents"));
    assertEquals(4000, receipt.getInteger("taxableCents"));
    assertEquals("person", receipt.getString("payer"));

    HttpResponse<Buffer> own = pdf(citizen, receipt.getString("id"));
    assertEquals(200, own.statusCode(), own.bodyAsString());
    assertEquals("application/pdf", own.getHeader("Content-Type"));
    String text = coop.sportello.receipts.domain.ReceiptPdfTestText.of(own.bodyAsBuffer().getBytes());
    for (String expected : new String[] {"Il Germoglio Società Cooperativa Sociale Onlus", "Ricevuta n. " + receipt.getString("label"),
        "Utente giulia.rossi", "C.F. RSSGLI80A41A794K", "Assistenza domiciliare", "IVA 5%", "2,00 €", "40,00 €", "42,00 €"}) {
      assertTrue(text.contains(expected), "missing «" + expected + "» in:\n" + text);
    }
    assertTrue(readsAbout(citizen, "receipt").isEmpty(), "reading one's own receipt is not logged");
    assertEquals(200, pdf(admin, receipt.getString("id")).statusCode(), "the admin of its provider");
    assertEquals(1, readsAbout(citizen, "receipt").size(), "the admin's read is in the person's read log");
    HttpResponse<Buffer> unknown = pdf(stranger, UUID.randomUUID().toString());
    for (String token : new String[] {stranger, otherAdmin, employee}) {
      HttpResponse<Buffer> refused = pdf(token, receipt.getString("id"));
      assertEquals(404, refused.statusCode());
      assertEquals(unknown.bodyAsJsonObject().getString("type"), refused.bodyAsJsonObject().getString("type"));
      assertEquals(unknown.bodyAsJsonObject().getString("detail"), refused.bodyAsJsonObject().getString("detail"),
          "the same answer as for a document that does not exist");
    }
    assertTrue(receiptsOf(stranger).isEmpty());

    // A refund: a credit note referring to the receipt.
    fixture.refunded(payment, 2100);
    JsonObject note = awaitReceipt(citizen, booking, "credit_note");
    assertEquals(receipt.getString("id"), note.getString("refersTo"));
    assertEquals(receipt.getString("label"), note.getString("refersToLabel"));
    String noteText = coop.sportello.receipts.domain.ReceiptPdfTestText.of(pdf(admin, note.getString("id")).bodyAsBuffer().getBytes());
    assertTrue(noteText.contains("A storno della ricevuta n. " + receipt.getString("label")), noteText);
    assertTrue(noteText.contains("21,00 €"), noteText);

    int year = LocalDate.now(ZoneId.of("Europe/Rome")).getYear();
    JsonObject listed = await(http.get("/api/v1/provider/receipts?year=" + year, admin)).bodyAsJsonObject();
    assertTrue(listed.getJsonArray("items").stream().map(JsonObject.class::cast)
        .anyMatch(r -> r.getString("id").equals(receipt.getString("id")) && "Utente giulia.rossi".equals(r.getString("personName"))));
    assertEquals(1, readsAbout(citizen, "provider-receipts").size(), "the list names the person: logged");
    assertTrue(await(http.get("/api/v1/provider/receipts?year=" + year, otherAdmin)).bodyAsJsonObject().getJsonArray("items").isEmpty(),
        "another cooperative sees none of them");
    assertEquals(0, await(http.get("/api/v1/provider/receipts?year=" + (year - 1), admin)).bodyAsJsonObject()
        .getJsonArray("items").size());
    assertEquals(400, await(http.get("/api/v1/provider/receipts?year=duemila", admin)).statusCode());
    assertEquals(403, await(http.get("/api/v1/provider/receipts", citizen)).statusCode());

    JsonObject export = await(http.get("/api/v1/me/data", citizen)).bodyAsJsonObject().getJsonObject("sections");
    assertEquals(2, export.getJsonArray("receipts").size(), export.encodePrettily());
    assertEquals("RSSGLI80A41A794K", export.getJsonArray("receipts").getJsonObject(0).getString("codiceFiscale"));
  }

  @Test
  void aWelfareCreditReceiptIsTheEmployersDocumentNamingTheCompanyAndThePlan() throws IOException {
    saveLegalDetails();
    UUID booking = fixture.booking(slot, employeeId, 6000);
    fixture.paidWithCredit(booking, 6000, plan);
    JsonObject receipt = awaitReceipt(employee, booking, "receipt");
    assertEquals("company", receipt.getString("payer"));
    assertEquals("Azienda di prova", receipt.getString("companyName"));
    String text = coop.sportello.receipts.domain.ReceiptPdfTestText.of(pdf(employee, receipt.getString("id")).bodyAsBuffer().getBytes());
    for (String expected : new String[] {ReceiptPdf.FOR_THE_EMPLOYER, "Pagato da: Azienda di prova – P.IVA 09876543210",
        "Piano welfare: Operai " + LocalDate.now(ZoneId.of("Europe/Rome")).getYear(), "Dipendente beneficiario: Utente operaio.bianchi",
        "credito welfare aziendale", "60,00 €"}) {
      assertTrue(text.contains(expected), "missing «" + expected + "» in:\n" + text);
    }
  }

  @Test
  void onlyTheProviderAdminKeepsTheLegalDataAndBadDataIsAClearRefusal() {
    JsonObject saved = saveLegalDetails();
    assertTrue(saved.getBoolean("complete"), saved.encode());
    assertEquals("01234567890", saved.getString("vatNumber"));
    JsonObject read = await(http.get("/api/v1/provider/legal-details", admin)).bodyAsJsonObject();
    assertEquals("Via Borgo Palazzo 88, 24125 Bergamo (BG)", read.getString("legalAddress"));
    JsonObject other = await(http.get("/api/v1/provider/legal-details", otherAdmin)).bodyAsJsonObject();
    assertFalse(other.getBoolean("complete"), "each cooperative its own");
    assertEquals(422, await(http.put("/api/v1/provider/legal-details", admin, new JsonObject().put("legalName", "X Coop")
        .put("legalAddress", "Via Roma 1, Bergamo").put("fiscalCode", "123"))).statusCode());
    HttpResponse<Buffer> wrongCheck = await(http.put("/api/v1/provider/legal-details", admin, new JsonObject().put("legalName", "Ditta Rossi")
        .put("legalAddress", "Via Roma 1, Bergamo").put("fiscalCode", "RSSGLI80A41A794X")));
    assertEquals(422, wrongCheck.statusCode(), "a wrong check letter");
    assertEquals("/problems/invalid-codice-fiscale", wrongCheck.bodyAsJsonObject().getString("type"));
    assertEquals(403, await(http.put("/api/v1/provider/legal-details", citizen, new JsonObject().put("legalName", "X Coop")
        .put("legalAddress", "Via Roma 1, Bergamo").put("fiscalCode", "01234567890"))).statusCode());
    assertEquals(403, await(http.get("/api/v1/provider/legal-details", employee)).statusCode());
  }
}
