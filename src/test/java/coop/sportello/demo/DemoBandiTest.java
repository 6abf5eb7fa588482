package coop.sportello.demo;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * demo/14-bandi.sql: Piazzola sul Brenta's open buoni spesa bando and its closed contributo load
 * with their applications, the budgets and the wallets keep their invariants, and on first run
 * the resident, the shop and the officer see them through the API.
 */
class DemoBandiTest extends AppTestBase {

  private static final String OPEN = "70000000-0000-4000-8000-000000002201";
  private static final String CLOSED = "70000000-0000-4000-8000-000000002202";

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("demoData", "on");
  }

  private Row one(String sql) {
    return await(app.pool().query(sql).execute()).iterator().next();
  }

  @Test
  void theBandiKeepTheirBudgetTheWalletsTheirLedgerAndProtocolOrderIsReceiveOrder() {
    Row budgets = one("""
        SELECT count(*), count(*) FILTER (WHERE b.granted_cents <= b.budget_cents AND b.granted_cents = (SELECT coalesce(sum(a.amount_cents), 0)
                 FROM bando_applications a WHERE a.bando_id = b.id AND a.status IN ('admitted', 'paid')))
          FROM bandi b WHERE b.municipality = '028063'""");
    assertEquals(2L, budgets.getLong(0));
    assertEquals(2L, budgets.getLong(1), "granted within budget and equal to what the admitted applications got");
    Row wallets = one("""
        SELECT count(*), count(*) FILTER (WHERE w.balance_cents = (SELECT sum(l.amount_cents) FROM voucher_ledger l WHERE l.wallet_id = w.id)
                                            AND w.granted_cents = a.amount_cents AND w.person = a.person),
               (SELECT count(*) FROM bando_applications x JOIN bandi b ON b.id = x.bando_id
                 WHERE b.kind = 'buoni_spesa' AND x.status IN ('admitted', 'paid')
                   AND NOT EXISTS (SELECT 1 FROM voucher_wallets v WHERE v.application_id = x.id))
          FROM voucher_wallets w JOIN bando_applications a ON a.id = w.application_id""");
    assertEquals(2L, wallets.getLong(0));
    assertEquals(2L, wallets.getLong(1), "every wallet's balance is its ledger's sum, its grant the application's amount");
    assertEquals(0L, wallets.getLong(2), "every admitted buoni spesa application has its wallet");
    assertEquals(0L, one("""
        SELECT count(*) FROM (SELECT received_at < lag(received_at) OVER (ORDER BY protocol) AS inverted
                                FROM bando_applications) x WHERE inverted""").getLong(0));
    Row states = one("SELECT string_agg(DISTINCT status, ',' ORDER BY status) FROM bando_applications WHERE bando_id = '" + OPEN + "'");
    assertEquals("incomplete,paid,submitted", states.getString(0));
    assertEquals("admitted,paid,rejected", one("SELECT string_agg(DISTINCT status, ',' ORDER BY status) FROM bando_applications"
        + " WHERE bando_id = '" + CLOSED + "'").getString(0));
    assertEquals(0L, one("SELECT count(*) FROM bando_applications a WHERE a.status <> 'incomplete' AND NOT EXISTS"
        + " (SELECT 1 FROM bando_documents d WHERE d.application_id = a.id)").getLong(0), "documents attached");
  }

  @Test
  void theOpenBandoIsListedAndTheResidentSeesHerAdmissionAndHerWallet() {
    JsonArray open = await(http.get("/api/v1/bandi?municipality=028063&phase=open", null)).bodyAsJsonObject().getJsonArray("items");
    assertEquals(1, open.size(), open.encode());
    assertEquals("Buoni spesa per famiglie in difficoltà", open.getJsonObject(0).getString("title"));
    JsonObject bando = await(http.get("/api/v1/bandi/" + OPEN, null)).bodyAsJsonObject();
    assertEquals(3_000_000L, bando.getJsonObject("budget").getLong("totalCents"));
    assertEquals(40_000L, bando.getJsonObject("budget").getLong("grantedCents"));
    assertEquals(1, await(http.get("/api/v1/bandi?municipality=028063&phase=closed", null)).bodyAsJsonObject()
        .getJsonArray("items").size());

    String citizen = await(http.login("cittadina.piazzola", "sportello-demo")).getString("accessToken");
    JsonArray mine = await(http.get("/api/v1/me/bando-applications", citizen)).bodyAsJsonObject().getJsonArray("items");
    assertEquals(1, mine.size(), mine.encode());
    assertEquals("paid", mine.getJsonObject(0).getString("status"));
    assertEquals(20_000L, mine.getJsonObject(0).getLong("amountCents"));
    String wallets = await(http.get("/api/v1/me/voucher-wallets", citizen)).bodyAsString();
    assertTrue(wallets.contains("16750") && wallets.contains("402871569310"), wallets);
  }

  @Test
  void theShopsStatementAndTheOfficersReportShowTheFirstRun() {
    String month = one("SELECT to_char(confirmed_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM') FROM voucher_charges"
        + " WHERE id = '91000000-0000-4000-8000-000000002211'").getString(0);
    String shop = await(http.login("negozio.alimentari", "sportello-demo")).getString("accessToken");
    JsonObject statement = await(http.get("/api/v1/shop/voucher-statements/" + month, shop)).bodyAsJsonObject();
    assertEquals(3_250L, statement.getLong("dueCents"), statement.encode());
    String officer = await(http.login("funzionario.piazzola", "sportello-demo")).getString("accessToken");
    var report = await(http.get("/api/v1/comune/bandi/" + OPEN + "/report", officer));
    assertEquals(200, report.statusCode(), report.bodyAsString());
    assertTrue(report.bodyAsString().contains("incomplete"), report.bodyAsString());
    var applications = await(http.get("/api/v1/comune/bandi/" + CLOSED + "/applications", officer)).bodyAsJsonObject();
    assertEquals(4, applications.getInteger("total"), applications.encode());
  }
}
