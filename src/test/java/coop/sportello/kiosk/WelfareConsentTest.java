package coop.sportello.kiosk;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.ChatAssignment;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 (7): someone else's welfare credit is spent only with their consent. An operator's or
 * welfare manager's {@code payWithWelfare} confirms the booking unpaid and asks the person; the
 * person approves or refuses in the portal or at a kiosk where they are identified, or tells the
 * requester their kiosk PIN; each decision is taken once and recorded, and PostgreSQL refuses a
 * payment for someone else that does not spend an approved consent. (Here, beside the kiosk tests,
 * for their fixture: employees with PINs and a kiosk.)
 */
class WelfareConsentTest extends AppTestBase {

  private KioskFixture fixture;
  private KioskFixture.Employee luca;
  private KioskFixture.Employee sara;
  private String operator;
  private String operatorId;
  private String otherOperator;
  private String welfareManager;
  private String welfarePoint;
  private String slot;

  @BeforeAll
  void setUp() {
    fixture = new KioskFixture(vertx, app, http);
    luca = fixture.employee("luca.consenso", "Luca Ferrari", "TC-0001", "FRRLCU86C14A794T", "2468");
    sara = fixture.employee("sara.consenso", "Sara Locatelli", "TC-0002", "LCTSRA90L62I628W", "5813");
    operatorId = await(TestAccounts.create(vertx, app.pool(), "operatrice.consenso", "operator")).toString();
    await(TestAccounts.create(vertx, app.pool(), "operatore.altro", "operator"));
    await(TestAccounts.create(vertx, app.pool(), "manager.consenso", "welfare_manager"));
    operator = await(http.accessToken("operatrice.consenso"));
    otherOperator = await(http.accessToken("operatore.altro"));
    welfareManager = await(http.accessToken("manager.consenso"));
    // A welfare manager books for the citizens of the conversations they handle (ChatDeskTest).
    ChatAssignment.handles(app.pool(), "manager.consenso", luca.id());
    ChatAssignment.handles(app.pool(), "manager.consenso", sara.id());
    welfarePoint = fixture.kioskToken(fixture.kioskCredential("Welfare point reception", fixture.companyId));
    slot = fixture.publish("Corso di acquerello", "work_life", 50).slotId();
    // These tests book the same slot for the same people again and again: not what the per-person limits are about.
    await(app.pool().preparedQuery("""
        UPDATE services SET max_places_per_person_slot = 50, max_places_per_person_day = 100, max_open_holds_per_person = 50
         WHERE id = (SELECT service_id FROM slots WHERE id = $1)""").execute(Tuple.of(UUID.fromString(slot))));
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return await(http.post(path, token, body));
  }

  /** {@code requester} books a place for {@code who} and confirms asking to pay with their credit: the 202 answer. */
  private JsonObject askedToPay(String requester, KioskFixture.Employee who) {
    var held = post(requester, "/api/v1/bookings/holds", new JsonObject().put("slotId", slot).put("forPerson", who.id()));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    var confirmed = post(requester, "/api/v1/bookings/" + held.bodyAsJsonObject().getString("id") + "/confirm",
        new JsonObject().put("payWithWelfare", true));
    assertEquals(202, confirmed.statusCode(), "someone else's credit is not spent at once: " + confirmed.bodyAsString());
    return confirmed.bodyAsJsonObject();
  }

  private static String consentId(JsonObject asked) {
    return asked.getJsonObject("welfareConsent").getString("id");
  }

  private HttpResponse<Buffer> decide(String token, String consent, String decision) {
    return post(token, "/api/v1/welfare/consents/" + consent + "/" + decision, new JsonObject());
  }

  private HttpResponse<Buffer> withPin(String token, String consent, String pin) {
    return post(token, "/api/v1/welfare/consents/" + consent + "/approve-with-pin", new JsonObject().put("pin", pin));
  }

