package coop.sportello.privacy;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.chat.ChatAddresses;
import coop.sportello.chat.ChatPeople;
import coop.sportello.chat.ChatPeople.Person;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person's privacy rights through HTTP: the notice and consents (booking and chat work without
 * the optional ones), "I miei dati" as a download, and erasure (confirmed, idempotent, blocked
 * while bookings are to come), after which nothing personal is left and the ledger still sums.
 */
class PrivacyRightsTest extends AppTestBase {

  private static final String CODICE_FISCALE = "RSSMRA85T10A562S";
  private ChatPeople people;
  private List<String> slots;

  @Override
  protected JsonObject overrides() {
    return ChatPeople.alwaysOpen();
  }

  @BeforeAll
  void fixture() {
    people = new ChatPeople(vertx, app.pool(), http, app.port());
    CatalogFixture.municipalities(app.pool());
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(4);
    await(TestAccounts.create(vertx, app.pool(), "diritti.admin", "provider_admin"));
    slots = new CatalogFixture(http, await(http.accessToken("diritti.admin"))).homeCareOn(day).slotsOn(day);
  }

  private HttpResponse<Buffer> putConsents(String token, JsonObject answers) {
    return await(http.client().put("/api/v1/me/consents").bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(new JsonObject().put("answers", answers)));
  }

  private static JsonObject purpose(JsonObject consents, String name) {
    return consents.getJsonArray("purposes").stream().map(JsonObject.class::cast)
        .filter(p -> name.equals(p.getString("purpose"))).findFirst().orElseThrow();
  }

  @Test
  void consentsAreRecordedWithVersionAndTimeAndWithdrawnAndBookingAndChatWorkWithoutThem() {
    Person person = people.create("diritti.consensi", "citizen");
    JsonObject notice = await(http.get("/api/v1/privacy/notice", null)).bodyAsJsonObject();
    assertEquals("2026-12-04", notice.getString("version"));

    JsonObject before = await(http.get("/api/v1/me/consents", person.token())).bodyAsJsonObject();
    assertFalse(purpose(before, "notice-read").getBoolean("given"));
    assertFalse(purpose(before, "newsletter").getBoolean("given"));

    // Without any consent, not even the notice read: booking and chat work the same.
    HttpResponse<Buffer> hold = await(http.post("/api/v1/bookings/holds", person.token(), new JsonObject().put("slotId", slots.get(0))));
    assertEquals(201, hold.statusCode(), hold.bodyAsString());
    assertNotNull(person.start("childhood", "it"));

    HttpResponse<Buffer> given = putConsents(person.token(), new JsonObject().put("notice-read", true).put("newsletter", true));
    assertEquals(200, given.statusCode(), given.bodyAsString());
    JsonObject newsletter = purpose(given.bodyAsJsonObject(), "newsletter");
    assertTrue(newsletter.getBoolean("given"));
    assertEquals("2026-12-04", newsletter.getString("noticeVersion"));
    assertNotNull(newsletter.getString("givenAt"));
    assertTrue(purpose(given.bodyAsJsonObject(), "notice-read").getBoolean("given"));

    JsonObject withdrawn = putConsents(person.token(), new JsonObject().put("newsletter", false)).bodyAsJsonObject();
    assertFalse(purpose(withdrawn, "newsletter").getBoolean("given"));
    assertTrue(withdrawn.getJsonArray("history").stream().map(JsonObject.class::cast)
        .anyMatch(h -> "newsletter".equals(h.getString("purpose")) && "withdrawn".equals(h.getString("endedHow"))), withdrawn.encode());

    HttpResponse<Buffer> unread = putConsents(person.token(), new JsonObject().put("notice-read", false));
    assertEquals(422, unread.statusCode());
    assertEquals("/problems/notice-required", unread.bodyAsJsonObject().getString("type"));
    assertEquals(422, putConsents(person.token(), new JsonObject().put("marketing-of-others", true)).statusCode());
  }

