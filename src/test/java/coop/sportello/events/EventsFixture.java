package coop.sportello.events;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A guided visit sold by ticket, for the tests: its cooperative's admin, a buyer living in Bergamo,
 * the visit (two times on {@link #DAY}, {@code seats} each) with intero, ridotto, gratuito and
 * gruppo tickets, and purchases made and paid through the API.
 */
public final class EventsFixture {

  public static final ZoneId ROME = ZoneId.of("Europe/Rome");
  public static final LocalDate DAY = LocalDate.now(ROME).plusDays(5);

  private final Http http;
  private final Pool pool;
  public final String admin;
  public final String buyer;
  public final String serviceId;
  public final String slot;
  public final String laterSlot;

  private EventsFixture(Http http, Pool pool, String admin, String buyer, String serviceId, String slot, String laterSlot) {
    this.http = http;
    this.pool = pool;
    this.admin = admin;
    this.buyer = buyer;
    this.serviceId = serviceId;
    this.slot = slot;
    this.laterSlot = laterSlot;
  }

  /** The visit, its admin {@code prefix.admin} and its buyer {@code prefix.persona}. */
  public static EventsFixture create(Vertx vertx, Pool pool, Http http, String prefix, int seats) {
    CatalogFixture.municipalities(pool);
    await(TestAccounts.create(vertx, pool, prefix + ".admin", "provider_admin"));
    String admin = await(http.accessToken(prefix + ".admin"));
    UUID buyerId = await(TestAccounts.create(vertx, pool, prefix + ".persona", "citizen"));
    await(pool.preparedQuery("UPDATE accounts SET municipality = '016024' WHERE id = $1").execute(Tuple.of(buyerId)));
    String buyer = await(http.accessToken(prefix + ".persona"));
    CatalogFixture.Service visit = new CatalogFixture(http, admin).create(CatalogFixture.serviceBody("education",
            "Visita guidata all'abbazia", "Un'ora nel chiostro e nella chiesa con una guida.")
        .tariff(1_200, "place").audience("adults").at("Via Tasso 4, Bergamo").withoutPersonalLimits());
    visit.resource("Chiostro (" + prefix + ")", "room", seats).openOn(DAY, "10:00", "12:00", 60);
    EventsFixture f = new EventsFixture(http, pool, admin, buyer, visit.id(), visit.slotsOn(DAY).get(0), visit.slotsOn(DAY).get(1));
    assertEquals(201, f.type("intero", "Intero", 1_200, null, null, null).statusCode());
    assertEquals(201, f.type("ridotto", "Ridotto", 800, "Over 65 e studenti, con un documento", null, null).statusCode());
    assertEquals(201, f.type("gratuito", "Gratuito", 0, null, 6, null).statusCode());
    assertEquals(201, f.type("gruppo", "Gruppo", 900, null, null, 10).statusCode());
    return f;
  }

  public HttpResponse<Buffer> type(String code, String label, int cents, String who, Integer underAge, Integer minGroup) {
    return await(http.post("/api/v1/provider/services/" + serviceId + "/ticket-types", admin, new JsonObject().put("code", code)
        .put("label", label).put("priceCents", cents).put("whoQualifies", who).put("underAge", underAge).put("minGroup", minGroup)));
  }

  public HttpResponse<Buffer> purchase(String slotId, JsonObject tickets) {
    return await(http.post("/api/v1/events/purchases", buyer, new JsonObject().put("slotId", slotId).put("tickets", tickets)));
  }

  /** Two intero and one ridotto, held, then paid at the cooperative: the confirmed purchase and its three tickets. */
  public JsonObject bought(String slotId) {
    HttpResponse<Buffer> held = purchase(slotId, new JsonObject().put("intero", 2).put("ridotto", 1));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    JsonObject booking = held.bodyAsJsonObject();
    HttpResponse<Buffer> paid = await(http.post("/api/v1/bookings/" + booking.getString("id") + "/confirm", buyer,
        new JsonObject().put("payment", new JsonObject().put("rest", "at_provider"))));
    assertEquals(200, paid.statusCode(), paid.bodyAsString());
    return booking;
  }

  /** The purchase's ticket codes, in their order. */
  public List<String> codesOf(String bookingId) {
    List<String> codes = new ArrayList<>();
    await(pool.preparedQuery("SELECT code FROM tickets WHERE booking_id = $1 ORDER BY seq").execute(Tuple.of(UUID.fromString(bookingId))))
        .forEach(r -> codes.add(r.getString(0)));
    return codes;
  }

  /** The event's day comes: the purchase's booking moved to today, as the door sees it then. */
  public void today(String bookingId) {
    moveTo(bookingId, LocalDate.now(ROME), "22:59");
  }

  /** The purchase's booking moved to {@code day} at {@code time} (Rome), one minute long. */
  public void moveTo(String bookingId, LocalDate day, String time) {
    await(pool.preparedQuery("""
        UPDATE bookings SET starts_at = ($2::date + $3::time) AT TIME ZONE 'Europe/Rome',
                            ends_at = ($2::date + $3::time) AT TIME ZONE 'Europe/Rome' + interval '1 minute'
         WHERE id = $1""").execute(Tuple.of(UUID.fromString(bookingId), day, LocalTime.parse(time))));
  }

}
