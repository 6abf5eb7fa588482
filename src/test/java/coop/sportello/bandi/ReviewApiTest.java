package coop.sportello.bandi;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The officers' review through HTTP: listing with filters and pages, opening an application,
 * asking for more, admitting, rejecting and revoking, marking a contributo paid, each idempotent,
 * written to the history and announced to the applicant; the ranking and the batch admission; and
 * the attacks: other roles, another Comune's officer, an application under another bando's path,
 * a missing key, a key reused for another request.
 */
class ReviewApiTest extends AppTestBase {

  private static final JsonObject NOTHING = new JsonObject();
  private static final JsonObject REASON = new JsonObject().put("reason", "Manca l'attestazione ISEE.");

  private ReviewFixture f;
  private String officer;
  private String other;
  private String citizenToken;
  private String provider;
  private UUID citizen;

  @BeforeAll
  void setUp() {
    f = new ReviewFixture(vertx, app.pool(), http);
    officer = f.officer("review.officer");
    other = f.otherOfficer("review.other");
    citizen = f.account("review.citizen", "citizen");
    citizenToken = await(http.accessToken("review.citizen"));
    f.account("review.provider", "provider_admin");
    provider = await(http.accessToken("review.provider"));
  }

  private HttpResponse<Buffer> post(UUID bando, UUID application, String action, String token, JsonObject body) {
    return await(http.post(ReviewFixture.path(bando, application, action), token, body));
  }

  private HttpResponse<Buffer> get(String path, String token) {
    return await(http.get(path, token));
  }

  private static String type(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getString("type");
  }