  private int balance(KioskFixture.Employee who) {
    return await(http.get("/api/v1/welfare/wallet", who.token())).bodyAsJsonObject().getJsonArray("wallets")
        .getJsonObject(0).getInteger("balanceCents");
  }

  private long payments(String booking) {
    return await(app.pool().preparedQuery("SELECT count(*) FROM wallet_ledger WHERE booking_id = $1 AND kind = 'payment'")
        .execute(Tuple.of(UUID.fromString(booking)))).iterator().next().getLong(0);
  }

  private JsonObject booking(String token, String id) {
    return await(http.get("/api/v1/bookings/" + id, token)).bodyAsJsonObject();
  }

  private static String type(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("type");
  }

  private JsonArray consentsOf(String token) {
    var list = await(http.get("/api/v1/welfare/consents", token));
    assertEquals(200, list.statusCode(), list.bodyAsString());
    return list.bodyAsJsonObject().getJsonArray("items");
  }

  private JsonObject consentIn(JsonArray items, String id) {
    for (int i = 0; i < items.size(); i++) {
      if (items.getJsonObject(i).getString("id").equals(id)) {
        return items.getJsonObject(i);
      }
    }
    return null;
  }

  // ---- the request --------------------------------------------------------------------------------

  @Test
  void anOperatorsPayWithWelfareSpendsNothingUntilThePersonApprovesInThePortal() {
    int before = balance(luca);
    JsonObject asked = askedToPay(operator, luca);
    JsonObject booking = asked.getJsonObject("booking");
    String bookingId = booking.getString("id");
    JsonObject consent = asked.getJsonObject("welfareConsent");
    assertEquals("confirmed", booking.getString("status"), "the place is the person's: confirmed, not paid");
    assertEquals(0, booking.getInteger("paidWithWelfareCents"));
    assertEquals("pending", consent.getString("status"));
    assertEquals(KioskFixture.PRICE_CENTS, consent.getInteger("amountCents"));
    assertEquals(operatorId, consent.getString("requestedBy"));
    assertEquals(bookingId, consent.getString("bookingId"));
    assertEquals(before, balance(luca), "nothing taken on the operator's word");
    assertEquals(0, payments(bookingId));

    JsonObject shown = consentIn(consentsOf(luca.token()), consent.getString("id"));
    assertEquals("pending", shown.getString("status"), "the person sees the request in the portal");
    assertEquals("Corso di acquerello", shown.getString("serviceTitle"));
    assertTrue(consentIn(consentsOf(operator), consent.getString("id")) != null, "and whoever asked follows it");
    assertNull(consentIn(consentsOf(sara.token()), consent.getString("id")), "nobody else sees it");
    assertNull(consentIn(consentsOf(otherOperator), consent.getString("id")));

    assertEquals(404, decide(sara.token(), consent.getString("id"), "approve").statusCode(), "another employee cannot approve");
    assertEquals(403, decide(operator, consent.getString("id"), "approve").statusCode(), "nor can the requester, without PIN");
    assertEquals(before, balance(luca));

    var approved = decide(luca.token(), consent.getString("id"), "approve");
    assertEquals(200, approved.statusCode(), approved.bodyAsString());
    JsonObject decision = approved.bodyAsJsonObject();
    assertEquals("approved", decision.getString("status"));
    assertEquals("portal", decision.getString("decidedHow"));
    assertEquals(luca.id(), decision.getString("decidedBy"));
    assertTrue(decision.getString("decidedAt") != null);
    assertEquals(before - KioskFixture.PRICE_CENTS, balance(luca));
    assertEquals(KioskFixture.PRICE_CENTS, booking(luca.token(), bookingId).getInteger("paidWithWelfareCents"));
    assertEquals(consent.getString("id"), await(app.pool().preparedQuery(
            "SELECT consent_id FROM wallet_ledger WHERE booking_id = $1 AND kind = 'payment'")
        .execute(Tuple.of(UUID.fromString(bookingId)))).iterator().next().getUUID(0).toString(),
        "the ledger row names the consent it spent");
    JsonArray audit = booking(luca.token(), bookingId).getJsonArray("audit");
    assertTrue(audit.stream().map(JsonObject.class::cast).anyMatch(a -> a.getString("action").equals("welfare-consent-approved")
        && a.getString("actor").equals(luca.id())), audit.encode());

    var again = decide(luca.token(), consent.getString("id"), "approve");
    assertEquals(200, again.statusCode(), "approving again answers the approval again");
    assertEquals("approved", again.bodyAsJsonObject().getString("status"));
    assertEquals(before - KioskFixture.PRICE_CENTS, balance(luca), "and takes nothing more");
    var late = decide(luca.token(), consent.getString("id"), "refuse");
    assertEquals(409, late.statusCode());
    assertEquals("/problems/consent-approved", type(late));

    assertEquals(200, post(operator, "/api/v1/bookings/" + bookingId + "/cancel",
        new JsonObject().put("reason", "Luca non può venire")).statusCode());
    assertEquals(before, balance(luca), "cancelling refunds what the approval paid");
  }

