package coop.sportello.accounts;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.TestSmtp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * E-mail accounts end to end through HTTP, with the messages read back from a real SMTP server
 * (GreenMail): sign-up and the proof of the address, forgotten password (and the first password
 * of an invited person), changes of password and address, the profile.
 */
class AccountsTest extends AppTestBase {

  static final String PUBLIC_URL = "https://sportello.test";
  static final String PASSWORD = "mare d'inverno a Bergamo";
  private static final AtomicInteger NEXT = new AtomicInteger();
  private final TestSmtp smtp = new TestSmtp();

  @Override
  protected JsonObject overrides() {
    // Every request here comes from 127.0.0.1: the throttle has its own test (AccountsThrottleTest).
    return new JsonObject().put("notifications", smtp.notificationsConfig(PUBLIC_URL))
        .put("accounts", new JsonObject().put("requestsPerSource", 1000));
  }

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
  }

  @AfterAll
  void stopSmtp() {
    smtp.close();
  }

  /** A well-formed codice fiscale no other test uses. */
  static String newCodiceFiscale() {
    int n = NEXT.incrementAndGet();
    String first15 = "RSSMRA85T" + String.format("%02d", 10 + n % 20) + "A" + String.format("%03d", 100 + n);
    return first15 + CodiceFiscale.checkCharacter(first15);
  }

  static JsonObject signUpBody(String name, String email, String codiceFiscale) {
    JsonObject body = new JsonObject().put("name", name).put("email", email).put("password", PASSWORD)
        .put("municipality", "016024").put("language", "it").put("acceptPrivacyNotice", true);
    return codiceFiscale == null ? body : body.put("codiceFiscale", codiceFiscale);
  }

  private HttpResponse<Buffer> postPublic(String path, JsonObject body) {
    return await(http.client().post(path).sendJsonObject(body));
  }

  private HttpResponse<Buffer> signIn(String name, String password) {
    return await(http.client().post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", name).put("password", password)));
  }

  /** Signs up, opens the link of the verification mail (the {@code mailNumber}-th to that address); the sign-in answer. */
  private JsonObject signedUpAndVerified(String name, String email, String codiceFiscale) {
    assertEquals(202, postPublic("/api/v1/accounts/sign-up", signUpBody(name, email, codiceFiscale)).statusCode());
    String token = AccountMail.token(AccountMail.link(AccountMail.nth(smtp, email, 1), "verifica-email.html"));
    assertEquals(200, postPublic("/api/v1/accounts/verify-email", new JsonObject().put("token", token)).statusCode());
    HttpResponse<Buffer> in = signIn(email, PASSWORD);
    assertEquals(200, in.statusCode(), in.bodyAsString());
    return in.bodyAsJsonObject();
  }

  @Test
  void aNewCitizenSignsUpProvesTheAddressAndSignsInWithIt() {
    String email = "Giulia.Neri@Esempio.IT";
    String codiceFiscale = newCodiceFiscale();
    HttpResponse<Buffer> answer = postPublic("/api/v1/accounts/sign-up", signUpBody("Giulia Neri", email, codiceFiscale.toLowerCase()));
    assertEquals(202, answer.statusCode(), answer.bodyAsString());
    assertEquals(AccountsService.SENT, answer.bodyAsJsonObject());
    assertEquals(401, signIn("giulia.neri@esempio.it", PASSWORD).statusCode(), "no sign-in before the address is proved");

    MimeMessage mail = AccountMail.nth(smtp, "giulia.neri@esempio.it", 1);
    assertEquals("Conferma il tuo indirizzo e-mail", AccountMail.subject(mail));
    String link = AccountMail.link(mail, "verifica-email.html");
    assertTrue(link.startsWith(PUBLIC_URL + "/verifica-email.html#token="), link);
    String token = AccountMail.token(link);

    HttpResponse<Buffer> verified = postPublic("/api/v1/accounts/verify-email", new JsonObject().put("token", token));
    assertEquals(200, verified.statusCode(), verified.bodyAsString());
    HttpResponse<Buffer> again = postPublic("/api/v1/accounts/verify-email", new JsonObject().put("token", token));
    assertEquals(400, again.statusCode(), "a link works once");
    assertEquals("/problems/invalid-link", again.bodyAsJsonObject().getString("type"));

    HttpResponse<Buffer> in = signIn("  GIULIA.NERI@esempio.it ", PASSWORD);
    assertEquals(200, in.statusCode(), in.bodyAsString());
    JsonObject profile = await(http.get("/api/v1/profile", in.bodyAsJsonObject().getString("accessToken"))).bodyAsJsonObject();
    assertEquals("Giulia Neri", profile.getString("name"));
    assertEquals("giulia.neri@esempio.it", profile.getString("email"));
    assertTrue(profile.getBoolean("emailVerified"));
    assertEquals(codiceFiscale, profile.getString("codiceFiscale"));
    assertEquals("016024", profile.getString("municipality"));
    assertEquals("declared", profile.getString("municipalitySource"));
    assertEquals(new JsonArray().add("citizen"), in.bodyAsJsonObject().getJsonObject("identity").getJsonArray("roles"));
    Long accepted = await(app.pool().preparedQuery(
            "SELECT count(*) FROM accounts WHERE lower(email) = $1 AND privacy_notice_accepted_at IS NOT NULL")
        .execute(Tuple.of("giulia.neri@esempio.it"))).iterator().next().getLong(0);
    assertEquals(1L, accepted, "the privacy notice's acceptance is recorded");
    var consents = await(http.get("/api/v1/me/consents", in.bodyAsJsonObject().getString("accessToken")));
    assertEquals(200, consents.statusCode(), consents.bodyAsString());
    assertTrue(consents.bodyAsString().contains("sign-up"),
        "the notice read at sign-up is a consent with its version and how it was given: " + consents.bodyAsString());
  }

  @Test
  void signingUpWithAnAddressThatHasAnAccountAnswersAlikeAndTellsOnlyTheOwner() {
    String email = "gia.registrata@esempio.it";
    signedUpAndVerified("Anna Bruni", email, null);
    HttpResponse<Buffer> again = postPublic("/api/v1/accounts/sign-up",
        signUpBody("Qualcun Altro", "GIA.registrata@esempio.it", null).put("password", "un'altra password lunga"));
    assertEquals(202, again.statusCode());
    assertEquals(AccountsService.SENT, again.bodyAsJsonObject(), "the same answer as for a new address");

    MimeMessage note = AccountMail.nth(smtp, email, 2);
    assertEquals("Hai già un account su Sportello", AccountMail.subject(note));
    assertTrue(TestSmtp.plainText(note).contains(PUBLIC_URL + "/password-dimenticata.html"), TestSmtp.plainText(note));
    assertEquals(1L, countAccounts(email), "no second account");
    assertEquals(200, signIn(email, PASSWORD).statusCode(), "the owner's password did not change");
  }

  @Test
  void aCodiceFiscaleThatHasAnAccountIsNotRevealedAndItsOwnerIsTold() {
    String codiceFiscale = newCodiceFiscale();
    signedUpAndVerified("Carla Verdi", "carla.verdi@esempio.it", codiceFiscale);
    HttpResponse<Buffer> other = postPublic("/api/v1/accounts/sign-up", signUpBody("Carla V.", "carla.nuova@esempio.it", codiceFiscale));
    assertEquals(202, other.statusCode());
    assertEquals(AccountsService.SENT, other.bodyAsJsonObject());
    assertEquals("Hai già un account su Sportello", AccountMail.subject(AccountMail.nth(smtp, "carla.verdi@esempio.it", 2)));
    assertEquals(0L, countAccounts("carla.nuova@esempio.it"));
    // A later sign-up's mail arrives after anything the relay could have sent for the earlier rows.
    postPublic("/api/v1/accounts/sign-up", signUpBody("Dopo Tutti", "dopo.tutti@esempio.it", null));
    AccountMail.nth(smtp, "dopo.tutti@esempio.it", 1);
    assertTrue(smtp.receivedBy("carla.nuova@esempio.it").isEmpty(), "nothing to the address typed with someone else's codice fiscale");
  }

  @Test
  void aSignUpIsRefusedClearlyForAWeakPasswordOrAWrongCodiceFiscale() {
    HttpResponse<Buffer> weak = postPublic("/api/v1/accounts/sign-up",
        signUpBody("Piero Gialli", "piero@esempio.it", null).put("password", "password123"));
    assertEquals(422, weak.statusCode());
    assertEquals("/problems/weak-password", weak.bodyAsJsonObject().getString("type"));
    HttpResponse<Buffer> wrongCf = postPublic("/api/v1/accounts/sign-up",
        signUpBody("Piero Gialli", "piero@esempio.it", "RSSMRA85T10A562X"));
    assertEquals(422, wrongCf.statusCode());
    assertEquals("/problems/invalid-codice-fiscale", wrongCf.bodyAsJsonObject().getString("type"));
    HttpResponse<Buffer> place = postPublic("/api/v1/accounts/sign-up",
        signUpBody("Piero Gialli", "piero@esempio.it", null).put("municipality", "999999"));
    assertEquals(422, place.statusCode());
    assertEquals("/problems/unknown-municipality", place.bodyAsJsonObject().getString("type"));
    HttpResponse<Buffer> noNotice = postPublic("/api/v1/accounts/sign-up",
        signUpBody("Piero Gialli", "piero@esempio.it", null).put("acceptPrivacyNotice", false));
    assertEquals(422, noNotice.statusCode());
    assertEquals(0L, countAccounts("piero@esempio.it"));
  }

  @Test
  void aForgottenPasswordIsReplacedWithTheLinkAndEverySessionEnds() {
    String email = "smemorato@esempio.it";
    JsonObject first = signedUpAndVerified("Marco Blu", email, null);
    HttpResponse<Buffer> known = postPublic("/api/v1/accounts/password-reset", new JsonObject().put("email", "SMEMORATO@esempio.it"));
    HttpResponse<Buffer> unknown = postPublic("/api/v1/accounts/password-reset", new JsonObject().put("email", "nessuno@esempio.it"));
    assertEquals(202, known.statusCode());
    assertEquals(known.statusCode(), unknown.statusCode());
    assertEquals(known.bodyAsJsonObject(), unknown.bodyAsJsonObject());

    String link = AccountMail.link(AccountMail.nth(smtp, email, 2), "nuova-password.html");
    String token = AccountMail.token(link);
    HttpResponse<Buffer> weak = postPublic("/api/v1/accounts/password-reset/complete",
        new JsonObject().put("token", token).put("password", "smemorato-2024"));
    assertEquals(422, weak.statusCode(), "the e-mail's name in the password: " + weak.bodyAsString());
    String newPassword = "una barca nel lago d'Iseo";
    HttpResponse<Buffer> done = postPublic("/api/v1/accounts/password-reset/complete",
        new JsonObject().put("token", token).put("password", newPassword));
    assertEquals(200, done.statusCode(), "a refused password does not spend the link: " + done.bodyAsString());
    assertEquals(400, postPublic("/api/v1/accounts/password-reset/complete",
        new JsonObject().put("token", token).put("password", "ancora un'altra frase")).statusCode(), "once only");

    assertEquals(401, await(http.client().post("/api/v1/auth/refresh")
        .sendJsonObject(new JsonObject().put("refreshToken", first.getString("refreshToken")))).statusCode(),
        "the session opened with the old password is over");
    assertEquals(401, signIn(email, PASSWORD).statusCode());
    assertEquals(200, signIn(email, newPassword).statusCode());
    assertTrue(smtp.receivedBy("nessuno@esempio.it").isEmpty());
  }

  @Test
  void anInvitedPersonWithoutAPasswordChoosesTheFirstOneByTheSameLink() {
    String email = "invitata@azienda.example";
    UUID id = await(TestAccounts.create(vertx, app.pool(), "invitata.azienda", "employee"));
    await(app.pool().preparedQuery("UPDATE accounts SET password_hash = NULL, email = $2 WHERE id = $1")
        .execute(Tuple.of(id, email)));
    await(app.pool().preparedQuery("INSERT INTO outbox (topic, recipient, payload) VALUES ('account.invitation', $1, $2)")
        .execute(Tuple.of(id.toString(), new JsonObject().put("organisation", "Azienda di prova")
            .put("roles", new JsonArray().add("employee")))));
    MimeMessage invitation = AccountMail.nth(smtp, email, 1);
    assertEquals("Azienda di prova ti ha dato un account su Sportello", AccountMail.subject(invitation));
    assertTrue(TestSmtp.plainText(invitation).contains("scegli la password da " + PUBLIC_URL + "/password-dimenticata.html"),
        TestSmtp.plainText(invitation));
    assertEquals(401, signIn(email, "qualunque cosa").statusCode(), "no password yet: no one signs in with it");

    postPublic("/api/v1/accounts/password-reset", new JsonObject().put("email", email));
    String token = AccountMail.token(AccountMail.link(AccountMail.nth(smtp, email, 2), "nuova-password.html"));
    String chosen = "il mio primo accesso a Sportello";
    assertEquals(200, postPublic("/api/v1/accounts/password-reset/complete",
        new JsonObject().put("token", token).put("password", chosen)).statusCode());
    assertEquals(200, signIn(email, chosen).statusCode(), "the link proved the address: it signs in");
    assertEquals(200, signIn("invitata.azienda", chosen).statusCode());
  }

  @Test
  void aPasswordChangeAsksForTheCurrentOneAndEndsTheOtherSessions() {
    String email = "cambia.password@esempio.it";
    JsonObject elsewhere = signedUpAndVerified("Sara Rosa", email, null);
    String here = signIn(email, PASSWORD).bodyAsJsonObject().getString("accessToken");
    String newPassword = "cammino tra le colline";

    HttpResponse<Buffer> wrong = await(http.post("/api/v1/profile/password", here,
        new JsonObject().put("currentPassword", "non è questa").put("password", newPassword)));
    assertEquals(403, wrong.statusCode());
    assertEquals("/problems/wrong-password", wrong.bodyAsJsonObject().getString("type"));

    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("currentPassword", PASSWORD).put("password", newPassword);
    HttpResponse<Buffer> changed = await(http.post("/api/v1/profile/password", here, body, key));
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
    assertEquals(200, await(http.post("/api/v1/profile/password", here, body, key)).statusCode(), "a retry gets the first answer");

    assertEquals(200, await(http.get("/api/v1/profile", here)).statusCode(), "this session goes on");
    assertEquals(401, await(http.client().post("/api/v1/auth/refresh")
        .sendJsonObject(new JsonObject().put("refreshToken", elsewhere.getString("refreshToken")))).statusCode(),
        "the other session is over");
    assertEquals(200, signIn(email, newPassword).statusCode());
  }

  @Test
  void aNewAddressCountsOnlyOnceProvedAndTheOldOneIsTold() {
    String old = "indirizzo.vecchio@esempio.it";
    String token = signedUpAndVerified("Luca Bianchi", old, null).getString("accessToken");
    String fresh = "indirizzo.nuovo@esempio.it";
    HttpResponse<Buffer> asked = await(http.post("/api/v1/profile/email", token,
        new JsonObject().put("email", fresh).put("currentPassword", PASSWORD)));
    assertEquals(202, asked.statusCode(), asked.bodyAsString());
    assertEquals(old, await(http.get("/api/v1/profile", token)).bodyAsJsonObject().getString("email"), "not before the proof");

    String link = AccountMail.link(AccountMail.nth(smtp, fresh, 1), "verifica-email.html");
    assertEquals(200, postPublic("/api/v1/accounts/verify-email", new JsonObject().put("token", AccountMail.token(link))).statusCode());
    assertEquals(fresh, await(http.get("/api/v1/profile", token)).bodyAsJsonObject().getString("email"));
    assertEquals("L'indirizzo e-mail del tuo account è cambiato", AccountMail.subject(AccountMail.nth(smtp, old, 2)));
    assertEquals(200, signIn(fresh, PASSWORD).statusCode());
    assertEquals(401, signIn(old, PASSWORD).statusCode());
  }

  @Test
  void anAddressOfAnotherAccountIsAnsweredAlikeAndItsOwnerIsTold() {
    String owner = "proprietario@esempio.it";
    signedUpAndVerified("Elena Neri", owner, null);
    String token = signedUpAndVerified("Paolo Neri", "paolo.neri@esempio.it", null).getString("accessToken");
    HttpResponse<Buffer> taken = await(http.post("/api/v1/profile/email", token,
        new JsonObject().put("email", owner).put("currentPassword", PASSWORD)));
    HttpResponse<Buffer> free = await(http.post("/api/v1/profile/email", token,
        new JsonObject().put("email", "libero@esempio.it").put("currentPassword", PASSWORD)));
    assertEquals(free.statusCode(), taken.statusCode());
    assertEquals("Hai già un account su Sportello", AccountMail.subject(AccountMail.nth(smtp, owner, 2)));
    assertEquals("paolo.neri@esempio.it", await(http.get("/api/v1/profile", token)).bodyAsJsonObject().getString("email"));
  }

  @Test
  void theProfileKeepsAPhoneInE164AndAResidenceFromSpidAsItCame() {
    JsonObject in = signedUpAndVerified("Rita Gallo", "rita.gallo@esempio.it", null);
    String token = in.getString("accessToken");
    JsonObject body = new JsonObject().put("name", "Rita Gallo").put("municipality", "028063").put("phone", "347 123 4567")
        .put("language", "en");
    HttpResponse<Buffer> saved = await(http.put("/api/v1/profile", token, body));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    assertEquals("+393471234567", saved.bodyAsJsonObject().getString("phone"));
    assertEquals("028063", saved.bodyAsJsonObject().getString("municipality"));
    assertEquals("en", saved.bodyAsJsonObject().getString("language"));

    HttpResponse<Buffer> badPhone = await(http.put("/api/v1/profile", token, body.copy().put("phone", "12")));
    assertEquals(422, badPhone.statusCode());
    assertEquals("/problems/invalid-phone", badPhone.bodyAsJsonObject().getString("type"));

    String id = in.getJsonObject("identity").getString("sub");
    await(app.pool().preparedQuery("UPDATE accounts SET municipality = '016024', municipality_source = 'identity_provider' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id))));
    HttpResponse<Buffer> moved = await(http.put("/api/v1/profile", token, body.copy().put("phone", null)));
    assertEquals(422, moved.statusCode());
    assertEquals("/problems/municipality-from-identity-provider", moved.bodyAsJsonObject().getString("type"));
    HttpResponse<Buffer> kept = await(http.put("/api/v1/profile", token, body.copy().put("municipality", "016024").put("phone", null)));
    assertEquals(200, kept.statusCode(), kept.bodyAsString());
    assertNull(kept.bodyAsJsonObject().getString("phone"));
    assertEquals("identity_provider", kept.bodyAsJsonObject().getString("municipalitySource"));
    assertFalse(kept.bodyAsJsonObject().containsKey("passwordHash"));
  }

  @Test
  void messagesGoOutInTheAccountsLanguage() {
    String email = "english.speaker@esempio.it";
    postPublic("/api/v1/accounts/sign-up", signUpBody("Jane Doe", email, null).put("language", "en"));
    assertEquals("Confirm your e-mail address", AccountMail.subject(AccountMail.nth(smtp, email, 1)));
  }

  @Test
  void signUpsRacingForOneAddressMakeOneAccountAndALinkRacedForIsSpentOnce() {
    String email = "di.corsa@esempio.it";
    List<Future<HttpResponse<Buffer>>> signUps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      signUps.add(http.client().post("/api/v1/accounts/sign-up").sendJsonObject(signUpBody("Corsa " + i, email, null)));
    }
    for (Future<HttpResponse<Buffer>> answer : signUps) {
      assertEquals(202, await(answer).statusCode(), "never a 500 or a 409 that would tell the address is taken");
    }
    assertEquals(1L, countAccounts(email));
    // The three e-mails go out in whichever order the relay claims them: the link is in one of them.
    waitFor(() -> smtp.receivedBy(email).size() == 3, "one verification link and two notes");
    List<MimeMessage> withLink = smtp.receivedBy(email).stream()
        .filter(m -> TestSmtp.plainText(m).contains("verifica-email.html#token=")).toList();
    assertEquals(1, withLink.size(), "exactly one of the three carries a verification link");
    String verify = AccountMail.token(AccountMail.link(withLink.get(0), "verifica-email.html"));
    assertEquals(200, postPublic("/api/v1/accounts/verify-email", new JsonObject().put("token", verify)).statusCode());

    postPublic("/api/v1/accounts/password-reset", new JsonObject().put("email", email));
    String reset = AccountMail.token(AccountMail.link(AccountMail.nth(smtp, email, 4), "nuova-password.html"));
    List<Future<HttpResponse<Buffer>>> spends = new ArrayList<>();
    // Three: more from one source at one link would be refused by the throttle before the race.
    for (int i = 0; i < 3; i++) {
      spends.add(http.client().post("/api/v1/accounts/password-reset/complete")
          .sendJsonObject(new JsonObject().put("token", reset).put("password", "la frase numero " + i + " della gara")));
    }
    List<Integer> statuses = spends.stream().map(f -> await(f).statusCode()).sorted().toList();
    assertEquals(List.of(200, 400, 400), statuses, "one spend wins, the others are refused");
  }

  private long countAccounts(String email) {
    return await(app.pool().preparedQuery("SELECT count(*) FROM accounts WHERE lower(email) = $1").execute(Tuple.of(email)))
        .iterator().next().getLong(0);
  }
}
