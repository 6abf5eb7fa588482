package coop.sportello.companies;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static coop.sportello.companies.CompanyFixture.badCf;
import static coop.sportello.companies.CompanyFixture.cf;
import static coop.sportello.companies.CompanyFixture.csv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An HR admin imports the company's employees from CSV: a dry run shows every row's problems and
 * writes nothing; the import writes all rows or none; re-importing the same file changes nothing;
 * a person who already has an account is attached, never given a second one.
 */
class EmployeeImportTest extends AppTestBase {

  private static final String ROSSI = cf("RSSMRA85T10A562");
  private static final String BIANCHI = cf("BNCLCU90A41F205");
  private static final String VERDI = cf("VRDGPP70C15L219");

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
  }

  private CompanyFixture company(String hr, String vat) {
    return CompanyFixture.create(vertx, app.pool(), http, hr, vat);
  }

  private static String file(String separator, String verdiCf) {
    return csv(String.join(separator, "Codice fiscale", "Nome", "Cognome", "E-mail", "Badge", "Gruppo"),
        String.join(separator, ROSSI, "Mario", "Rossi", "mario.rossi@example.it", "B-0001", "Uffici"),
        String.join(separator, BIANCHI, "Lucia", "Bianchi", "Lucia.Bianchi@Example.it", "", "uffici"),
        String.join(separator, verdiCf, "Giuseppe", "Verdi", "giuseppe.verdi@example.it", "B-0003", "Uffici"));
  }

  @Test
  void theDryRunShowsEveryRowsProblemsThenTheImportWritesOnceAndReimportingChangesNothing() {
    CompanyFixture acme = company("hr.acme", "11111111111");
    String uffici = acme.group("Uffici");
    String plan = acme.plan(uffici, 25_000, "expires");
    String withTypo = "\uFEFF" + file(";", badCf("VRDGPP70C15L219"));

    var report = acme.dryRun(withTypo, false);
    assertEquals(200, report.statusCode(), report.bodyAsString());
    JsonObject body = report.bodyAsJsonObject();
    assertFalse(body.getBoolean("canApply"));
    assertFalse(body.getBoolean("applied"));
    JsonObject verdi = body.getJsonArray("rows").getJsonObject(2);
    assertEquals(4, verdi.getInteger("line"), "the line as a spreadsheet numbers it (the header is line 1)");
    assertEquals("refused", verdi.getString("action"));
    assertTrue(verdi.getJsonArray("problems").getString(0).contains("L'ultimo carattere non corrisponde"),
        verdi.encode());
    assertEquals("create", body.getJsonArray("rows").getJsonObject(0).getString("action"));
    assertEquals(0, acme.accounts() - 1, "the dry run wrote nothing (only the HR admin's account)");

    var refused = acme.apply(withTypo, false);
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    assertEquals("/problems/employee-import-refused", refused.bodyAsJsonObject().getString("type"));
    assertEquals(0, acme.employees(), "a file with a bad row imports nothing");

    String fixed = file(",", VERDI);
    assertTrue(acme.dryRun(fixed, false).bodyAsJsonObject().getBoolean("canApply"), "fixed, the comma file is fine too");
    var imported = acme.apply(fixed, false);
    assertEquals(200, imported.statusCode(), imported.bodyAsString());
    assertEquals(3L, imported.bodyAsJsonObject().getJsonObject("counts").getLong("create"));
    assertEquals(3, acme.employees());
    assertEquals(4, acme.accounts());
    assertEquals(3, acme.invitations(), "one invitation per new account");
    assertEquals(3, acme.ledgerRows(), "the running plan funded each new employee once");
    assertEquals(3L, acme.count("SELECT count(*) FROM wallets w JOIN welfare_plans p ON p.id = w.plan_id "
        + "WHERE p.company_id = $1 AND w.balance_cents = 25000"));
    JsonObject invitation = await(app.pool().preparedQuery("""
        SELECT payload FROM outbox WHERE topic = 'account.invitation' AND recipient = $1""")
        .execute(Tuple.of(acme.accountOf(BIANCHI).toString()))).iterator().next().getJsonObject(0);
    assertEquals(new JsonObject().put("organisation", "Azienda hr.acme").put("roles", new JsonArray().add("employee")), invitation);
    assertEquals("lucia.bianchi@example.it", await(app.pool().preparedQuery("SELECT email FROM accounts WHERE codice_fiscale = $1")
        .execute(Tuple.of(BIANCHI))).iterator().next().getString(0), "e-mail lower-cased");

    var again = acme.apply(fixed, false);
    assertEquals(200, again.statusCode(), again.bodyAsString());
    for (Object row : again.bodyAsJsonObject().getJsonArray("rows")) {
      assertEquals("unchanged", ((JsonObject) row).getString("action"));
      assertEquals(List.of("nessuna modifica"), ((JsonObject) row).getJsonArray("changes").getList());
    }
    assertEquals(3, acme.employees());
    assertEquals(4, acme.accounts());
    assertEquals(3, acme.invitations(), "no invitation on re-import");
    assertEquals(3, acme.ledgerRows(), "no ledger row on re-import");
    assertEquals(2L, acme.count("SELECT count(*) FROM employee_imports WHERE company_id = $1"), "each import is recorded");

    // A row with changed data updates that row only.
    String moved = file(";", VERDI).replace("B-0003;Uffici", "B-0033;Magazzino");
    String magazzino = acme.group("Magazzino");
    acme.plan(magazzino, 10_000, "carries_over");
    var update = acme.apply(moved, false);
    assertEquals(200, update.statusCode(), update.bodyAsString());
    JsonObject verdiRow = update.bodyAsJsonObject().getJsonArray("rows").getJsonObject(2);
    assertEquals("update", verdiRow.getString("action"));
    assertEquals(List.of("nuovo gruppo: Magazzino", "nuovo badge: B-0033"), verdiRow.getJsonArray("changes").getList());
    assertEquals(4, acme.ledgerRows(), "the new group's running plan funded the one who moved");
    assertEquals(3, acme.invitations());
    assertEquals(409, await(http.put("/api/v1/company/plans/" + plan, acme.hr, CompanyFixture.terms(30_000, "expires")))
        .statusCode(), "a funded plan's terms do not change");
  }

  @Test
  void aPersonWhoAlreadyHasAnAccountIsAttachedNotDuplicated() {
    CompanyFixture beta = company("hr.beta", "22222222222");
    beta.group("Uffici");
    String rossa = cf("RSSNNA80A41H501");
    UUID citizen = await(TestAccounts.create(vertx, app.pool(), "anna.rossa", "citizen"));
    // Her codice fiscale was proved by SPID when she signed in with it.
    await(app.pool().preparedQuery("UPDATE accounts SET codice_fiscale = $2, codice_fiscale_source = 'identity_provider', "
            + "email = 'anna@example.it' WHERE id = $1")
        .execute(Tuple.of(citizen, rossa)));
    String list = csv("cf;nome;cognome;email;gruppo", rossa + ";Anna;Rossa;anna.rossa@lavoro.example.it;Uffici");

    var report = beta.dryRun(list, false);
    assertEquals("attach", report.bodyAsJsonObject().getJsonArray("rows").getJsonObject(0).getString("action"),
        report.bodyAsString());
    assertEquals(200, beta.apply(list, false).statusCode());
    assertEquals(citizen, beta.accountOf(rossa), "the same account");
    JsonObject account = await(app.pool().preparedQuery("SELECT roles, email, company_id FROM accounts WHERE id = $1")
        .execute(Tuple.of(citizen))).iterator().next().toJson();
    assertEquals(new JsonArray().add("citizen").add("employee"), account.getJsonArray("roles"));
    assertEquals("anna@example.it", account.getString("email"), "the address the person chose stays theirs");
    assertEquals(beta.companyId.toString(), account.getValue("company_id").toString());
    assertEquals(0, beta.invitations(), "an existing account is not invited");
    assertEquals(1L, await(app.pool().preparedQuery("SELECT count(*) FROM accounts WHERE codice_fiscale = $1")
        .execute(Tuple.of(rossa))).iterator().next().getLong(0), "one account for one codice fiscale");
  }

  @Test
  void aCodiceFiscaleSomeoneOnlyTypedAtSignUpDoesNotReceiveTheEmployeesCredit() {
    CompanyFixture eta = company("hr.eta", "77777777777");
    String uffici = eta.group("Uffici");
    eta.plan(uffici, 25_000, "expires");
    String victim = cf("VRDLGU75B12F205");
    // Someone signed up with the employee's codice fiscale (typed, not proved: V36 'declared').
    UUID squatter = await(TestAccounts.create(vertx, app.pool(), "finto.verdi", "citizen"));
    await(app.pool().preparedQuery("UPDATE accounts SET codice_fiscale = $2 WHERE id = $1").execute(Tuple.of(squatter, victim)));
    String list = csv("cf;nome;cognome;email;gruppo", victim + ";Luigi;Verdi;luigi.verdi@lavoro.example.it;Uffici");

    var report = eta.dryRun(list, false);
    assertEquals("create", report.bodyAsJsonObject().getJsonArray("rows").getJsonObject(0).getString("action"),
        "the typed code is not the person: " + report.bodyAsString());
    assertEquals(200, eta.apply(list, false).statusCode());
    UUID employee = eta.accountOf(victim);
    assertNotEquals(squatter, employee, "the employer's payroll outranks a typed code");
    Row squatterNow = await(app.pool().preparedQuery("SELECT codice_fiscale, roles, company_id FROM accounts WHERE id = $1")
        .execute(Tuple.of(squatter))).iterator().next();
    assertNull(squatterNow.getValue(0), "the typed code is taken off the account that typed it");
    assertEquals(List.of("citizen"), List.of(squatterNow.getArrayOfStrings(1)));
    assertNull(squatterNow.getValue(2));
    assertEquals(0L, await(app.pool().preparedQuery("SELECT count(*) FROM wallets WHERE account_id = $1")
        .execute(Tuple.of(squatter))).iterator().next().getLong(0), "no credit for the account that typed the code");
  }

  @Test
  void anotherCompanysPeopleGroupsAndPlansAreOutOfReach() {
    CompanyFixture gamma = company("hr.gamma", "33333333333");
    CompanyFixture delta = company("hr.delta", "44444444444");
    String gammaGroup = gamma.group("Reparto");
    String gammaPlan = gamma.plan(gammaGroup, 5_000, "expires");
    String gialli = cf("GLLPLA75B12D612");
    assertEquals(200, gamma.apply(csv("cf;nome;cognome;email;gruppo", gialli + ";Paola;Gialli;paola@gamma.example.it;Reparto"),
        false).statusCode());
    delta.group("Reparto");

    var takeOver = delta.dryRun(csv("cf;nome;cognome;email;gruppo", gialli + ";Paola;Gialli;paola@delta.example.it;Reparto"), false);
    JsonObject row = takeOver.bodyAsJsonObject().getJsonArray("rows").getJsonObject(0);
    assertEquals("refused", row.getString("action"));
    assertTrue(row.getJsonArray("problems").encode().contains("dipendente di un'altra azienda"), row.encode());
    assertEquals(422, delta.apply(csv("cf;nome;cognome;email;gruppo", gialli + ";Paola;Gialli;paola@delta.example.it;Reparto"),
        false).statusCode());
    assertEquals(404, delta.close(gialli).statusCode(), "closing another company's employee");
    assertEquals(404, await(http.put("/api/v1/company/plans/" + gammaPlan, delta.hr, CompanyFixture.terms(1, "expires")))
        .statusCode());
    assertEquals(404, await(http.put("/api/v1/company/groups/" + gammaGroup, delta.hr, new JsonObject().put("name", "Mio")))
        .statusCode());
    assertEquals(404, await(http.post("/api/v1/company/plans", delta.hr, CompanyFixture.terms(1, "expires")
        .put("groupId", gammaGroup))).statusCode());
    assertEquals(404, await(http.post("/api/v1/welfare/plans/" + gammaPlan + "/fund", delta.hr, new JsonObject())).statusCode());
    JsonObject seen = await(http.get("/api/v1/company", delta.hr)).bodyAsJsonObject();
    assertEquals("Azienda hr.delta", seen.getString("company"));
    assertEquals(1, seen.getJsonArray("groups").size());
    assertEquals(0L, seen.getJsonArray("groups").getJsonObject(0).getLong("employees"));
    assertEquals(1, gamma.employees(), "Paola is still Gamma's");
    // A group named like one of gamma's only is unknown to delta.
    var unknown = delta.dryRun(csv("cf;nome;cognome;email;gruppo", cf("NRENRC80A01H501") + ";Enrico;Neri;e@delta.example.it;Uffici"), false);
    assertTrue(unknown.bodyAsJsonObject().getJsonArray("rows").getJsonObject(0).getJsonArray("problems").encode()
        .contains("non esiste"), unknown.bodyAsString());
  }

  @Test
  void duplicatesTakenAddressesMissingFieldsAndLimitsAreReportedBeforeAnythingIsWritten() {
    CompanyFixture eps = company("hr.epsilon", "55555555555");
    eps.group("Uffici");
    String a = cf("BRNLGU66C03F205");
    String list = csv("cf;nome;cognome;email;badge;gruppo",
        a + ";Luigi;Bruni;luigi@eps.example.it;E-1;Uffici",
        a + ";Luigi;Bruni;luigi2@eps.example.it;E-0002;Uffici",
        cf("CRSMRC77D04F205") + ";;Corsi;luigi@eps.example.it;E-0002;Uffici",
        cf("FRRSRA88E45F205") + ";Sara;Ferri;hr.epsilon@x;;Sconosciuto");
    JsonArray rows = eps.dryRun(list, false).bodyAsJsonObject().getJsonArray("rows");
    assertTrue(rows.getJsonObject(0).getJsonArray("problems").encode().contains("badge"), rows.encode());
    assertTrue(rows.getJsonObject(1).getJsonArray("problems").encode().contains("già alla riga 2"), rows.encode());
    String third = rows.getJsonObject(2).getJsonArray("problems").encode();
    assertTrue(third.contains("Mancano il nome") && third.contains("e-mail è già alla riga 2")
        && third.contains("badge è già alla riga 3"), third);
    String fourth = rows.getJsonObject(3).getJsonArray("problems").encode();
    assertTrue(fourth.contains("non è scritto bene") && fourth.contains("«Sconosciuto» non esiste"), fourth);
    assertEquals(0, eps.employees());

    // An address another person uses (here: the HR admin's username) is refused.
    String taken = csv("cf;nome;cognome;email;gruppo", cf("MRNGNN60M01F205") + ";Gianni;Marini;hr.epsilon@example.it;Uffici");
    await(app.pool().preparedQuery("UPDATE accounts SET email = 'hr.epsilon@example.it' WHERE username = 'hr.epsilon'").execute());
    assertTrue(eps.dryRun(taken, false).bodyAsJsonObject().getJsonArray("rows").getJsonObject(0).getJsonArray("problems")
        .encode().contains("già usato da un'altra persona"));

    StringBuilder many = new StringBuilder("cf;nome;cognome;email;gruppo\n");
    for (int i = 0; i <= coop.sportello.companies.domain.EmployeeList.MAX_ROWS; i++) {
      many.append("X;Y;Z;a@b.it;G\n");
    }
    var tooMany = eps.dryRun(many.toString(), false);
    assertEquals(422, tooMany.statusCode(), tooMany.bodyAsString());
    assertEquals("/problems/invalid-employee-file", tooMany.bodyAsJsonObject().getString("type"));
    var tooBig = eps.dryRun("cf;nome;cognome;email;gruppo\n" + "x".repeat(70_000), false);
    assertTrue(tooBig.statusCode() == 413 || tooBig.statusCode() == 422, tooBig.statusCode() + " " + tooBig.bodyAsString());
    var noColumns = eps.dryRun("nome,cognome\nMario,Rossi\n", false);
    assertEquals(422, noColumns.statusCode());
    assertTrue(noColumns.bodyAsJsonObject().getString("detail").contains("codice fiscale"), noColumns.bodyAsString());
  }

  @Test
  void theSameKeyImportsOnce() {
    CompanyFixture zeta = company("hr.zeta", "66666666666");
    zeta.group("Uffici");
    String list = csv("cf;nome;cognome;email;gruppo", cf("ZTTLNZ81L11F205") + ";Lorenzo;Zetti;lorenzo@zeta.example.it;Uffici");
    String key = UUID.randomUUID().toString();
    var first = zeta.apply(list, false, key);
    var retry = zeta.apply(list, false, key);
    assertEquals(200, first.statusCode(), first.bodyAsString());
    assertEquals(first.bodyAsJsonObject(), retry.bodyAsJsonObject(), "the retry gets the first answer");
    assertEquals(1L, zeta.count("SELECT count(*) FROM employee_imports WHERE company_id = $1"));
    assertEquals(1, zeta.invitations());
  }
}