  @Test
  void twoApprovalsAtOnceDebitOnce() {
    int before = balance(sara);
    JsonObject asked = askedToPay(welfareManager, sara);
    List<Future<HttpResponse<Buffer>>> approvals = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      approvals.add(http.post("/api/v1/welfare/consents/" + consentId(asked) + "/approve", sara.token(), new JsonObject()));
    }
    await(Future.join(approvals));
    for (Future<HttpResponse<Buffer>> approval : approvals) {
      assertEquals(200, approval.result().statusCode(), approval.result().bodyAsString());
    }
    assertEquals(1, payments(asked.getJsonObject("booking").getString("id")));
    assertEquals(before - KioskFixture.PRICE_CENTS, balance(sara));
  }

  @Test
  void aRefusalKeepsTheBookingConfirmedAndUnpaidAndIsFinal() {
    int before = balance(luca);
    JsonObject asked = askedToPay(welfareManager, luca);
    var refused = decide(luca.token(), consentId(asked), "refuse");
    assertEquals(200, refused.statusCode(), refused.bodyAsString());
    assertEquals("refused", refused.bodyAsJsonObject().getString("status"));
    assertEquals(200, decide(luca.token(), consentId(asked), "refuse").statusCode(), "refusing again is the same no");
    var approved = decide(luca.token(), consentId(asked), "approve");
    assertEquals(409, approved.statusCode());
    assertEquals("/problems/consent-refused", type(approved));
    var pin = withPin(welfareManager, consentId(asked), luca.pin());
    assertEquals(409, pin.statusCode(), "nor does the PIN turn a no into a yes");
    String bookingId = asked.getJsonObject("booking").getString("id");
    assertEquals("confirmed", booking(luca.token(), bookingId).getString("status"));
    assertEquals(before, balance(luca));
  }

  @Test
  void aRequestForABookingNoLongerActivePaysNothing() {
    int before = balance(sara);
    JsonObject asked = askedToPay(operator, sara);
    String bookingId = asked.getJsonObject("booking").getString("id");
    assertEquals(200, post(operator, "/api/v1/bookings/" + bookingId + "/cancel",
        new JsonObject().put("reason", "La persona ha cambiato idea")).statusCode());
    var approved = decide(sara.token(), consentId(asked), "approve");
    assertEquals(409, approved.statusCode(), approved.bodyAsString());
    assertEquals("/problems/consent-lapsed", type(approved));
    assertEquals("lapsed", consentIn(consentsOf(sara.token()), consentId(asked)).getString("status"));
    assertEquals(before, balance(sara));

    // An approval and a cancellation at the same moment: either order leaves the wallet whole.
    JsonObject raced = askedToPay(operator, sara);
    String racedBooking = raced.getJsonObject("booking").getString("id");
    var approval = http.post("/api/v1/welfare/consents/" + consentId(raced) + "/approve", sara.token(), new JsonObject());
    var cancel = http.post("/api/v1/bookings/" + racedBooking + "/cancel", operator,
        new JsonObject().put("reason", "Sara ha disdetto al telefono"));
    await(Future.join(approval, cancel));
    assertEquals(200, cancel.result().statusCode(), cancel.result().bodyAsString());
    assertTrue(approval.result().statusCode() == 200 || approval.result().statusCode() == 409, approval.result().bodyAsString());
    assertEquals(before, balance(sara), "paid then refunded, or never paid");
  }

  @Test
  void theRequesterApprovesWithThePinThePersonToldThemAndOnlyThen() {
    int before = balance(luca);
    JsonObject asked = askedToPay(operator, luca);
    var wrong = withPin(operator, consentId(asked), "9999");
    assertEquals(422, wrong.statusCode(), wrong.bodyAsString());
    assertEquals("/problems/wrong-pin", type(wrong));
    assertEquals(before, balance(luca));
    assertEquals(404, withPin(otherOperator, consentId(asked), luca.pin()).statusCode(), "only whoever asked");
    assertEquals(400, withPin(operator, consentId(asked), "12ab").statusCode() / 100 * 100, "a PIN is 4-8 digits");

    var approved = withPin(operator, consentId(asked), luca.pin());
    assertEquals(200, approved.statusCode(), approved.bodyAsString());
    assertEquals("pin", approved.bodyAsJsonObject().getString("decidedHow"));
    assertEquals(operatorId, approved.bodyAsJsonObject().getString("decidedBy"), "recorded: who typed it, when, how");
    assertEquals(before - KioskFixture.PRICE_CENTS, balance(luca));
  }

  @Test
  void aRequesterWhoKeepsGuessingIsLockedOutOfThatPersonAndNobodyElseIs() {
    JsonObject asked = askedToPay(operator, sara);
    for (int i = 1; i < 5; i++) {
      assertEquals(422, withPin(operator, consentId(asked), "1357").statusCode(), "wrong guess " + i);
    }
    var fifth = withPin(operator, consentId(asked), "1357");
    assertEquals(429, fifth.statusCode(), fifth.bodyAsString());
    assertEquals("/problems/kiosk-pin-locked", type(fifth));
    assertEquals(429, withPin(operator, consentId(asked), sara.pin()).statusCode(), "locked: even the right PIN waits");

    var identified = await(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(welfarePoint)
        .sendJsonObject(new JsonObject().put("badge", sara.badge()).put("pin", sara.pin())));
    assertEquals(200, identified.statusCode(), "the person is not locked out of the kiosk by someone else's guesses");
    await(app.pool().preparedQuery("UPDATE kiosk_sessions SET ended_at = now() WHERE account_id = $1 AND ended_at IS NULL")
        .execute(Tuple.of(UUID.fromString(sara.id()))));
    var byOther = withPin(otherOperator, consentId(askedToPay(otherOperator, sara)), sara.pin());
    assertEquals(200, byOther.statusCode(), "another requester told the PIN is not locked out either: " + byOther.bodyAsString());
  }

  @Test
  void atAKioskThePersonIdentifiedThereSeesAndDecidesTheirOwnRequests() {
    int before = balance(sara);
    JsonObject forSara = askedToPay(operator, sara);
    JsonObject forLuca = askedToPay(operator, luca);
    var identified = await(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(welfarePoint)
        .sendJsonObject(new JsonObject().put("badge", sara.badge()).put("pin", sara.pin())));
    assertEquals(200, identified.statusCode(), identified.bodyAsString());

    JsonArray shown = consentsOf(welfarePoint);
    assertTrue(consentIn(shown, consentId(forSara)) != null, "the kiosk shows the identified person's requests");
    assertNull(consentIn(shown, consentId(forLuca)), "and nobody else's");
    assertEquals(404, decide(welfarePoint, consentId(forLuca), "approve").statusCode());

    var approved = decide(welfarePoint, consentId(forSara), "approve");
    assertEquals(200, approved.statusCode(), approved.bodyAsString());
    assertEquals("kiosk", approved.bodyAsJsonObject().getString("decidedHow"));
    assertEquals(before - KioskFixture.PRICE_CENTS, balance(sara));

    await(app.pool().preparedQuery("UPDATE kiosk_sessions SET ended_at = now() WHERE account_id = $1 AND ended_at IS NULL")
        .execute(Tuple.of(UUID.fromString(sara.id()))));
    assertTrue(consentsOf(welfarePoint).isEmpty(), "once the person has gone, the kiosk shows nothing");
  }

  // ---- the database's backstop ----------------------------------------------------------------------

  @Test
  void postgresRefusesAPaymentForSomeoneElseThatSpendsNoApprovedConsent() {
    JsonObject asked = askedToPay(operator, luca);
    UUID bookingId = UUID.fromString(asked.getJsonObject("booking").getString("id"));
    UUID consent = UUID.fromString(consentId(asked));
    UUID person = UUID.fromString(luca.id());
    String payment = """
        INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, booking_id, actor, consent_id)
        SELECT account_id, plan_id, $3, 'payment', $2, $4, $5 FROM wallets WHERE account_id = $1 LIMIT 1""";
    int price = -KioskFixture.PRICE_CENTS;
    assertRefused("wallet_payment_consented", payment, Tuple.of(person, bookingId, price, operatorId, null));
    assertRefused("wallet_payment_consented", payment, Tuple.of(person, bookingId, price, operatorId, consent));
    assertRefused("wallet_payment_consented", payment, Tuple.of(UUID.fromString(sara.id()), bookingId, price, sara.id(), null));

    String decide = "UPDATE welfare_consents SET status = 'approved', decided_by = $2, decided_how = $3, decided_at = now() "
        + "WHERE id = $1";
    assertRefused("welfare_consent_by_owner", decide, Tuple.of(consent, operatorId, "portal"));
    assertRefused("welfare_consent_by_owner", decide, Tuple.of(consent, luca.id(), "pin"));
    assertRefused("welfare_consent_by_owner", decide, Tuple.of(consent, "kiosk:" + UUID.randomUUID(), "kiosk"));
    await(app.pool().preparedQuery(decide).execute(Tuple.of(consent, luca.id(), "portal")));
    assertRefused("wallet_payment_consented", payment, Tuple.of(person, bookingId, price - 1, operatorId, consent));
    assertRefused("welfare_consent_decided_once", "UPDATE welfare_consents SET status = 'refused', decided_how = 'portal' "
        + "WHERE id = $1", Tuple.of(consent));
    assertRefused("append-only", "DELETE FROM welfare_consents WHERE id = $1", Tuple.of(consent));
    await(app.pool().preparedQuery(payment).execute(Tuple.of(person, bookingId, price, operatorId, consent)));
    assertRefused("_once", payment, Tuple.of(person, bookingId, price, operatorId, consent)); // consent spent, booking paid
  }

  /** The statement fails, naming {@code constraint} (or, for the append-only trigger, saying so). */
  private void assertRefused(String constraint, String sql, Tuple args) {
    Throwable failure = app.pool().preparedQuery(sql).execute(args).toCompletionStage().handle((ok, e) -> e)
        .toCompletableFuture().join();
    assertFalse(failure == null, "refused by " + constraint);
    String message = String.valueOf(failure.getMessage()) + " " + failure;
    String named = failure instanceof PgException pg ? pg.getConstraint() : null;
    assertTrue(message.contains(constraint) || (named != null && named.contains(constraint)),
        constraint + " expected, got " + named + ": " + message);
  }
}
