package coop.sportello.calls;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.ReceivedMail;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.TestSmtp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call-back the call queue schedules is announced to the caller (issue 19): one outbox row in the
 * transaction that stores it, to their account when their number finds one, else by SMS to the
 * number; and the relay makes an e-mail of it, read back from a real SMTP server.
 */
class CallBackAnnouncementsTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private final TestSmtp smtp = new TestSmtp();
  private CallCenterFixture center;

  @Override
  protected JsonObject overrides() {
    return CallCenterFixture.alwaysOpen().put("notifications", smtp.notificationsConfig("https://sportello.test"));
  }

  @BeforeAll
  void fixture() {
    center = new CallCenterFixture(vertx, app.pool(), http, app.port(), "avvisi");
  }

  @AfterAll
  void stopSmtp() {
    smtp.close();
  }

  /** A citizen whose account has this phone number and an e-mail address; their account id. */
  private String caller(String username, String phone) {
    UUID id = await(TestAccounts.create(vertx, app.pool(), username, "citizen"));
    await(app.pool().preparedQuery("UPDATE accounts SET phone = $2, email = $3 WHERE id = $1")
        .execute(Tuple.of(id, phone, username + "@cittadini.example.org")));
    return id.toString();
  }

  /** The outbox rows announcing a call-back of this call: {recipient, payload}. */
  private List<JsonObject> announced(String callId) {
    List<JsonObject> rows = new ArrayList<>();
    await(app.pool().preparedQuery("""
            SELECT recipient, payload FROM outbox WHERE topic = 'call.callback-scheduled' AND payload ->> 'callId' = $1""")
        .execute(Tuple.of(callId)))
        .forEach(r -> rows.add(new JsonObject().put("recipient", r.getString(0)).put("payload", r.getJsonObject(1))));
    return rows;
  }

  @Test
  void aWaitingCallerWhoAsksToBeCalledBackIsToldOnceByEmail() throws Exception {
    String account = caller("richiamare.cittadina", "+393471110001");
    center.queue("avvisi-coda", "longest_idle", new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "avvisi-coda", "347 111 0001");
    JsonObject asked = new JsonObject().put("eventId", UUID.randomUUID().toString()).put("type", "call.callback-requested")
        .put("callId", call).put("number", "+393471110001");
    assertEquals(200, center.pbx(asked).statusCode());
    assertEquals(200, center.pbx(asked).statusCode(), "the PBX retries the same event");
    center.event("call.callback-requested", call, new JsonObject().put("number", "+393471110001"));

    // Stored before the PBX was answered: the row is there already, once.
    List<JsonObject> rows = announced(call);
    assertEquals(1, rows.size(), "one row however often the PBX says it: " + rows);
    assertEquals(account, rows.get(0).getString("recipient"), "the account the number finds");
    assertEquals(new JsonObject().put("callId", call), rows.get(0).getJsonObject("payload"),
        "no time (as soon as an operator is free) and no number (the account has its own)");

    MimeMessage mail = ReceivedMail.only(smtp, "richiamare.cittadina@cittadini.example.org");
    assertEquals("La richiameremo", mail.getSubject());
    assertTrue(ReceivedMail.text(mail).contains("la richiameremo appena possibile"), ReceivedMail.text(mail));
  }

  @Test
  void aCallerWithoutAnAccountIsAnnouncedOnTheirNumber() {
    center.queue("avvisi-sconosciuti", "longest_idle", new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "avvisi-sconosciuti", "+393479990001");
    center.event("call.callback-requested", call, new JsonObject().put("number", "347 999 0002"));

    List<JsonObject> rows = announced(call);
    assertEquals(1, rows.size());
    assertEquals("phone", rows.get(0).getString("recipient"));
    assertEquals(new JsonObject().put("callId", call).put("phone", "+393479990002"), rows.get(0).getJsonObject("payload"),
        "the number that will be called, in E.164");
  }

  @Test
  void aNumberSharedByTwoAccountsIsNobodysAndGetsTheSms() {
    caller("condiviso.uno", "+393478880001");
    caller("condiviso.due", "+393478880001");
    center.queue("avvisi-condivisi", "longest_idle", new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "avvisi-condivisi", "+393478880001");
    center.event("call.callback-requested", call, new JsonObject().put("number", "+393478880001"));

    List<JsonObject> rows = announced(call);
    assertEquals(1, rows.size());
    assertEquals("phone", rows.get(0).getString("recipient"), "as the screen pop, nobody when several share the number");
    assertEquals("+393478880001", rows.get(0).getJsonObject("payload").getString("phone"));
  }

  @Test
  void aClosedQueueThatKeepsTheNumberSaysWhenItWillCall() throws Exception {
    caller("chiuso.cittadino", "+393472220001");
    LocalDate opens = LocalDate.now(ROME).plusDays(2);
    center.queue("avvisi-chiusa", "longest_idle", new JsonObject().put("closedCallback", true)
        .put("businessHours", new JsonArray().add(opens.getDayOfWeek().name().substring(0, 3) + " 08:30-09:00")));
    String call = CallCenterFixture.callId();
    assertEquals("closed-callback", center.arrive(call, "avvisi-chiusa", "+393472220001").getString("action"));

    List<JsonObject> rows = announced(call);
    assertEquals(1, rows.size());
    String expected = opens.atTime(8, 30).atZone(ROME).toOffsetDateTime().toString();
    assertEquals(expected, rows.get(0).getJsonObject("payload").getString("callbackAt"), "when the queue opens again");

    MimeMessage mail = ReceivedMail.only(smtp, "chiuso.cittadino@cittadini.example.org");
    assertEquals("La richiameremo", mail.getSubject());
    String day = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ITALIAN).format(opens);
    assertTrue(ReceivedMail.text(mail).contains("la richiameremo verso " + day + " alle 8:30"), ReceivedMail.text(mail));
  }
}
