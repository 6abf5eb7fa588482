package coop.sportello.notifications;

import coop.sportello.booking.ManageLinks;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.events.EventsFixture;
import coop.sportello.platform.links.SignedLinks;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.TestSmtp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What people are told, read back from a real SMTP server (GreenMail): each booking change through
 * HTTP, planned by the relay and sent by the Vert.x Mail Client, arrives as one e-mail with the
 * facts and a working link.
 */
class NotificationMessagesTest extends AppTestBase {

  private static final String PUBLIC_URL = "https://sportello.test";
  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(6);
  private final TestSmtp smtp = new TestSmtp();

  private String operator;
  private CatalogFixture.Service swimming;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("notifications", smtp.notificationsConfig(PUBLIC_URL));
  }

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.piscina", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "operatore.avvisi", "operator"));
    operator = await(http.accessToken("operatore.avvisi"));
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("admin.piscina")));
    swimming = catalog.create(CatalogFixture.serviceBody("health", "Acquaticità per anziani",
        "Esercizi in acqua calda con un istruttore.").tariff(800, "session").audience("elderly").at("Via delle Terme 4, Bergamo"));
    swimming.resource("Vasca piccola", "room", 1).openOn(DAY, "09:00", "19:00", 60);
  }

  @AfterAll
  void stopSmtp() {
    smtp.close();
  }

  /** A citizen with an e-mail address; their access token. */
  private Person person(String username) {
    UUID id = await(TestAccounts.create(vertx, app.pool(), username, "citizen"));
    String email = username + "@cittadini.example.org";
    await(app.pool().preparedQuery("UPDATE accounts SET email = $2 WHERE id = $1").execute(Tuple.of(id, email)));
    return new Person(id, email, await(http.accessToken(username)));
  }

  private record Person(UUID id, String email, String token) { }

  private JsonObject post(String token, String path, JsonObject body) {
    HttpResponse<Buffer> r = await(http.post(path, token, body));
    assertTrue(r.statusCode() < 300, path + " answered " + r.statusCode() + " " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private MimeMessage onlyMessage(Person to, String subjectStart) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> smtp.receivedBy(to.email()).stream().anyMatch(m -> subject(m).startsWith(subjectStart)));
    List<MimeMessage> matching = smtp.receivedBy(to.email()).stream().filter(m -> subject(m).startsWith(subjectStart)).toList();
    assertEquals(1, matching.size(), "one message " + subjectStart);
    return matching.get(0);
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(MimeMessage m) {
    return TestSmtp.plainText(m);
  }

  static String html(MimeMessage m) {
    return TestSmtp.html(m);
  }

  /** The network's link key, as every node loads it. */
  static SignedLinks linkKey(io.vertx.sqlclient.Pool pool) {
    return new SignedLinks(await(pool.query("SELECT secret FROM link_secret").execute()).iterator().next().getBuffer(0).getBytes());
  }

  private String slot(int index) {
    return swimming.slotsOn(DAY).get(index);
  }

  @Test
  void aPurchaseOfTicketsConfirmedIsAnEmailWithEachTicketsCodeAndTheWayToItsQr() {
    EventsFixture f = EventsFixture.create(vertx, app.pool(), http, "nmev", 5);
    String email = "nmev.persona@cittadini.example.org";
    await(app.pool().preparedQuery("UPDATE accounts SET email = $1 WHERE username = 'nmev.persona'").execute(Tuple.of(email)));
    JsonObject bought = f.bought(f.slot);

    MimeMessage mail = onlyMessage(new Person(null, email, f.buyer), "Prenotazione confermata: Visita guidata all'abbazia");
    String text = text(mail);
    List<String> codes = f.codesOf(bought.getString("id"));
    assertTrue(text.contains("Biglietto 1 – Intero: " + codes.get(0)), text);
    assertTrue(text.contains("Biglietto 2 – Intero: " + codes.get(1)), text);
    assertTrue(text.contains("Biglietto 3 – Ridotto: " + codes.get(2)), text);
    assertTrue(text.contains(PUBLIC_URL + "/biglietti.html"), text);
    assertTrue(html(mail).contains(codes.get(2)));
  }

  @Test
  void aBookingConfirmedInThePortalIsAnEmailWithItsCodeTimeAndManageLink() throws Exception {
    Person anna = person("anna.avvisi");
    JsonObject held = post(anna.token(), "/api/v1/bookings/holds", new JsonObject().put("slotId", slot(0)));
    post(anna.token(), "/api/v1/bookings/" + held.getString("id") + "/confirm", new JsonObject());

    MimeMessage mail = onlyMessage(anna, "Prenotazione confermata: Acquaticità per anziani");
    String text = text(mail);
    assertTrue(text.contains("Codice prenotazione: " + held.getString("code")), text);
    assertTrue(text.contains("dalle 9:00 alle 10:00"), text);
    assertTrue(text.contains("Via delle Terme 4, Bergamo"), text);
    assertTrue(html(mail).contains("<html lang=\"it\">"), "an HTML part in Italian");
    assertEquals("<" + mail.getHeader("Message-ID")[0].replaceAll("[<>]", "") + ">", mail.getHeader("Message-ID")[0]);
    Matcher link = Pattern.compile(Pattern.quote(PUBLIC_URL + ManageLinks.PAGE) + "([A-Za-z0-9._-]+)").matcher(text);
    assertTrue(link.find(), "a manage link: " + text);
    ManageLinks links = new ManageLinks(linkKey(app.pool()));
    assertEquals(held.getString("id"), links.bookingOf(link.group(1), ManageLinks.BOOKING, Instant.now()).orElseThrow(),
        "the link names this booking, for managing it");
    assertTrue(links.bookingOf(link.group(1), ManageLinks.WAITLIST_OFFER, Instant.now()).isEmpty(), "and nothing else");
    String messageId = mail.getHeader("Message-ID")[0];
    Long stored = await(app.pool().preparedQuery("SELECT count(*) FROM notification_messages WHERE status = 'sent' AND $1 LIKE '<' || id || '@%'")
        .execute(Tuple.of(messageId))).iterator().next().getLong(0);
    assertEquals(1L, stored, "the Message-ID is the stored message's id");
  }

  @Test
  void aPlaceHeldByTheContactCentreAndItsCancellationSayWhoDidIt() {
    Person bruno = person("bruno.avvisi");
    JsonObject held = post(operator, "/api/v1/bookings/holds", new JsonObject().put("slotId", slot(1))
        .put("forPerson", bruno.id().toString()));
    MimeMessage heldMail = onlyMessage(bruno, "Un posto tenuto per lei");
    assertTrue(text(heldMail).contains("Il nostro centro di contatto ha tenuto per lei un posto"), text(heldMail));
    assertTrue(text(heldMail).contains("Il posto resta tenuto fino a"), text(heldMail));

    post(operator, "/api/v1/bookings/" + held.getString("id") + "/cancel", new JsonObject().put("reason", "La signora ha telefonato"));
    MimeMessage cancelled = onlyMessage(bruno, "Prenotazione annullata");
    assertTrue(text(cancelled).contains("Il nostro centro di contatto ha annullato la prenotazione."), text(cancelled));
  }

  @Test
  void aRescheduleIsOneMessageWithTheNewTimeAndCode() {
    Person carla = person("carla.avvisi");
    JsonObject held = post(carla.token(), "/api/v1/bookings/holds", new JsonObject().put("slotId", slot(2)));
    post(carla.token(), "/api/v1/bookings/" + held.getString("id") + "/confirm", new JsonObject());
    onlyMessage(carla, "Prenotazione confermata");
    JsonObject moved = post(carla.token(), "/api/v1/bookings/" + held.getString("id") + "/reschedule",
        new JsonObject().put("slotId", slot(6)));
    MimeMessage mail = onlyMessage(carla, "Prenotazione spostata");
    assertTrue(text(mail).contains("Codice prenotazione: " + moved.getString("code")), text(mail));
    assertEquals(1, smtp.receivedBy(carla.email()).stream().filter(m -> subject(m).startsWith("Prenotazione confermata")).count(),
        "the move is not announced as a second confirmation");
  }

  @Test
  void whoChoseNoChannelIsNotWrittenTo() {
    Person dario = person("dario.avvisi");
    await(app.pool().preparedQuery("INSERT INTO notification_preferences (account_id, channels) VALUES ($1, '{}')")
        .execute(Tuple.of(dario.id())));
    JsonObject held = post(dario.token(), "/api/v1/bookings/holds", new JsonObject().put("slotId", slot(7)));
    assertFalse(held.isEmpty());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> await(app.pool().query("SELECT count(*) FROM outbox WHERE planned_at IS NULL")
        .execute()).iterator().next().getLong(0) == 0L);
    assertTrue(smtp.receivedBy(dario.email()).isEmpty());
  }
  @Test
  void remindersFallDueOnceEachAndTheirUnsubscribeLinkStopsThem() {
    Person elena = person("elena.avvisi");
    JsonObject held = post(elena.token(), "/api/v1/bookings/holds", new JsonObject().put("slotId", slot(5)));
    post(elena.token(), "/api/v1/bookings/" + held.getString("id") + "/confirm", new JsonObject());
    Instant start = Instant.parse(await(app.pool().preparedQuery("SELECT utc_iso(starts_at) FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(held.getString("id"))))).iterator().next().getString(0));
    NotificationRepository reminders = new NotificationRepository(app.pool());

    assertEquals(0, await(reminders.announceDueReminders(start.minus(Duration.ofHours(25)))), "not yet");
    assertEquals(1, await(reminders.announceDueReminders(start.minus(Duration.ofHours(23)))));
    assertEquals(0, await(reminders.announceDueReminders(start.minus(Duration.ofHours(22)))), "once");
    MimeMessage dayBefore = onlyMessage(elena, "Promemoria: Acquaticità per anziani domani");
    assertTrue(text(dayBefore).contains("Codice prenotazione: " + held.getString("code")));

    Matcher unsubscribe = Pattern.compile(Pattern.quote(PUBLIC_URL) + "/disiscrizione.html#t=([A-Za-z0-9._-]+)").matcher(text(dayBefore));
    assertTrue(unsubscribe.find(), "an optional message carries its unsubscribe link");
    Matcher manage = Pattern.compile(Pattern.quote(PUBLIC_URL + ManageLinks.PAGE) + "([A-Za-z0-9._-]+)").matcher(text(dayBefore));
    assertTrue(manage.find());
    HttpResponse<Buffer> wrongPurpose = await(http.client().post("/api/v1/links/unsubscribe")
        .putHeader("Sportello-Link", manage.group(1)).send());
    assertEquals(404, wrongPurpose.statusCode(), "a manage link cannot unsubscribe");
    HttpResponse<Buffer> done = await(http.client().post("/api/v1/links/unsubscribe").putHeader("Sportello-Link", unsubscribe.group(1)).send());
    assertEquals(200, done.statusCode(), done.bodyAsString());
    assertTrue(await(http.get("/api/v1/me/notification-preferences", elena.token())).bodyAsJsonObject().getBoolean("optionalMuted"));

    assertEquals(1, await(reminders.announceDueReminders(start.minus(Duration.ofMinutes(110)))), "the two-hour reminder falls due");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> await(app.pool().query(
        "SELECT count(*) FROM outbox WHERE planned_at IS NULL").execute()).iterator().next().getLong(0) == 0L);
    assertEquals(1, smtp.receivedBy(elena.email()).stream().filter(m -> subject(m).startsWith("Promemoria")).count(),
        "after unsubscribing, no more reminders");
  }

  @Test
  void aBookingMadeAtTheLastMinuteGetsOnlyTheReminderStillAhead() {
    Person franco = person("franco.avvisi");
    JsonObject held = post(franco.token(), "/api/v1/bookings/holds", new JsonObject().put("slotId", slot(4)));
    post(franco.token(), "/api/v1/bookings/" + held.getString("id") + "/confirm", new JsonObject());
    UUID id = UUID.fromString(held.getString("id"));
    await(app.pool().preparedQuery("UPDATE bookings SET created_at = starts_at - interval '3 hours' WHERE id = $1").execute(Tuple.of(id)));
    Instant start = Instant.parse(await(app.pool().preparedQuery("SELECT utc_iso(starts_at) FROM bookings WHERE id = $1")
        .execute(Tuple.of(id))).iterator().next().getString(0));
    NotificationRepository reminders = new NotificationRepository(app.pool());
    assertEquals(0, await(reminders.announceDueReminders(start.minus(Duration.ofHours(2).plusMinutes(30)))));
    assertEquals(1, await(reminders.announceDueReminders(start.minus(Duration.ofMinutes(100)))));
    List<Integer> leads = await(app.pool().preparedQuery("SELECT minutes_before FROM booking_reminders WHERE booking_id = $1")
        .execute(Tuple.of(id))).stream().map(r -> r.getInteger(0)).toList();
    assertEquals(List.of(120), leads, "no 'tomorrow' reminder for a booking made three hours before");
    MimeMessage soon = onlyMessage(franco, "Promemoria: Acquaticità per anziani tra 2 ore");
    assertTrue(text(soon).contains(held.getString("code")));
  }

  @Test
  void aPlaceFreedForTheWaitingLineIsOfferedWithADeadlineAndAnAcceptLink() {
    Person gina = person("gina.avvisi");
    Person ugo = person("ugo.avvisi");
    JsonObject held = post(gina.token(), "/api/v1/bookings/holds", new JsonObject().put("slotId", slot(3)));
    post(gina.token(), "/api/v1/bookings/" + held.getString("id") + "/confirm", new JsonObject());
    post(ugo.token(), "/api/v1/bookings/waitlist", new JsonObject().put("slotId", slot(3)));
    post(gina.token(), "/api/v1/bookings/" + held.getString("id") + "/cancel", new JsonObject());

    MimeMessage cancelled = onlyMessage(gina, "Prenotazione annullata");
    assertTrue(text(cancelled).contains("Come ha chiesto, la prenotazione è annullata."), text(cancelled));
    MimeMessage offer = onlyMessage(ugo, "Si è liberato un posto: Acquaticità per anziani");
    assertTrue(text(offer).contains("Per averlo, lo confermi entro: le "), text(offer));
    Matcher link = Pattern.compile(Pattern.quote(PUBLIC_URL + ManageLinks.PAGE) + "([A-Za-z0-9._-]+)").matcher(text(offer));
    assertTrue(link.find());
    String offered = new ManageLinks(linkKey(app.pool())).bookingOf(link.group(1), ManageLinks.WAITLIST_OFFER, Instant.now()).orElseThrow();
    assertEquals("held", await(app.pool().preparedQuery("SELECT status FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(offered)))).iterator().next().getString(0), "the link confirms the hold made for Ugo");
  }
  @Test
  void aServiceChoosesItsRemindersAndTheCatalogShowsThem() {
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("admin.piscina")));
    CatalogFixture.Service yoga = catalog.create(CatalogFixture.serviceBody("health", "Yoga dolce",
        "Yoga per chi riprende a muoversi.").tariff(700, "session").audience("adults").at("Via delle Terme 4, Bergamo")
        .policy(new JsonObject().put("reminderMinutes", new io.vertx.core.json.JsonArray().add(60).add(2880))));
    JsonObject shown = await(http.get("/api/v1/services/" + yoga.id(), null)).bodyAsJsonObject();
    assertEquals(List.of(2880, 60), shown.getJsonObject("policy").getJsonArray("reminderMinutes").getList());
    JsonObject defaults = await(http.get("/api/v1/services/" + swimming.id(), null)).bodyAsJsonObject();
    assertEquals(List.of(1440, 120), defaults.getJsonObject("policy").getJsonArray("reminderMinutes").getList());
    HttpResponse<Buffer> tooSoon = await(http.post("/api/v1/provider/services", await(http.accessToken("admin.piscina")),
        CatalogFixture.serviceBody("health", "Yoga veloce", "Yoga per chi ha fretta davvero.").tariff(700, "session")
            .audience("adults").at("Via delle Terme 4, Bergamo")
            .policy(new JsonObject().put("reminderMinutes", new io.vertx.core.json.JsonArray().add(1))).json()));
    assertEquals(422, tooSoon.statusCode(), "a reminder less than ten minutes ahead is refused");
  }
}
