package coop.sportello.booking;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Problem;
import coop.sportello.pricing.PricingRepository;
import coop.sportello.pricing.PricingService;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every hold is charged the quote of the one pricing rule, guarded against a tariff changed meanwhile (issue 21). */
class PricedHoldTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(7);

  private String citizen;
  private String citizenId;
  private String admin;
  private String hourly;
  private List<String> hourlySlots;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.prezzi", "provider_admin"));
    citizenId = await(TestAccounts.create(vertx, app.pool(), "papa.bianchi", "citizen")).toString();
    citizen = await(http.accessToken("papa.bianchi"));
    admin = await(http.accessToken("admin.prezzi"));
    CatalogFixture.Service care = catalog().create(CatalogFixture.serviceBody("elderly", "Assistenza oraria a domicilio",
        "Un operatore a casa tua, a ore.").tariff(2100, "hour").audience("elderly").withoutPersonalLimits());
    care.resource("Operatori a ore", "group", 10).openOn(DAY, "09:00", "13:00", 120);
    hourly = care.id();
    hourlySlots = care.slotsOn(DAY);
  }

  private CatalogFixture catalog() {
    return new CatalogFixture(http, admin);
  }

  private HttpResponse<Buffer> hold(String slot, int places) {
    return await(http.post("/api/v1/bookings/holds", citizen, new JsonObject().put("slotId", slot).put("places", places)));
  }

  private int taken(String slot) {
    return await(app.pool().preparedQuery("SELECT taken FROM slots WHERE id = $1").execute(Tuple.of(UUID.fromString(slot))))
        .iterator().next().getInteger(0);
  }

  @Test
  void aTwoHourSlotOfATwentyOneEuroAnHourServiceIsShownAndHeldAtFortyTwoEuros() {
    JsonObject quote = await(http.get("/api/v1/slots/" + hourlySlots.get(0) + "/price?places=1", citizen)).bodyAsJsonObject();
    assertEquals(4200, quote.getInteger("priceCents"), quote.encode());
    assertEquals("hour", quote.getString("unit"));
    assertEquals(2100, quote.getInteger("unitCents"));
    assertEquals(2, quote.getNumber("quantity").intValue());
    assertEquals("2 ore × 21,00 € all'ora", quote.getJsonArray("lines").getJsonObject(0).getString("label"));
    assertTrue(quote.getString("rounding").contains("arrotondato al centesimo"), quote.getString("rounding"));

    HttpResponse<Buffer> held = hold(hourlySlots.get(0), 1);
    assertEquals(201, held.statusCode(), held.bodyAsString());
    JsonObject booking = held.bodyAsJsonObject();
    assertEquals(4200, booking.getInteger("priceCents"), "the price shown is the price charged");
    assertEquals(quote.getJsonArray("lines"), booking.getJsonObject("price").getJsonArray("lines"));
    int stored = await(app.pool().preparedQuery("SELECT price_cents FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(booking.getString("id"))))).iterator().next().getInteger(0);
    assertEquals(4200, stored);
    JsonObject read = await(http.get("/api/v1/bookings/" + booking.getString("id"), citizen)).bodyAsJsonObject();
    assertEquals(4200, read.getInteger("priceCents"));
    assertEquals("hour", read.getJsonObject("price").getString("unit"));

    HttpResponse<Buffer> two = hold(hourlySlots.get(1), 2);
    assertEquals(201, two.statusCode(), two.bodyAsString());
    assertEquals(8400, two.bodyAsJsonObject().getInteger("priceCents"), "twice the places, twice the price");
  }

  @Test
  void aSingleSlotOfAWeekOrMonthServiceIsNotSold() {
    CatalogFixture.Service nido = catalog().create(CatalogFixture.serviceBody("childhood", "Nido a mesi",
        "Nido d'infanzia con iscrizione mensile.").tariff(52000, "month").audience("children"));
    nido.resource("Sezione Pulcini", "group", 14).openOn(DAY, "08:00", "16:00", 480);
    String slot = nido.slotsOn(DAY).get(0);
    HttpResponse<Buffer> refused = hold(slot, 1);
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    assertEquals("/problems/enrolment-only", refused.bodyAsJsonObject().getString("type"));
    assertTrue(refused.bodyAsJsonObject().getString("detail").contains("iscrizione"));
    assertEquals(0, taken(slot));
    assertEquals(422, await(http.get("/api/v1/slots/" + slot + "/price", citizen)).statusCode());
    HttpResponse<Buffer> line = await(http.post("/api/v1/bookings/waitlist", citizen, new JsonObject().put("slotId", slot)));
    assertEquals(422, line.statusCode(), "no line to wait in for a slot not sold on its own: " + line.bodyAsString());
    JsonObject listed = await(http.get("/api/v1/services/" + nido.id() + "/availability?from=" + DAY + "&to=" + DAY, null))
        .bodyAsJsonObject().getJsonArray("slots").getJsonObject(0).getJsonObject("price");
    assertEquals(new JsonObject().put("unit", "month").put("unitCents", 52000).put("enrolment", true), listed);
  }

  /**
   * The tariff changes after the hold was quoted and before its statement runs: the hold is
   * refused (409, try again) instead of charging the old price; quoted again, it pays the new one.
   */
  @Test
  void aTariffChangedBetweenTheQuoteAndTheHoldRefusesTheHold() {
    CatalogFixture.ServiceBody body = CatalogFixture.serviceBody("elderly", "Compagnia a ore",
        "Compagnia e piccole commissioni, a ore.").tariff(2100, "hour").audience("elderly");
    CatalogFixture.Service company = catalog().create(body);
    company.resource("Volontari a ore", "group", 5).openOn(DAY, "15:00", "17:00", 120);
    String slot = company.slotsOn(DAY).get(0);
    PricingRepository racing = new PricingRepository() {
      @Override
      public Future<Optional<SlotPricing>> slotPricing(SqlClient c, UUID slotId, String person) {
        // Read the tariff, then the cooperative raises it before the hold's statement runs.
        return super.slotPricing(c, slotId, person).compose(read -> app.pool()
            .preparedQuery("UPDATE services SET tariff_cents = 2400 WHERE id = $1").execute(Tuple.of(UUID.fromString(company.id())))
            .map(read));
      }
    };
    BookingService service = new BookingService(app.pool(), new NodeBus(vertx), new BookingRepository(app.pool()),
        new WalletRepository(app.pool()), 300, coop.sportello.booking.domain.BookingCode::next,
        new PricingService(app.pool(), racing, Clock.systemUTC()));
    Identity father = new Identity(citizenId, Set.of(Role.CITIZEN), null, "Papà Bianchi", null, null, null);
    Idempotency.Key key = new Idempotency.Key(citizenId, UUID.randomUUID().toString(), Buffer.buffer(new byte[] {7}));

    Throwable cause = assertThrows(AssertionError.class, () -> await(service.hold(father, UUID.fromString(slot), 1, null, null, key)));
    while (cause.getCause() != null && !(cause instanceof Problem)) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof Problem p && p.status() == 409 && p.getMessage().contains("tariffa"), String.valueOf(cause));
    assertEquals(0, taken(slot), "nothing held at the stale price");

    HttpResponse<Buffer> retried = hold(slot, 1);
    assertEquals(201, retried.statusCode(), retried.bodyAsString());
    assertEquals(4800, retried.bodyAsJsonObject().getInteger("priceCents"), "quoted again: the new tariff");
  }

  @Test
  void everyDateOfAWeeklySeriesIsChargedItsOwnQuote() {
    LocalDate from = DAY.plusDays(7).with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY));
    LocalDate until = from.plusDays(7);
    CatalogFixture.Service tutoring = catalog().create(CatalogFixture.serviceBody("education", "Doposcuola a ore",
        "Aiuto nei compiti, a ore.").tariff(1500, "hour").audience("children"));
    tutoring.resource("Aula compiti", "room", 5).openEvery(DayOfWeek.TUESDAY, from, until, "15:00", "16:30", 90);
    JsonObject series = new JsonObject().put("serviceId", tutoring.id()).put("weekdays", new JsonArray().add(2))
        .put("start", "15:00").put("from", from.toString()).put("until", until.toString()).put("mode", "all_or_nothing");
    HttpResponse<Buffer> booked = await(http.post("/api/v1/bookings/recurring", citizen, series));
    assertEquals(201, booked.statusCode(), booked.bodyAsString());
    JsonArray dates = booked.bodyAsJsonObject().getJsonArray("booked");
    assertEquals(2, dates.size());
    dates.forEach(b -> assertEquals(2250, ((JsonObject) b).getInteger("priceCents"), "1 h 30 at 15 € an hour"));
  }

  /**
   * Holds racing tariff changes: every hold that succeeds is charged exactly the rule's price of
   * the tariff its quote used (never a mix), every other one is told to retry, and the slot's
   * places match the holds kept.
   */
  @Test
  void holdsRacingTariffChangesAreEachChargedTheRulesPriceOfOneTariff() {
    CatalogFixture.Service busy = catalog().create(CatalogFixture.serviceBody("elderly", "Sollievo a ore",
        "Qualche ora di sollievo per chi assiste.").tariff(2100, "hour").audience("elderly").withoutPersonalLimits());
    busy.resource("Operatori sollievo", "group", 200).openOn(DAY, "14:00", "16:00", 120);
    String slot = busy.slotsOn(DAY).get(0);
    UUID service = UUID.fromString(busy.id());
    List<Future<HttpResponse<Buffer>>> holds = new java.util.ArrayList<>();
    List<Future<?>> flips = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      holds.add(http.post("/api/v1/bookings/holds", citizen, new JsonObject().put("slotId", slot)));
      if (i % 6 == 0) {
        flips.add(app.pool().preparedQuery(
            "UPDATE services SET tariff_cents = CASE WHEN tariff_cents = 2100 THEN 2400 ELSE 2100 END WHERE id = $1")
            .execute(Tuple.of(service)));
      }
    }
    await(Future.join(holds));
    await(Future.join(new java.util.ArrayList<>(flips)));
    int kept = 0;
    for (Future<HttpResponse<Buffer>> f : holds) {
      HttpResponse<Buffer> r = f.result();
      if (r.statusCode() == 201) {
        kept++;
        JsonObject b = r.bodyAsJsonObject();
        int unit = b.getJsonObject("price").getInteger("unitCents");
        assertTrue(unit == 2100 || unit == 2400, b.encode());
        assertEquals(2 * unit, b.getInteger("priceCents"), b.encode());
        assertEquals(b.getInteger("priceCents"), b.getJsonObject("price").getInteger("priceCents"));
      } else {
        assertEquals(409, r.statusCode(), r.bodyAsString());
        // A tariff changed and changed back before the refusal was read is told "changed meanwhile".
        assertTrue(java.util.Set.of("/problems/price-changed", "/problems/changed-meanwhile")
            .contains(r.bodyAsJsonObject().getString("type")), r.bodyAsString());
      }
    }
    assertTrue(kept > 0);
    assertEquals(kept, taken(slot));
    assertEquals(0L, await(app.pool().preparedQuery("""
            SELECT count(*) FROM bookings WHERE slot_id = $1
               AND (price_cents <> (price_detail ->> 'priceCents')::int
                    OR price_cents <> 2 * (price_detail ->> 'unitCents')::int)""")
        .execute(Tuple.of(UUID.fromString(slot)))).iterator().next().getLong(0));
  }
}
