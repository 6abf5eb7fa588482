package coop.sportello.kiosk;

import coop.sportello.booking.domain.BookingCode;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.kiosk.domain.QrSvg;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kiosk mode over HTTP: employees identify with badge or codice fiscale and their PIN; wrong PINs
 * lock; only kiosks identify; a kiosk books and pays only for the person identified at it, now;
 * the booking's QR code is for whoever may see the booking.
 */
class KioskApiTest extends AppTestBase {

  private KioskFixture fixture;
  private KioskFixture.Employee luca;
  private KioskFixture.Employee sara;
  private KioskFixture.Employee elena;
  private KioskFixture.Employee marco;
  private KioskFixture.Employee davide;
  private KioskFixture.Employee nopin;
  private String welfarePoint;   // a company's kiosk
  private String socialPoint;    // a town kiosk, serving every member company
  private String hallway;        // a town kiosk for the per-device pause
  private String slot;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("kiosk", new JsonObject().put("maxPinAttempts", 3).put("deviceMaxFailures", 12));
  }

  @BeforeAll
  void setUp() {
    fixture = new KioskFixture(vertx, app, http);
    luca = fixture.employee("luca.totem", "Luca Ferrari", "TB-0001", "FRRLCU86C14A794T", "2468");
    sara = fixture.employee("sara.totem", "Sara Locatelli", "TB-0002", "LCTSRA90L62I628W", "5813");
    elena = fixture.employee("elena.totem", "Elena Rota", "TB-0003", "RTOLNE94B68L400O", "7020");
    marco = fixture.employee("marco.totem", "Marco Pesenti", "TB-0005", "PSNMRC79S05A794T", "3141");
    nopin = fixture.employee("senza.pin", "Anna Ruggeri", "TB-0006", "RGGNNA85C47G224E", null);
    String other = fixture.otherCompany();
    String otherGroup = await(app.pool().preparedQuery("SELECT id FROM employee_groups WHERE company_id = $1::uuid")
        .execute(Tuple.of(other))).iterator().next().getUUID(0).toString();
    davide = fixture.employee("davide.totem", "Davide Gritti", "TB-0004", "GRTDVD72P17D245X", "9052", other, otherGroup);
    welfarePoint = fixture.kioskToken(fixture.kioskCredential("Welfare point mensa", fixture.companyId));
    socialPoint = fixture.kioskToken(fixture.kioskCredential("Social Point biblioteca", null));
    hallway = fixture.kioskToken(fixture.kioskCredential("Social Point stazione", null));
    slot = fixture.serviceSlot("Corso di ceramica", "work_life");
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private HttpResponse<Buffer> identify(String kiosk, JsonObject body) {
    return await(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(kiosk).sendJsonObject(body));
  }

  private HttpResponse<Buffer> byBadge(String kiosk, String badge, String pin) {
    return identify(kiosk, new JsonObject().put("badge", badge).put("pin", pin));
  }

  private JsonObject identified(String kiosk, KioskFixture.Employee who) {
    var answer = byBadge(kiosk, who.badge(), who.pin());
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    return answer.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> hold(String token, String forPerson) {
    JsonObject body = new JsonObject().put("slotId", slot);
    if (forPerson != null) {
      body.put("forPerson", forPerson);
    }
    return await(http.post("/api/v1/bookings/holds", token, body));
  }

  private static String type(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("type");
  }

  private void assertNotIdentified(HttpResponse<Buffer> response) {
    assertEquals(403, response.statusCode(), response.bodyAsString());
    assertEquals("/problems/kiosk-person-not-identified", type(response));
  }

  private int balance(KioskFixture.Employee who) {
    return await(http.get("/api/v1/welfare/wallet", who.token())).bodyAsJsonObject().getJsonArray("wallets")
        .getJsonObject(0).getInteger("balanceCents");
  }

  // ---- PINs ---------------------------------------------------------------------------------------

  @Test
  void employeesChooseTheirOwnPinAndOnlyTheirs() {
    var status = await(http.get("/api/v1/kiosk/pin", nopin.token()));
    assertEquals(200, status.statusCode());
    assertFalse(status.bodyAsJsonObject().getBoolean("set"));
    for (String[] bad : new String[][] {{"12", "invalid-pin"}, {"12ab", "invalid-pin"}, {"1234", "weak-pin"},
        {"0000", "weak-pin"}, {"123456789", "invalid-pin"}}) {
      var refused = await(http.client().put("/api/v1/kiosk/pin").bearerTokenAuthentication(nopin.token())
          .sendJsonObject(new JsonObject().put("pin", bad[0])));
      assertEquals(422, refused.statusCode(), bad[0]);
      assertEquals("/problems/" + bad[1], type(refused), bad[0]);
    }
    assertFalse(await(http.get("/api/v1/kiosk/pin", nopin.token())).bodyAsJsonObject().getBoolean("set"));
    String stored = await(app.pool().query("SELECT pin_hash FROM kiosk_pins p JOIN accounts a ON a.id = p.account_id "
        + "WHERE a.username = 'luca.totem'").execute()).iterator().next().getString(0);
    assertTrue(stored.startsWith("$argon2id$"), "an Argon2id hash, not the PIN");
    assertFalse(stored.contains("2468"));

    String operator = tokenOf("operatore.totem", "operator");
    assertEquals(403, await(http.client().put("/api/v1/kiosk/pin").bearerTokenAuthentication(operator)
        .sendJsonObject(new JsonObject().put("pin", "2580"))).statusCode(), "staff accounts have no kiosk PIN");
    String unlisted = tokenOf("dipendente.senza.cf", "employee");
    var noCode = await(http.client().put("/api/v1/kiosk/pin").bearerTokenAuthentication(unlisted)
        .sendJsonObject(new JsonObject().put("pin", "2580")));
    assertEquals(422, noCode.statusCode(), "a PIN goes with a codice fiscale, and this account has none");
    assertEquals("/problems/codice-fiscale-missing", type(noCode));
  }

  @Test
  void anyRegisteredCitizenIdentifiesAtATownSocialPointButNotAtACompanysWelfarePoint() {
    String citizen = tokenOf("cittadina.totem", "citizen");
    await(app.pool().query("UPDATE accounts SET codice_fiscale = 'MZZGLI84C52A794B' WHERE username = 'cittadina.totem'")
        .execute());
    assertEquals(200, await(http.client().put("/api/v1/kiosk/pin").bearerTokenAuthentication(citizen)
        .sendJsonObject(new JsonObject().put("pin", "2580"))).statusCode());
    var there = identify(socialPoint, new JsonObject().put("codiceFiscale", "mzzgli84c52a794b").put("pin", "2580"));
    assertEquals(200, there.statusCode(), there.bodyAsString());
    assertEquals("Utente", there.bodyAsJsonObject().getJsonObject("person").getString("firstName"));
    var atWork = identify(welfarePoint, new JsonObject().put("codiceFiscale", "MZZGLI84C52A794B").put("pin", "2580"));
    assertEquals(401, atWork.statusCode(), "a company's welfare point serves its own employees only");
  }

  private String tokenOf(String username, String role) {
    await(TestAccounts.create(vertx, app.pool(), username, role));
    return await(http.accessToken(username));
  }

  // ---- identification -------------------------------------------------------------------------------

  @Test
  void anEmployeeIdentifiesByBadgeAndSeesFirstNameAndBalanceOnly() {
    JsonObject answer = identified(welfarePoint, luca);
    assertEquals(luca.id(), answer.getJsonObject("person").getString("id"));
    assertEquals("Luca", answer.getJsonObject("person").getString("firstName"));
    assertFalse(answer.encode().contains("Ferrari"), "no surname on a kiosk screen: " + answer.encode());
    assertFalse(answer.encode().contains(luca.codiceFiscale()), "no codice fiscale either");
    assertNotNull(answer.getJsonObject("session").getString("id"));
    assertTrue(answer.getJsonObject("session").getLong("seconds") > 200);
    assertEquals(1, answer.getJsonArray("wallets").size());
    assertTrue(answer.getInteger("balanceCents") > 0);

    var again = await(http.get("/api/v1/kiosk/sessions/" + answer.getJsonObject("session").getString("id"), welfarePoint));
    assertEquals(200, again.statusCode());
    assertEquals("no-store", again.getHeader("Cache-Control"));
    assertEquals(404, await(http.get("/api/v1/kiosk/sessions/not-an-id", welfarePoint)).statusCode());
    assertEquals(403, await(http.get("/api/v1/kiosk/sessions/" + answer.getJsonObject("session").getString("id"),
        socialPoint)).statusCode(), "another kiosk cannot read the session");
  }

  @Test
  void anEmployeeIdentifiesByCodiceFiscaleTypedAnyHowButItsCheckCharacterMustBeRight() {
    var answer = identify(socialPoint, new JsonObject().put("codiceFiscale", " lctsra90l62 i628w ").put("pin", sara.pin()));
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    assertEquals(sara.id(), answer.bodyAsJsonObject().getJsonObject("person").getString("id"));
    String identifiedBy = await(app.pool().preparedQuery("SELECT identified_by FROM kiosk_sessions WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(answer.bodyAsJsonObject().getJsonObject("session").getString("id")))))
        .iterator().next().getString(0);
    assertEquals("codice_fiscale", identifiedBy);

    var typo = identify(socialPoint, new JsonObject().put("codiceFiscale", "LCTSRA90L62I628X").put("pin", sara.pin()));
    assertEquals(422, typo.statusCode());
    assertEquals("/problems/invalid-codice-fiscale", type(typo));
    var both = identify(socialPoint, new JsonObject().put("codiceFiscale", "LCTSRA90L62I628W").put("badge", "TB-0002")
        .put("pin", sara.pin()));
    assertEquals(422, both.statusCode());
    assertEquals(422, identify(socialPoint, new JsonObject().put("badge", "TB-0002").put("pin", "12")).statusCode());
  }

  @Test
  void wrongPinsAreRefusedAlikeAndLockThatKioskOutAfterTheLimitUntilTheEmployeeChoosesANewPin() {
    var wrong = byBadge(welfarePoint, elena.badge(), "1111");
    assertEquals(401, wrong.statusCode());
    assertEquals("/problems/kiosk-not-recognised", type(wrong));
    var unknown = byBadge(welfarePoint, "XX-9999", "1111");
    assertEquals(401, unknown.statusCode());
    assertEquals(wrong.bodyAsJsonObject().getString("detail"), unknown.bodyAsJsonObject().getString("detail"),
        "an unknown badge is answered like a wrong PIN");
    var noPin = byBadge(welfarePoint, nopin.badge(), "1111");
    assertEquals(401, noPin.statusCode(), "no PIN chosen yet: the same answer");

    assertEquals(401, byBadge(welfarePoint, elena.badge(), "2222").statusCode());
    var third = byBadge(welfarePoint, elena.badge(), "3333");
    assertEquals(429, third.statusCode(), "the third wrong PIN in a row locks");
    assertEquals("/problems/kiosk-pin-locked", type(third));
    assertNotNull(third.getHeader("Retry-After"));
    var right = byBadge(welfarePoint, elena.badge(), elena.pin());
    assertEquals(429, right.statusCode(), "even the right PIN waits for the lock to end at this kiosk");
    assertEquals(200, identify(socialPoint, new JsonObject().put("codiceFiscale", elena.codiceFiscale()).put("pin", elena.pin()))
        .statusCode(), "the lock is the kiosk's that failed: a passer-by cannot lock Elena out of every kiosk");

    var reset = await(http.client().put("/api/v1/kiosk/pin").bearerTokenAuthentication(elena.token())
        .sendJsonObject(new JsonObject().put("pin", "6047")));
    assertEquals(200, reset.statusCode());
    assertEquals(200, byBadge(welfarePoint, elena.badge(), "6047").statusCode(), "a new PIN chosen by its owner unlocks");
    assertEquals(401, byBadge(welfarePoint, elena.badge(), elena.pin()).statusCode(), "the old PIN is gone");
  }

  @Test
  void parallelGuessesCannotPassTheLimit() throws Exception {
    List<Future<HttpResponse<Buffer>>> guesses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      guesses.add(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(socialPoint)
          .sendJsonObject(new JsonObject().put("badge", marco.badge()).put("pin", String.format("%04d", 5000 + i * 7))));
    }
    int refused = 0;
    int locked = 0;
    for (Future<HttpResponse<Buffer>> guess : guesses) {
      int status = guess.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).statusCode();
      refused += status == 401 ? 1 : 0;
      locked += status == 429 ? 1 : 0;
    }
    assertEquals(2, refused, "only attempts under the limit are even checked");
    assertEquals(6, locked);
    assertEquals(429, byBadge(socialPoint, marco.badge(), marco.pin()).statusCode());
  }

  @Test
  void aKioskPausesAfterTooManyWrongIdentificationsWhoeverTheyWereFor() throws Exception {
    List<Future<HttpResponse<Buffer>>> tries = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      tries.add(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(hallway)
          .sendJsonObject(new JsonObject().put("badge", "ZZ-" + (1000 + i)).put("pin", "8080")));
    }
    int paused = 0;
    for (Future<HttpResponse<Buffer>> attempt : tries) {
      HttpResponse<Buffer> answer = attempt.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (answer.statusCode() == 429) {
        assertEquals("/problems/kiosk-paused", type(answer));
        paused++;
      } else {
        assertEquals(401, answer.statusCode());
      }
    }
    assertEquals(3, paused, "12 attempts per device in the window, counted atomically");
    assertEquals(429, byBadge(hallway, luca.badge(), luca.pin()).statusCode(), "the device waits, even for a right PIN");
    assertEquals(200, byBadge(socialPoint, luca.badge(), luca.pin()).statusCode(), "other kiosks are not affected");
  }

  @Test
  void aCompanyWelfarePointServesItsOwnEmployeesTheTownSocialPointEveryone() {
    assertEquals(401, byBadge(welfarePoint, davide.badge(), davide.pin()).statusCode());
    assertEquals(200, byBadge(socialPoint, davide.badge(), davide.pin()).statusCode());
  }

  @Test
  void onlyKiosksIdentifyPeople() {
    JsonObject body = new JsonObject().put("badge", luca.badge()).put("pin", luca.pin());
    for (String role : new String[] {"employee", "operator", "supervisor", "welfare_manager", "citizen"}) {
      String token = tokenOf("ruolo." + role.replace('_', '.'), role);
      var refused = await(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(token).sendJsonObject(body));
      assertEquals(403, refused.statusCode(), role);
    }
    assertEquals(403, await(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(luca.token())
        .sendJsonObject(body)).statusCode(), "not even the person themself");
    assertEquals(401, await(http.client().post("/api/v1/kiosk/identify").sendJsonObject(body)).statusCode());
    assertEquals(403, await(http.get("/api/v1/kiosk/sessions/" + UUID.randomUUID(), luca.token())).statusCode());
  }

  // ---- booking for the person identified ------------------------------------------------------------

  @Test
  void aKioskBooksAndPaysWithWelfareCreditOnlyForThePersonIdentifiedAtItNow() {
    JsonObject session = identified(welfarePoint, luca);
    String elsewhere = fixture.kioskToken(fixture.kioskCredential("Social Point municipio", null));
    int before = balance(luca);

    var held = hold(welfarePoint, luca.id());
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String booking = held.bodyAsJsonObject().getString("id");
    assertEquals(luca.id(), held.bodyAsJsonObject().getString("person"));
    var paid = await(http.post("/api/v1/bookings/" + booking + "/confirm", welfarePoint,
        new JsonObject().put("payWithWelfare", true)));
    assertEquals(200, paid.statusCode(), paid.bodyAsString());
    assertEquals(KioskFixture.PRICE_CENTS, paid.bodyAsJsonObject().getInteger("paidWithWelfareCents"));
    assertEquals(before - KioskFixture.PRICE_CENTS, balance(luca));
    var refreshed = await(http.get("/api/v1/kiosk/sessions/" + session.getJsonObject("session").getString("id"), welfarePoint));
    assertEquals(before - KioskFixture.PRICE_CENTS, refreshed.bodyAsJsonObject().getInteger("balanceCents"),
        "the kiosk shows the new balance");

    assertNotIdentified(hold(elsewhere, luca.id()));                   // identified at another kiosk
    assertNotIdentified(hold(welfarePoint, sara.id()));                // never identified here
    assertNotIdentified(hold(welfarePoint, UUID.randomUUID().toString()));
    assertEquals(403, await(http.get("/api/v1/bookings", welfarePoint)).statusCode(), "a kiosk lists nobody's bookings");
    assertNotIdentified(await(http.post("/api/v1/bookings/recurring", welfarePoint, new JsonObject()
        .put("serviceId", UUID.randomUUID().toString()).put("weekdays", new io.vertx.core.json.JsonArray().add(1))
        .put("start", "10:00").put("from", KioskFixture.DAY.toString()).put("until", KioskFixture.DAY.toString())
        .put("forPerson", sara.id()))));
    assertNotIdentified(await(http.post("/api/v1/bookings/waitlist", welfarePoint,
        new JsonObject().put("slotId", slot).put("forPerson", sara.id()))));

    // The next person identifies: the previous one is let go at once.
    identified(welfarePoint, sara);
    assertNotIdentified(hold(welfarePoint, luca.id()));
    assertNotIdentified(await(http.get("/api/v1/bookings/" + booking, welfarePoint)));
    assertNotIdentified(await(http.post("/api/v1/bookings/" + booking + "/cancel", welfarePoint, new JsonObject())));
    assertEquals(200, await(http.get("/api/v1/bookings/" + booking, luca.token())).statusCode(), "the person still sees it");

    // Ending the session, or its running out, ends what the kiosk may do.
    JsonObject saraSession = identified(welfarePoint, sara);
    String saraHold = hold(welfarePoint, sara.id()).bodyAsJsonObject().getString("id");
    var ended = await(http.post("/api/v1/kiosk/sessions/" + saraSession.getJsonObject("session").getString("id") + "/end",
        welfarePoint, new JsonObject()));
    assertEquals(200, ended.statusCode());
    assertNotIdentified(hold(welfarePoint, sara.id()));
    assertNotIdentified(await(http.post("/api/v1/bookings/" + saraHold + "/confirm", welfarePoint,
        new JsonObject().put("payWithWelfare", true))));
    identified(welfarePoint, luca);
    await(app.pool().preparedQuery("""
            UPDATE kiosk_sessions SET started_at = now() - interval '10 minutes', expires_at = now() - interval '5 minutes'
             WHERE account_id = $1 AND ended_at IS NULL""").execute(Tuple.of(UUID.fromString(luca.id()))));
    assertNotIdentified(hold(welfarePoint, luca.id()));
  }

  @Test
  void aKioskBooksInPersonServicesOnlyWhereThePersonLivesAndCannotMakeExceptions() {
    JsonObject session = identified(socialPoint, elena);
    assertEquals(CatalogFixture.BERGAMO, session.getJsonObject("person").getString("municipality"),
        "the kiosk offers the services of where the person lives");
    CatalogFixture.Service elsewhere = new CatalogFixture(http, await(http.accessToken("coop.totem"))).create(
        CatalogFixture.serviceBody("work_life", "Stireria di Piazzola", "Stiratura di camicie e lenzuola in giornata.")
            .tariff(KioskFixture.PRICE_CENTS, "session").audience("adults").welfareLetter("f")
            .at("Via Roma 3, Piazzola sul Brenta").in(CatalogFixture.PIAZZOLA));
    elsewhere.resource("Banco stireria", "room", 5).openOn(KioskFixture.DAY, "10:00", "11:00", 60);
    JsonObject body = new JsonObject().put("slotId", elsewhere.slotsOn(KioskFixture.DAY).get(0)).put("forPerson", elena.id());

    var refused = await(http.post("/api/v1/bookings/holds", socialPoint, body));
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    assertEquals("/problems/not-resident", type(refused));
    var exception = await(http.post("/api/v1/bookings/holds", socialPoint, body.copy().put("residencyOverride", "Lavora lì")));
    assertEquals(403, exception.statusCode(), "a kiosk cannot waive the rule");
    assertEquals(201, hold(socialPoint, elena.id()).statusCode(), "the service of her own town she books");
  }

  @Test
  void aBookingIdWrittenWithoutItsLeadingZerosDoesNotSlipPastTheKiosk() {
    identified(welfarePoint, luca);
    String held = hold(welfarePoint, luca.id()).bodyAsJsonObject().getString("id");
    // A booking of Luca's, made at this kiosk, whose id's first group starts with a zero.
    // (A fresh id, not the held one's with its first digit replaced: that may already start with 0.)
    UUID zeroLed = UUID.fromString("0" + UUID.randomUUID().toString().substring(1));
    await(app.pool().preparedQuery("""
        INSERT INTO bookings (id, code, slot_id, service_id, resource_id, starts_at, ends_at, places, status,
                              one_at_a_time, person, acted_by, price_cents)
        SELECT $1, $3, slot_id, service_id, resource_id, starts_at, ends_at, places, 'cancelled', one_at_a_time, person, acted_by,
               price_cents
          FROM bookings WHERE id = $2""").execute(Tuple.of(zeroLed, UUID.fromString(held), BookingCode.next())));
    identified(welfarePoint, sara); // Luca has left the kiosk

    // The same id with the zero dropped: UUID.fromString reads it as the same booking.
    String shortened = zeroLed.toString().substring(1);
    assertEquals(zeroLed, UUID.fromString(shortened));
    for (String tail : List.of("", "/ics", "/qr.svg")) {
      var read = await(http.get("/api/v1/bookings/" + shortened + tail, welfarePoint));
      assertEquals(400, read.statusCode(), tail + " " + read.bodyAsString());
      assertEquals("/problems/invalid-id", type(read));
    }
    for (String change : List.of("/cancel", "/confirm")) {
      var changed = await(http.post("/api/v1/bookings/" + shortened + change, welfarePoint, new JsonObject()));
      assertEquals(400, changed.statusCode(), change + " " + changed.bodyAsString());
    }
    assertNotIdentified(await(http.get("/api/v1/bookings/" + zeroLed, welfarePoint)));
    assertEquals(400, await(http.get("/api/v1/bookings/" + zeroLed.toString().toUpperCase(Locale.ROOT), welfarePoint))
        .statusCode(), "upper case is not the canonical form either");
  }

  @Test
  void theDatabaseRefusesAKioskBookingOrPaymentForSomeoneNotIdentifiedThereWhateverTheCodePath() {
    String device = fixture.kioskCredential("Totem di prova", null).split("\\.")[0];
    String kiosk = "kiosk:" + device;
    PgException booking = databaseRefusal("""
            INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                                  person, acted_by, hold_expires_at, price_cents)
            SELECT 'KKKKKKKK', s.id, s.service_id, s.resource_id, s.starts_at, s.ends_at, 1, 'held', false, $2, $1,
                   now() + interval '5 minutes', 0
              FROM slots s WHERE s.id = $3::uuid""", Tuple.of(kiosk, sara.id(), slot));
    assertEquals("kiosk_person_identified", booking.getConstraint());
    PgException payment = databaseRefusal("""
            INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, actor)
            SELECT account_id, plan_id, -100, 'payment', $1 FROM wallets WHERE account_id = $2::uuid""",
        Tuple.of(kiosk, sara.id()));
    assertEquals("kiosk_person_identified", payment.getConstraint());
  }

  private PgException databaseRefusal(String sql, Tuple args) {
    try {
      app.pool().preparedQuery(sql).execute(args).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PgException pg) {
        return pg;
      }
      throw new AssertionError(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return fail("the database accepted it");
  }

  // ---- the QR code --------------------------------------------------------------------------------

  @Test
  void theQrCodeOfTheBookingCodeIsForWhoeverMaySeeTheBooking() {
    JsonObject session = identified(welfarePoint, luca);
    var held = hold(welfarePoint, luca.id());
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String booking = held.bodyAsJsonObject().getString("id");
    String code = held.bodyAsJsonObject().getString("code");
    String path = "/api/v1/bookings/" + booking + "/qr.svg";

    var atKiosk = await(http.get(path, welfarePoint));
    assertEquals(200, atKiosk.statusCode(), atKiosk.bodyAsString());
    assertTrue(atKiosk.getHeader("Content-Type").startsWith("image/svg+xml"));
    assertEquals("no-store", atKiosk.getHeader("Cache-Control"));
    assertEquals(QrSvg.of(code, "Codice QR della prenotazione " + code), atKiosk.bodyAsString(), "the code itself, as a QR code");

    assertEquals(200, await(http.get(path, luca.token())).statusCode(), "the person");
    assertEquals(200, await(http.get(path, tokenOf("operatrice.qr", "operator"))).statusCode(), "staff");
    assertEquals(200, await(http.get(path, fixture.supervisor)).statusCode(), "staff");
    assertEquals(404, await(http.get(path, sara.token())).statusCode(), "someone else");
    assertEquals(404, await(http.get(path, tokenOf("manager.qr", "welfare_manager"))).statusCode());
    assertEquals(401, await(http.get(path, null)).statusCode());
    String elsewhere = fixture.kioskToken(fixture.kioskCredential("Social Point piazza", null));
    assertEquals(403, await(http.get(path, elsewhere)).statusCode(), "another kiosk");
    assertEquals(404, await(http.get("/api/v1/bookings/" + UUID.randomUUID() + "/qr.svg", luca.token())).statusCode());

    await(http.post("/api/v1/kiosk/sessions/" + session.getJsonObject("session").getString("id") + "/end", welfarePoint,
        new JsonObject()));
    assertEquals(403, await(http.get(path, welfarePoint)).statusCode(), "the kiosk, once the person has left");
    assertEquals(200, await(http.get(path, luca.token())).statusCode());
  }
}
