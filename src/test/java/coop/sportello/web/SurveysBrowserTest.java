package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.companies.CompanyFixture;
import coop.sportello.statements.MoneyRows;
import coop.sportello.surveys.SurveyFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The needs survey and HR's year in a real browser (one journey, desktop): an employee answers the
 * survey; HR reads the results; the demand appears beside a cooperative's offer on gestione.html;
 * HR's year of plan use hides an area of three people. axe-core in every state.
 */
class SurveysBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  @Test
  void anEmployeeAnswersHrSeesResultsTheDemandShowsAndAGroupOfThreeIsHidden() {
    CatalogFixture.municipalities(app.pool());
    CompanyFixture company = CompanyFixture.create(vertx, app.pool(), http, "bisogni.hr", "74747474747");
    LocalDate today = LocalDate.now(ROME);
    var created = await(http.post("/api/v1/surveys", company.hr, new JsonObject().put("title", "Di che cosa avete bisogno?")
        .put("opensOn", today.toString()).put("closesOn", today.plusDays(20).toString())));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String survey = created.bodyAsJsonObject().getString("id");
    for (int i = 0; i < 6; i++) {
      SurveyFixture.employee(vertx, app.pool(), company.companyId, "bisogni.dip" + i);
    }
    for (int i = 1; i < 6; i++) {
      var answered = await(http.post("/api/v1/surveys/" + survey + "/answers", await(http.accessToken("bisogni.dip" + i)),
          new JsonObject().put("areas", new JsonArray().add("childhood")).put("services", new JsonArray().add("after_school"))
              .put("times", new JsonArray().add("weekday_afternoon")).put("municipality", "016024")
              .put("freeText", "Un doposcuola fino alle 18, grazie " + i)));
      assertEquals(201, answered.statusCode(), answered.bodyAsString());
    }
    await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "bisogni.coop", "75757575757"));
    var service = await(http.post("/api/v1/provider/services", await(http.accessToken("bisogni.coop")),
        CatalogFixture.service("Doposcuola in oratorio", "Compiti e giochi dopo la scuola.", "childhood", "at_place", "016024")));
    assertEquals(201, service.statusCode(), service.bodyAsString());
    // Last month: six people in "health", three in "childhood".
    MoneyRows money = new MoneyRows(app.pool());
    UUID provider = money.providerOf(await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "bisogni.coop2", "76767676767")));
    YearMonth month = YearMonth.now(ROME).minusMonths(1);
    UUID plan = await(app.pool().preparedQuery("""
            WITH g AS (INSERT INTO employee_groups (company_id, name) VALUES ($1, 'Uffici') RETURNING id)
            INSERT INTO welfare_plans (company_id, group_id, plan_year, credit_per_employee_cents, starts_on, ends_on, unused_credit)
            SELECT $1, g.id, $2, 100000, make_date($2, 1, 1), make_date($2, 12, 31), 'expires' FROM g RETURNING id""")
        .execute(Tuple.of(company.companyId, month.getYear()))).iterator().next().getUUID(0);
    UUID health = money.service(provider, "health", "Fisioterapia");
    UUID childhood = money.service(provider, "childhood", "Ludoteca");
    for (int i = 0; i < 9; i++) {
      OffsetDateTime at = month.atDay(i + 1).atTime(9, 0).atZone(ROME).toOffsetDateTime();
      var booking = money.booking(i < 6 ? health : childhood, "anno-" + i, at, at.plusHours(1), "confirmed", 2_000);
      money.payment(booking, "welfare_credit", 2_000, "completed", plan, at.minusHours(1));
    }

    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP).open("/questionario.html");
      signIn(browser, "bisogni.dip0");
      browser.waitForText("#questionari", "Di che cosa avete bisogno?");
      browser.click("label[for='aree-" + survey + "-childhood']");
      browser.click("label[for='servizi-" + survey + "-after_school']");
      browser.click("label[for='orari-" + survey + "-weekday_afternoon']");
      new Select(browser.find("#comune-" + survey)).selectByValue("016024");
      browser.find("#testo-" + survey).sendKeys("Anche d'estate");
      browser.assertUsable("il questionario da compilare");
      browser.screenshot("questionario");
      browser.click("#invia-" + survey);
      browser.waitForText("#questionario-esito", "Risposta inviata");
      browser.waitForText("#questionari", "Hai già risposto");
      browser.assertUsable("il questionario compilato");

      signOut(browser);
      browser.open("/questionari.html");
      signIn(browser, "bisogni.hr");
      browser.click("[data-survey='" + survey + "'] button");
      browser.waitForText("#risultati-aree tr[data-row='childhood']", "Genitorialità e infanzia 6 0 6");
      browser.waitForText("#risultati-testi", "Anche d'estate");
      browser.waitForText("#risultati-nota", "non mostrate");
      browser.assertUsable("i risultati del questionario");
      browser.screenshot("questionari-risultati");

      signOut(browser);
      browser.open("/gestione.html");
      signIn(browser, "bisogni.coop");
      browser.waitForText("#domanda-elenco [data-area='childhood'][data-municipality='016024']",
          "6 risposte di dipendenti a Bergamo (BG) chiedono Genitorialità e infanzia; 1 servizi la offrono.");
      browser.assertUsable("la domanda accanto all'offerta");

      signOut(browser);
      browser.open("/azienda.html");
      signIn(browser, "bisogni.hr");
      browser.script("document.getElementById('piano-uso-anno').value = arguments[0];", String.valueOf(month.getYear()));
      browser.click("#piano-uso-mostra");
      browser.waitForText("#piano-uso-tabella tr[data-area='childhood']", "—");
      // Read in one script: the table may be drawn again (the page's own load) while it is read.
      String children = String.valueOf(browser.script(
          "return document.querySelector(\"#piano-uso-tabella tr[data-area='childhood']\").textContent;"));
      assertTrue(children.contains("—"), children);
      assertFalse(children.contains("60,00"), "three people's 60 euros are not shown: " + children);
      String note = String.valueOf(browser.script("return document.getElementById('piano-uso-nota').textContent;")).toLowerCase();
      assertTrue(note.contains("celle con meno di 5 persone non mostrate"), note);
      browser.assertUsable("l'uso del piano nell'anno");
    }
  }

  private static void signIn(Browser browser, String username) {
    browser.find("#utente").sendKeys(username);
    browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
  }

  private static void signOut(Browser browser) {
    browser.script("localStorage.clear(); sessionStorage.clear();");
  }
}