  @Test
  void anOfficerAsksForMoreThenAdmitsThenRevokesAndEveryStepIsIdempotentRecordedAndAnnounced() {
    UUID bando = f.bando(f.comune, "contributo", "first_come", 100_000);
    UUID a = f.application(bando, citizen, 40_000, 3, 1, 12_000_00L);

    HttpResponse<Buffer> more = await(http.post(ReviewFixture.path(bando, a, "incomplete"), officer, REASON, "review-more-1"));
    assertEquals(200, more.statusCode(), more.bodyAsString());
    assertEquals("incomplete", more.bodyAsJsonObject().getString("status"));
    HttpResponse<Buffer> again = await(http.post(ReviewFixture.path(bando, a, "incomplete"), officer, REASON, "review-more-1"));
    assertEquals(more.bodyAsJsonObject(), again.bodyAsJsonObject(), "a retry gets the first answer");
    assertEquals(1, f.events(a), "and writes no second history row");
    assertEquals(1, f.outbox(a, "bando.incomplete"));
    HttpResponse<Buffer> reused = await(http.post(ReviewFixture.path(bando, a, "reject"), officer, REASON, "review-more-1"));
    assertEquals(422, reused.statusCode(), "a key reused for another request is refused");

    HttpResponse<Buffer> admit = await(http.post(ReviewFixture.path(bando, a, "admit"), officer, NOTHING, "review-admit-1"));
    assertEquals(200, admit.statusCode(), admit.bodyAsString());
    assertEquals("admitted", admit.bodyAsJsonObject().getString("status"));
    assertEquals(60_000, admit.bodyAsJsonObject().getLong("residualCents"));
    assertEquals(200, await(http.post(ReviewFixture.path(bando, a, "admit"), officer, NOTHING, "review-admit-1")).statusCode());
    assertEquals(40_000L, f.bandoRow(bando).getLong("granted_cents"), "admitted once");
    HttpResponse<Buffer> twice = post(bando, a, "admit", officer, NOTHING);
    assertEquals(409, twice.statusCode());
    assertEquals("/problems/application-admitted", type(twice));

    HttpResponse<Buffer> revoke = post(bando, a, "reject", officer, new JsonObject().put("reason", "Dichiarazione non veritiera."));
    assertEquals(200, revoke.statusCode(), revoke.bodyAsString());
    assertEquals(100_000, revoke.bodyAsJsonObject().getLong("residualCents"), "the amount goes back to the budget");
    assertEquals(0L, f.bandoRow(bando).getLong("granted_cents"));
    assertEquals(1, f.outbox(a, "bando.rejected"));
    assertEquals(1, f.outbox(a, "bando.admitted"));
    assertEquals(409, post(bando, a, "reject", officer, REASON).statusCode(), "rejected is final");
    assertEquals(409, post(bando, a, "admit", officer, NOTHING).statusCode());

    HttpResponse<Buffer> opened = get(ReviewFixture.path(bando, a, ""), officer);
    assertEquals(200, opened.statusCode(), opened.bodyAsString());
    assertEquals("no-store", opened.getHeader("Cache-Control"));
    JsonObject body = opened.bodyAsJsonObject();
    assertEquals("rejected", body.getString("status"));
    assertEquals("Dichiarazione non veritiera.", body.getString("reason"));
    assertEquals(12_000_00L, body.getLong("iseeCents"), "the ISEE the application was submitted with");
    assertEquals(1, body.getJsonArray("household").size());
    assertFalse(body.getJsonArray("household").getJsonObject(0).getBoolean("live"), "a rejected household may apply again");
    assertEquals(new JsonArray(), body.getJsonArray("documents"));
    List<String> history = body.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("status")).toList();
    assertEquals(List.of("incomplete", "admitted", "rejected"), history);
    assertEquals("Utente review.citizen", body.getJsonObject("applicant").getString("name"));
    assertEquals(1L, await(app.pool().preparedQuery("""
            SELECT count(*) FROM personal_data_reads WHERE person = $1 AND what = 'bando-application' AND ref = $2""")
        .execute(Tuple.of(citizen, a.toString()))).iterator().next().getLong(0), "the officer's read is in the read log");
  }

  @Test
  void aContributoIsMarkedPaidOnceAndABuoniSpesaOneCannotBe() {
    UUID bando = f.bando(f.comune, "contributo", "first_come", 100_000);
    UUID a = f.application(bando, citizen, 20_000, 1, 0, null);
    HttpResponse<Buffer> early = post(bando, a, "paid", officer, NOTHING);
    assertEquals(409, early.statusCode());
    assertEquals("/problems/application-submitted", type(early));
    assertEquals(200, post(bando, a, "admit", officer, NOTHING).statusCode());
    HttpResponse<Buffer> paid = await(http.post(ReviewFixture.path(bando, a, "paid"), officer, NOTHING, "review-paid-1"));
    assertEquals(200, paid.statusCode(), paid.bodyAsString());
    assertEquals(paid.bodyAsJsonObject(), await(http.post(ReviewFixture.path(bando, a, "paid"), officer, NOTHING, "review-paid-1"))
        .bodyAsJsonObject());
    assertEquals("paid", f.status(a));
    assertEquals(20_000L, f.bandoRow(bando).getLong("granted_cents"), "a paid amount stays granted");
    assertEquals(409, post(bando, a, "reject", officer, REASON).statusCode(), "a paid contributo is not revoked");
    assertEquals(1, f.outbox(a, "bando.paid"));

    UUID vouchers = f.bando(f.comune, "buoni_spesa", "first_come", 100_000);
    UUID v = f.application(vouchers, citizen, 20_000, 1, 0, null);
    HttpResponse<Buffer> admitted = post(vouchers, v, "admit", officer, NOTHING);
    assertEquals(200, admitted.statusCode());
    assertEquals("paid", admitted.bodyAsJsonObject().getString("status"), "admitting opened its voucher wallet");
    HttpResponse<Buffer> byHand = post(vouchers, v, "paid", officer, NOTHING);
    assertEquals(409, byHand.statusCode());
    assertEquals("/problems/paid-by-voucher", type(byHand));
  }

  @Test
  void anAdmissionTheBudgetDoesNotFitIsRefusedWithWhatIsLeft() {
    UUID bando = f.bando(f.comune, "contributo", "first_come", 50_000);
    UUID first = f.application(bando, citizen, 30_000, 1, 0, null);
    UUID second = f.application(bando, citizen, 30_000, 1, 0, null);
    assertEquals(200, post(bando, first, "admit", officer, NOTHING).statusCode());
    HttpResponse<Buffer> refused = post(bando, second, "admit", officer, NOTHING);
    assertEquals(409, refused.statusCode());
    assertEquals("/problems/budget-exhausted", type(refused));
    assertEquals(20_000, refused.bodyAsJsonObject().getLong("residualCents"));
    assertEquals(30_000, refused.bodyAsJsonObject().getLong("amountCents"));
    assertEquals("submitted", f.status(second), "nothing of the refused admission stays");
    assertEquals(0, f.events(second));
    assertEquals(0, f.outbox(second, "bando.admitted"));
    // The CHECK is the backstop under the conditional update.
    Throwable direct = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> await(app.pool()
        .preparedQuery("UPDATE bandi SET granted_cents = budget_cents + 1 WHERE id = $1").execute(Tuple.of(bando))));
    assertTrue(direct.getMessage().contains("bandi_budget_never_exceeded"), direct.getMessage());
  }

  @Test
  void theListFiltersByStatusProtocolAndNameOrCodiceFiscaleInPages() {
    UUID bando = f.bando(f.comune, "contributo", "first_come", 1_000_000);
    UUID other = f.account("review.other.citizen", "citizen");
    UUID a = f.application(bando, citizen, 10_000, 1, 0, null, "RSSMRA80A01F205X");
    UUID b = f.application(bando, other, 10_000, 1, 0, null);
    UUID c = f.application(bando, citizen, 10_000, 1, 0, null);
    assertEquals(200, post(bando, b, "admit", officer, NOTHING).statusCode());
    String list = "/api/v1/comune/bandi/" + bando + "/applications";

    JsonObject all = get(list, officer).bodyAsJsonObject();
    assertEquals(3, all.getLong("total"));
    assertEquals(2L, await(app.pool().preparedQuery("""
            SELECT count(DISTINCT person) FROM personal_data_reads WHERE what = 'bando-applications' AND ref = $1""")
        .execute(Tuple.of(bando.toString()))).iterator().next().getLong(0), "the page's two applicants, in the read log");
    assertEquals(List.of(a.toString(), b.toString(), c.toString()), ids(all), "by protocol");
    assertEquals(10_000, all.getJsonObject("bando").getLong("grantedCents"));
    assertEquals(List.of(b.toString()), ids(get(list + "?status=admitted", officer).bodyAsJsonObject()));
    assertEquals(List.of(a.toString(), c.toString()), ids(get(list + "?status=submitted,incomplete", officer).bodyAsJsonObject()));
    long protocolB = all.getJsonArray("items").getJsonObject(1).getLong("protocol");
    assertEquals(List.of(b.toString(), c.toString()), ids(get(list + "?protocolFrom=" + protocolB, officer).bodyAsJsonObject()));
    assertEquals(List.of(a.toString(), b.toString()), ids(get(list + "?protocolTo=" + protocolB, officer).bodyAsJsonObject()));
    assertEquals(List.of(a.toString()), ids(get(list + "?q=rssmra80a01f205x", officer).bodyAsJsonObject()), "codice fiscale, any case");
    assertEquals(List.of(b.toString()), ids(get(list + "?q=other.cit", officer).bodyAsJsonObject()), "part of the name");
    assertEquals(List.of(), ids(get(list + "?q=%25", officer).bodyAsJsonObject()), "a % is a character, not a wildcard");
    JsonObject page2 = get(list + "?size=2&page=2", officer).bodyAsJsonObject();
    assertEquals(3, page2.getLong("total"));
    assertEquals(List.of(c.toString()), ids(page2));
    assertEquals("RSSMRA80A01F205X", all.getJsonArray("items").getJsonObject(0).getJsonObject("applicant").getString("codiceFiscale"));
    assertEquals(400, get(list + "?status=approved", officer).statusCode());
    assertEquals(400, get(list + "?protocolFrom=abc", officer).statusCode());
    assertEquals(400, get(list + "?size=201", officer).statusCode());
  }

  @Test
  void noOneButTheComunesOfficersReachItsApplications() {
    UUID bando = f.bando(f.comune, "contributo", "first_come", 100_000);
    UUID a = f.application(bando, citizen, 10_000, 1, 0, null);
    UUID theirs = f.bando(f.otherComune, "contributo", "first_come", 100_000);
    UUID theirApplication = f.application(theirs, citizen, 10_000, 1, 0, null);
    String list = "/api/v1/comune/bandi/" + bando + "/applications";

    for (String token : List.of(citizenToken, provider)) {
      assertEquals(403, get(list, token).statusCode());
      assertEquals(403, post(bando, a, "admit", token, NOTHING).statusCode());
      assertEquals(403, get("/api/v1/comune/report", token).statusCode());
    }
    assertEquals(401, get(list, null).statusCode());
    // Another Comune's officer learns nothing of this bando and changes nothing.
    assertEquals(404, get(list, other).statusCode());
    assertEquals(404, get(ReviewFixture.path(bando, a, ""), other).statusCode());
    for (String action : List.of("admit", "paid")) {
      assertEquals(404, post(bando, a, action, other, NOTHING).statusCode());
    }
    for (String action : List.of("reject", "incomplete")) {
      assertEquals(404, post(bando, a, action, other, REASON).statusCode());
    }
    assertEquals(404, await(http.post("/api/v1/comune/bandi/" + bando + "/admit-in-ranking", other, NOTHING)).statusCode());
    assertEquals(404, get("/api/v1/comune/bandi/" + bando + "/report", other).statusCode());
    assertEquals(404, get("/api/v1/comune/bandi/" + bando + "/ranking", other).statusCode());
    // An application of another Comune's bando under this Comune's bando: not found, not touched.
    assertEquals(404, post(bando, theirApplication, "admit", officer, NOTHING).statusCode());
    assertEquals(404, get(ReviewFixture.path(bando, theirApplication, ""), officer).statusCode());
    assertEquals(404, post(theirs, theirApplication, "admit", officer, NOTHING).statusCode());
    assertEquals("submitted", f.status(a));
    assertEquals("submitted", f.status(theirApplication));
    assertEquals(0L, f.bandoRow(theirs).getLong("granted_cents"));

    HttpResponse<Buffer> noKey = await(http.client().post(ReviewFixture.path(bando, a, "admit")).bearerTokenAuthentication(officer)
        .sendJsonObject(NOTHING));
    assertEquals(400, noKey.statusCode());
    assertEquals(422, post(bando, a, "reject", officer, new JsonObject()).statusCode(), "a rejection needs its reason");
    assertEquals(422, post(bando, a, "reject", officer, new JsonObject().put("reason", "  ")).statusCode());
    assertEquals(422, post(bando, a, "admit", officer, new JsonObject().put("amountCents", 1)).statusCode(),
        "the amount is the application's, never the request's");
    assertEquals("submitted", f.status(a));
  }

  @Test
  void aScoreBandoRanksByPointsThenProtocolAndTheBatchAdmitsInThatOrderUntilTheBudgetEnds() {
    UUID bando = f.bando(f.comune, "contributo", "score", 100_000);
    UUID rich = f.application(bando, citizen, 30_000, 1, 0, 35_000_00L);        // 0 points
    UUID poorFamily = f.application(bando, citizen, 30_000, 4, 2, 3_000_00L);   // 45 + 20 + 3 = 68
    UUID noIsee = f.application(bando, citizen, 30_000, 3, 2, null);            // 20
    UUID poorFamilyLater = f.application(bando, citizen, 30_000, 4, 2, 3_000_00L);
    UUID single = f.application(bando, citizen, 30_000, 1, 0, 15_000_00L);      // 25
    // No ISEE kept with the application: the one the applicant declared, valid when it was received.
    UUID declarant = f.account("review.isee", "citizen");
    await(app.pool().preparedQuery("INSERT INTO isee_declarations (account_id, value_cents, expires_on) VALUES ($1, 0, current_date + 30)")
        .execute(Tuple.of(declarant)));
    UUID declared = f.application(bando, declarant, 30_000, 1, 0, null);       // 50

    JsonObject ranking = get("/api/v1/comune/bandi/" + bando + "/ranking", officer).bodyAsJsonObject();
    List<String> order = ranking.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")).toList();
    assertEquals(List.of(poorFamily, poorFamilyLater, declared, single, noIsee, rich).stream().map(UUID::toString).toList(), order);
    assertEquals(68, ranking.getJsonArray("items").getJsonObject(0).getInteger("points"));
    assertEquals(List.of(true, true, true, false, false, false), ranking.getJsonArray("items").stream()
        .map(i -> ((JsonObject) i).getBoolean("withinBudget")).toList());

    String batch = "/api/v1/comune/bandi/" + bando + "/admit-in-ranking";
    HttpResponse<Buffer> done = await(http.post(batch, officer, NOTHING, "review-batch-1"));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    assertEquals(3, done.bodyAsJsonObject().getInteger("admitted"));
    assertEquals(10_000, done.bodyAsJsonObject().getLong("residualCents"));
    assertTrue(done.bodyAsJsonObject().getBoolean("stoppedByBudget"));
    assertEquals(done.bodyAsJsonObject(), await(http.post(batch, officer, NOTHING, "review-batch-1")).bodyAsJsonObject(),
        "a retry gets the first answer");
    assertEquals(List.of("admitted", "admitted", "admitted", "submitted", "submitted", "submitted"),
        List.of(poorFamily, poorFamilyLater, declared, single, noIsee, rich).stream().map(f::status).toList());
    assertEquals(68, await(app.pool().preparedQuery("SELECT score FROM bando_applications WHERE id = $1")
        .execute(Tuple.of(poorFamily))).iterator().next().getInteger(0), "the points are kept with the application");
    HttpResponse<Buffer> more = await(http.post(batch, officer, NOTHING));
    assertEquals(0, more.bodyAsJsonObject().getInteger("admitted"), "nothing more fits");
    assertEquals(90_000L, f.bandoRow(bando).getLong("granted_cents"));
  }

  @Test
  void aFirstComeBatchFollowsTheProtocolAndSkipsWhatOthersDecidedMeanwhile() {
    UUID bando = f.bando(f.comune, "buoni_spesa", "first_come", 1_000_000);
    UUID first = f.application(bando, citizen, 10_000, 1, 0, 1_000_00L);
    UUID second = f.application(bando, citizen, 10_000, 4, 3, 0L);
    UUID third = f.application(bando, citizen, 10_000, 1, 0, null);
    assertEquals(200, post(bando, second, "reject", officer, REASON).statusCode());
    assertEquals(200, post(bando, third, "incomplete", officer, REASON).statusCode());
    HttpResponse<Buffer> done = await(http.post("/api/v1/comune/bandi/" + bando + "/admit-in-ranking", officer, NOTHING));
    assertEquals(1, done.bodyAsJsonObject().getInteger("admitted"), "only the submitted one");
    assertFalse(done.bodyAsJsonObject().getBoolean("stoppedByBudget"));
    assertEquals("paid", f.status(first), "admitted, and its voucher wallet opened");
    assertEquals("incomplete", f.status(third), "one waiting for documents is not admitted by the batch");
    assertNull(await(app.pool().preparedQuery("SELECT score FROM bando_applications WHERE id = $1")
        .execute(Tuple.of(first))).iterator().next().getInteger(0), "a first-come bando keeps no points");
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }
}
