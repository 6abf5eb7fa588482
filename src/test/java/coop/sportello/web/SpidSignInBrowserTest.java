package coop.sportello.web;

import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.testing.AppTestBase;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20's "done when": an employee their company imported clicks "Entra con SPID", signs in at
 * a real OpenID Connect provider, and is that same person here (same account, same codice fiscale,
 * their company's welfare wallet); with their identity card (CIE) too. And someone the provider
 * cannot vouch for is told so in plain Italian.
 */
class SpidSignInBrowserTest extends AppTestBase {

  private static final TestIdentityProvider IDP = new TestIdentityProvider();

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

  /**
   * The company brings the person in the way companies do: its HR admin (the demo's) imports a
   * file with their codice fiscale into the group whose plan is funded (POST /company/employee-imports).
   */
  private UUID importedEmployee(String displayName, String codiceFiscale) {
    String hr = await(http.login("hr.admin", "sportello-demo")).getString("accessToken");
    String[] names = displayName.split(" ");
    String csv = "Codice fiscale;Nome;Cognome;E-mail;Badge;Gruppo\n"
        + String.join(";", codiceFiscale, names[0], names[1], "chiara.colombo@orobica-valvole.example.it", "BG-SPID-01", "Impiegati")
        + "\n";
    var imported = await(http.post("/api/v1/company/employee-imports", hr,
        new JsonObject().put("csv", csv).put("closeMissing", false), UUID.randomUUID().toString()));
    assertTrue(imported.statusCode() < 300, imported.bodyAsString());
    return await(app.pool().preparedQuery("SELECT id FROM accounts WHERE codice_fiscale = $1").execute(Tuple.of(codiceFiscale)))
        .iterator().next().getUUID(0);
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
    UUID employee = importedEmployee("Chiara Colombo", code);
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