  @Test
  void twoTabsGivingTheSameConsentAtOnceLeaveOneLiveAnswer() {
    Person person = people.create("diritti.schede", "citizen");
    List<Future<HttpResponse<Buffer>>> saves = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      saves.add(http.client().put("/api/v1/me/consents").bearerTokenAuthentication(person.token())
          .putHeader("Idempotency-Key", UUID.randomUUID().toString())
          .sendJsonObject(new JsonObject().put("answers", new JsonObject().put("surveys", true))));
    }
    List<HttpResponse<Buffer>> answers = await(Future.all(saves).map(all -> all.<HttpResponse<Buffer>>list()));
    for (HttpResponse<Buffer> r : answers) {
      assertEquals(200, r.statusCode(), r.bodyAsString());
    }
    long live = await(app.pool().preparedQuery(
            "SELECT count(*) FROM privacy_consents WHERE account_id = $1 AND purpose = 'surveys' AND ended_at IS NULL")
        .execute(Tuple.of(UUID.fromString(person.subject())))).iterator().next().getLong(0);
    assertEquals(1, live);
  }

  @Test
  void signUpRecordsTheNoticeThroughTheRepositoryCall() {
    Person person = people.create("diritti.iscritta", "citizen");
    await(app.pool().withTransaction(tx -> ConsentRepository.acknowledgeCurrentNotice(tx, UUID.fromString(person.subject()), "sign-up")));
    await(app.pool().withTransaction(tx -> ConsentRepository.acknowledgeCurrentNotice(tx, UUID.fromString(person.subject()), "sign-up")));
    JsonObject consents = await(http.get("/api/v1/me/consents", person.token())).bodyAsJsonObject();
    assertTrue(purpose(consents, "notice-read").getBoolean("given"));
    assertEquals(1, consents.getJsonArray("history").size(), "acknowledging twice keeps one row");
    assertEquals("sign-up", consents.getJsonArray("history").getJsonObject(0).getString("givenVia"));
  }

  /** An employee with a phone, a codice fiscale, a funded wallet, a cancelled booking and a chat. */
  private Person richPerson(String username, String codiceFiscale) {
    Person person = people.create(username, "employee");
    UUID id = UUID.fromString(person.subject());
    await(app.pool().preparedQuery("""
            WITH g AS (INSERT INTO employee_groups (company_id, name)
                       SELECT company_id, 'Gruppo ' || $3 FROM accounts WHERE id = $1 AND $2::text IS NOT NULL RETURNING id, company_id),
                 e AS (INSERT INTO employees (account_id, company_id, group_id, badge_code) SELECT $1, company_id, id, 'BADGE-' || $3 FROM g),
                 p AS (INSERT INTO welfare_plans (company_id, group_id, plan_year, credit_per_employee_cents, starts_on, ends_on, unused_credit)
                       SELECT company_id, id, 2026, 50000, '2026-01-01', '2026-12-31', 'expires' FROM g RETURNING id),
                 w AS (INSERT INTO wallets (account_id, plan_id, balance_cents) SELECT $1, id, 50000 FROM p RETURNING plan_id)
            INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, actor) SELECT $1, plan_id, 50000, 'fund', 'hr' FROM w""")
        .execute(Tuple.of(id, username, String.valueOf(Math.abs(username.hashCode() % 10000)))));
    await(app.pool().preparedQuery("""
            UPDATE accounts SET phone = '+393471112233', email = $2, codice_fiscale = $3 WHERE id = $1""")
        .execute(Tuple.of(id, username + "@posta.example", codiceFiscale)));
    return person;
  }

  @Test
  void iMieiDatiIsADownloadOfEverythingHeldAboutThePerson() {
    Person person = richPerson("diritti.esporta", "VRDLGU80A01H501U");
    String booking = await(http.post("/api/v1/bookings/holds", person.token(), new JsonObject().put("slotId", slots.get(1))))
        .bodyAsJsonObject().getString("id");
    String conversation = person.start("elderly", "it");
    person.ask(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation).put("clientId", ChatPeople.id())
        .put("text", "Mia madre ha bisogno di assistenza dopo l'operazione."));

    HttpResponse<Buffer> r = await(http.get("/api/v1/me/data", person.token()));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertTrue(r.getHeader("Content-Disposition").startsWith("attachment;"), r.getHeader("Content-Disposition"));
    JsonObject sections = r.bodyAsJsonObject().getJsonObject("sections");
    assertEquals("VRDLGU80A01H501U", sections.getJsonObject("account").getString("codiceFiscale"));
    assertEquals("+393471112233", sections.getJsonObject("account").getString("phone"));
    assertEquals(1, sections.getJsonArray("employment").size());
    assertEquals(50000, sections.getJsonArray("walletLedger").getJsonObject(0).getInteger("amountCents"));
    assertEquals(booking, sections.getJsonArray("bookings").getJsonObject(0).getString("id"));
    assertTrue(sections.getJsonArray("chats").encode().contains("dopo l'operazione"), sections.getJsonArray("chats").encode());
    assertTrue(sections.containsKey("dataReads") && sections.containsKey("consents") && sections.containsKey("notificationMessages")
        && sections.containsKey("kioskSessions") && sections.containsKey("calls") && sections.containsKey("waitlist"), sections.fieldNames().toString());
    assertEquals(401, await(http.get("/api/v1/me/data", null)).statusCode());
  }

  @Test
  void erasureAnonymisesThePersonKeepsTheMoneyAndIsIdempotent() {
    Person person = richPerson("diritti.cancella", CODICE_FISCALE);
    UUID id = UUID.fromString(person.subject());
    String booking = await(http.post("/api/v1/bookings/holds", person.token(), new JsonObject().put("slotId", slots.get(0))))
        .bodyAsJsonObject().getString("id");
    String conversation = person.start("health", "it");
    person.ask(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation).put("clientId", ChatPeople.id())
        .put("text", "Ho una diagnosi di diabete."));
    await(app.pool().preparedQuery("UPDATE auth_sessions SET created_at = now() - interval '1 hour' WHERE account_id = $1")
        .execute(Tuple.of(id)));
    // They once came in with SPID, and have a pending link to prove a new address.
    await(app.pool().preparedQuery("""
            WITH l AS (INSERT INTO oidc_links (issuer, subject, account_id, provider, level_of_assurance)
                       VALUES ('https://idp.example', 'spid-diritti', $1, 'spid', 'https://www.spid.gov.it/SpidL2'))
            INSERT INTO account_tokens (token_hash, account_id, purpose, email, expires_at)
            VALUES (sha256('t'::bytea), $1, 'verify-email', 'nuovo@posta.example', now() + interval '1 day')""")
        .execute(Tuple.of(id)));

    // Confirmation: not without the password once the sign-in is not recent, not with a wrong one.
    assertEquals("/problems/confirmation-needed", erase(person.token(), null).bodyAsJsonObject().getString("type"));
    assertEquals(403, erase(person.token(), "sbagliata").statusCode());
    // A booking still to come and an open chat: cancel and close them first.
    HttpResponse<Buffer> blocked = erase(person.token(), TestAccounts.PASSWORD);
    assertEquals(409, blocked.statusCode(), blocked.bodyAsString());
    assertEquals(1, blocked.bodyAsJsonObject().getInteger("upcomingBookings"));
    assertEquals(200, await(http.post("/api/v1/bookings/" + booking + "/cancel", person.token(), new JsonObject(),
        UUID.randomUUID().toString())).statusCode());
    person.command(ChatAddresses.CLOSE, conversation);

    HttpResponse<Buffer> erased = erase(person.token(), TestAccounts.PASSWORD);
    assertEquals(201, erased.statusCode(), erased.bodyAsString());
    Identity same = new Identity(person.subject(), Set.of(Role.EMPLOYEE), null, "", null, null, null);
    Idempotency.Outcome again = await(app.module(PrivacyModule.class).service().erase(same, TestAccounts.PASSWORD));
    assertEquals(200, again.status(), "a repeated request answers the first erasure");
    assertEquals(erased.bodyAsJsonObject().getString("erasedAt"), again.body().getString("erasedAt"));

    // Signed out everywhere, and the old name signs in no more.
    waitFor(() -> await(http.get("/api/v1/me/consents", person.token())).statusCode() == 401, "the session revoked");
    assertEquals(401, await(http.client().post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("username", person.username()).put("password", TestAccounts.PASSWORD))).statusCode());

    // The export shows nothing personal; the money is all there and still sums.
    String export = await(app.module(PrivacyModule.class).service().export(id)).encode();
    for (String personal : List.of(person.username(), "Utente " + person.username(), CODICE_FISCALE, "+393471112233",
        "@posta.example", "diabete", "BADGE-")) {
      assertFalse(export.contains(personal), personal + " left in " + export);
    }
    assertTrue(export.contains("Persona cancellata"));
    Row money = await(app.pool().preparedQuery("""
            SELECT (SELECT sum(balance_cents) FROM wallets WHERE account_id = $1) AS balance,
                   (SELECT sum(amount_cents) FROM wallet_ledger WHERE account_id = $1) AS ledger,
                   (SELECT count(*) FROM bookings WHERE person = $1::text) AS bookings
            """).execute(Tuple.of(id))).iterator().next();
    assertEquals(money.getLong("balance"), money.getLong("ledger"));
    assertEquals(50000L, money.getLong("ledger"));
    assertEquals(1L, money.getLong("bookings"), "the booking stays, without its answers");
    assertEquals(0L, await(app.pool().preparedQuery("""
            SELECT (SELECT count(*) FROM oidc_links WHERE account_id = $1) + (SELECT count(*) FROM account_tokens WHERE account_id = $1)""")
        .execute(Tuple.of(id))).iterator().next().getLong(0), "no SPID subject and no pending address left");
  }

  private HttpResponse<Buffer> erase(String token, String password) {
    return await(http.post("/api/v1/me/erasure", token, password == null ? new JsonObject() : new JsonObject().put("password", password)));
  }

  @Test
  void aRecentSignInConfirmsAnErasureWithoutThePassword() {
    Person person = people.create("diritti.spid", "citizen");
    await(app.pool().preparedQuery("UPDATE accounts SET password_hash = NULL WHERE id = $1").execute(Tuple.of(UUID.fromString(person.subject()))));
    HttpResponse<Buffer> erased = erase(person.token(), null);
    assertEquals(201, erased.statusCode(), erased.bodyAsString());
    JsonArray how = new JsonArray(await(app.pool().preparedQuery("SELECT jsonb_agg(confirmed_by) FROM erasures WHERE account_id = $1")
        .execute(Tuple.of(UUID.fromString(person.subject())))).iterator().next().getJsonArray(0).encode());
    assertEquals(new JsonArray().add("recent-sign-in"), how);
  }
}
