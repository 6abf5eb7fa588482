package coop.sportello.web;

import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.TestIdentityProvider;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 20's "done when": an employee their company imported clicks "Entra con SPID", signs in at
 * a real OpenID Connect provider, and is that same person here (same account, same codice fiscale,
 * their company's welfare wallet); with their identity card (CIE) too. And someone the provider
 * cannot vouch for is told so in plain Italian.
 */
class SpidSignInBrowserTest extends AppTestBase {

  private static final TestIdentityProvider IDP = new TestIdentityProvider();
  private static final String DEMO_COMPANY_VAT = "23187450160";

  @Override
  protected JsonObject overrides() {
    int port = TestIdentityProvider.freePort();
    return new JsonObject().put("demoData", "on").put("http", new JsonObject().put("port", port))
        .put("auth", new JsonObject().put("oidc", IDP.sportelloConfig(port)));
  }

  @AfterAll
  void stopProvider() {
    IDP.close();
  }

  /** What the company's import does (part C builds it): the person's account with their codice fiscale, the employment, the wallet. */
  private UUID importedEmployee(String username, String displayName, String codiceFiscale) {
    UUID id = await(TestAccounts.create(vertx, app.pool(), username, "employee"));
    await(app.pool().preparedQuery("""
            WITH c AS (SELECT id FROM companies WHERE vat_number = $4),
                 a AS (UPDATE accounts SET display_name = $2, codice_fiscale = $3, company_id = (SELECT id FROM c)
                        WHERE id = $1 RETURNING id, company_id),
                 g AS (SELECT g.id FROM employee_groups g JOIN c ON c.id = g.company_id WHERE g.name = 'Impiegati'),
                 e AS (INSERT INTO employees (account_id, company_id, group_id, badge_code)
                       SELECT a.id, a.company_id, g.id, 'BG-SPID-01' FROM a, g RETURNING account_id, group_id),
                 w AS (INSERT INTO wallets (account_id, plan_id, balance_cents)
                       SELECT e.account_id, p.id, p.credit_per_employee_cents
                         FROM e JOIN welfare_plans p ON p.group_id = e.group_id RETURNING account_id, plan_id, balance_cents)
            INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, actor)
            SELECT account_id, plan_id, balance_cents, 'fund', 'test' FROM w""")
        .execute(Tuple.of(id, displayName, codiceFiscale, DEMO_COMPANY_VAT)));
    return id;
  }

  private String planOf(UUID account) {
    return await(app.pool().preparedQuery("SELECT plan_id::text FROM wallets WHERE account_id = $1").execute(Tuple.of(account)))
        .iterator().next().getString(0);
  }

  private static Map<String, Object> claims(String codiceFiscale, String acr) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("fiscalNumber", "TINIT-" + codiceFiscale);
    claims.put("given_name", "Chiara");
    claims.put("family_name", "Colombo");
    claims.put("acr", acr);
    return claims;
  }

  private static String signedInSubject(Browser browser) {
    return (String) browser.script("return JSON.parse(sessionStorage.getItem('sportello.identity')).sub;");
  }

  @Test
  void anEmployeeImportedByTheirCompanySignsInWithSpidAndIsTheSamePerson() {
    String code = "CLMCHR88S63F205" + CodiceFiscale.checkCharacter("CLMCHR88S63F205");
    UUID employee = importedEmployee("chiara.colombo", "Chiara Colombo", code);
    String plan = planOf(employee);

    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP).open("/prenotazioni.html");
      browser.waitForText("#entra-spid", "Entra con SPID");
      browser.waitForText("#entra-cie", "Entra con CIE");
      browser.find("#registrati");
      browser.find("#password-dimenticata");
      browser.assertUsable("sign-in with SPID and CIE offered, desktop");
      browser.screenshot("accesso-spid-cie");

      IDP.nextSignIn("spid-chiara", claims(code, "https://www.spid.gov.it/SpidL2"));
      browser.click("#entra-spid");
      // There and back: the provider answers at once, the page trades its handoff code for the session.
      browser.find("#portafoglio tr[data-plan='" + plan + "']");
      assertEquals(employee.toString(), signedInSubject(browser), "the same account the company imported");
      assertFalse(browser.driver().getCurrentUrl().contains("#"), "the handoff code is gone from the address");
      browser.assertUsable("signed in with SPID: the employee's bookings and wallet");
      assertEquals(code, await(app.pool().preparedQuery("""
          SELECT a.codice_fiscale FROM oidc_links l JOIN accounts a ON a.id = l.account_id WHERE l.subject = 'spid-chiara'""")
          .execute()).iterator().next().getString(0));

      // Signed out, on a phone, with the identity card this time: still the same person.
      browser.script("sessionStorage.clear();");
      browser.viewport(Browser.Viewport.PHONE).open("/prenotazioni.html");
      browser.waitForText("#entra-cie", "Entra con CIE");
      browser.assertUsable("sign-in with SPID and CIE offered, phone");
      Map<String, Object> cie = claims(code, "https://www.spid.gov.it/SpidL3");
      cie.put("fiscalNumber", code);
      IDP.nextSignIn("cie-chiara", cie);
      browser.click("#entra-cie");
      browser.find("#portafoglio tr[data-plan='" + plan + "']");
      assertEquals(employee.toString(), signedInSubject(browser));
    }
  }

  @Test
  void whoTheProviderCannotVouchForIsToldPlainly() {
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP).open("/prenotazioni.html");
      Map<String, Object> noCode = claims("X", "https://www.spid.gov.it/SpidL2");
      noCode.remove("fiscalNumber");
      IDP.nextSignIn("spid-senza-cf", noCode);
      browser.click("#entra-spid");
      browser.waitForText("#esito-accesso", "non è arrivato un codice fiscale valido");
      assertFalse(browser.driver().getCurrentUrl().contains("signin-error"));
      assertEquals(null, browser.script("return sessionStorage.getItem('sportello.identity');"));
      browser.find("#form-accedi");
      browser.assertUsable("SPID sign-in refused: no codice fiscale");
    }
  }
}
