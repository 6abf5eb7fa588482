package coop.sportello.catalog;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A provider admin building a catalog through the API, as the admin pages will. */
public final class CatalogFixture {

  public static final String BERGAMO = "016024";
  public static final String PIAZZOLA = "028063";

  private final Http http;
  private final String token;

  public CatalogFixture(Http http, String token) {
    this.http = http;
    this.token = token;
  }

  /** Bergamo and Piazzola sul Brenta, where the tests' services are offered; any number of times. */
  public static Future<Void> insertMunicipalities(Pool pool) {
    return pool.query("""
        INSERT INTO municipalities (istat_code, name, province) VALUES ('016024', 'Bergamo', 'BG'),
          ('028063', 'Piazzola sul Brenta', 'PD') ON CONFLICT DO NOTHING""").execute().mapEmpty();
  }

  /** {@link #insertMunicipalities}, waited for. */
  public static void municipalities(Pool pool) {
    AppTestBase.await(insertMunicipalities(pool));
  }

  /**
   * A new service's body: at a place in Bergamo ("Via Roma 1, Bergamo"), for Bergamo's residents,
   * for families, 18 euros an hour, no welfare letter, until the builder says otherwise.
   */
  public static ServiceBody serviceBody(String area, String title, String description) {
    return new ServiceBody(area, title, description);
  }

  /** The short form of the catalog tests: 18 euros an hour, for families, welfare letter f-bis. */
  public static JsonObject service(String title, String description, String area, String mode, String... municipalities) {
    ServiceBody body = serviceBody(area, title, description).welfareLetter("f_bis").in(municipalities);
    return (mode.equals("at_place") ? body : body.deliveredAt(mode)).json();
  }

  /** The body of POST /provider/services, built field by field. */
  public static final class ServiceBody {

    private final JsonObject json;

    private ServiceBody(String area, String title, String description) {
      json = new JsonObject().put("area", area).put("title", title).put("description", description)
          .put("tariffCents", 1800).put("tariffUnit", "hour").put("deliveryMode", "at_place").put("audience", "families")
          .put("address", "Via Roma 1, Bergamo").put("municipalities", new JsonArray().add(BERGAMO));
    }

    public ServiceBody tariff(int cents, String unit) {
      json.put("tariffCents", cents).put("tariffUnit", unit);
      return this;
    }

    public ServiceBody audience(String audience) {
      json.put("audience", audience);
      return this;
    }

    public ServiceBody welfareLetter(String letter) {
      json.put("welfareLetter", letter);
      return this;
    }

    /** Delivered at this address. */
    public ServiceBody at(String address) {
      json.put("deliveryMode", "at_place").put("address", address);
      return this;
    }

    /** Delivered {@code at_home} or {@code online}: no address. */
    public ServiceBody deliveredAt(String mode) {
      json.put("deliveryMode", mode).remove("address");
      return this;
    }

    /** For the residents of these municipalities (ISTAT codes); none for an online service. */
    public ServiceBody in(String... municipalities) {
      json.put("municipalities", new JsonArray(List.of((Object[]) municipalities)));
      return this;
    }

    /** A reduced tariff (cents a unit) for a declared ISEE up to {@code upToCents}. */
    public ServiceBody iseeBand(long upToCents, int tariffCents) {
      json.put("iseeBands", json.getJsonArray("iseeBands", new JsonArray()).copy()
          .add(new JsonObject().put("upToCents", upToCents).put("tariffCents", tariffCents)));
      return this;
    }

    public ServiceBody policy(JsonObject policy) {
      json.put("policy", json.getJsonObject("policy", new JsonObject()).mergeIn(policy));
      return this;
    }

    /** The service's limits for each person (places per booking, per slot, per day; holds open at once). */
    public ServiceBody limits(int perBooking, int perPersonSlot, int perPersonDay, int openHolds) {
      return policy(new JsonObject().put("maxPlacesPerBooking", perBooking).put("maxPlacesPerPersonSlot", perPersonSlot)
          .put("maxPlacesPerPersonDay", perPersonDay).put("maxOpenHoldsPerPerson", openHolds));
    }

    /**
     * Limits no test of capacity reaches, for services where one test person stands for many
     * people (the most places a booking may take, and a thousand of the rest).
     */
    public ServiceBody withoutPersonalLimits() {
      return limits(50, 1000, 1000, 1000);
    }

    public JsonObject json() {
      return json.copy();
    }
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return await(http.post("/api/v1" + path, token, body));
  }

  public String createService(JsonObject body) {
    HttpResponse<Buffer> r = post("/provider/services", body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("id");
  }

  public String createResource(String name, String kind, int capacity) {
    HttpResponse<Buffer> r = post("/provider/resources",
        new JsonObject().put("name", name).put("kind", kind).put("capacity", capacity));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("id");
  }

  /** Creates the service (201 or the test fails); resources and their opening hours follow from it. */
  public Service create(ServiceBody body) {
    return new Service(createService(body.json()));
  }

  /** A home-care service for Bergamo with two one-hour slots (09:00 and 10:00, five places each) on {@code day}. */
  public Service homeCareOn(LocalDate day) {
    Service homeCare = create(serviceBody("elderly", "Assistenza domiciliare", "Un operatore a casa per l'igiene e la compagnia.")
        .tariff(2000, "hour").deliveredAt("at_home").audience("elderly"));
    homeCare.resource("Squadra domiciliare", "group", 5).openOn(day, "09:00", "11:00", 60);
    return homeCare;
  }

  /** A service created through the API. */
  public final class Service {

    private final String id;

    private Service(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** Creates a resource of the provider, to open for this service with all its {@code places}. */
    public Resource resource(String name, String kind, int places) {
      return new Resource(id, createResource(name, kind, places), places);
    }

    /** The ids of the service's slots on {@code day}, in order. */
    public List<String> slotsOn(LocalDate day) {
      return availability(id, day, day).getJsonArray("slots").stream().map(s -> ((JsonObject) s).getString("id")).toList();
    }
  }

  /** A resource and the service it is opened for. */
  public final class Resource {

    private final String serviceId;
    private final String id;
    private final int places;

    private Resource(String serviceId, String id, int places) {
      this.serviceId = serviceId;
      this.id = id;
      this.places = places;
    }

    public String id() {
      return id;
    }

    /** A rule opening it on {@code day} only, from {@code opens} to {@code closes}, with all its places (201). */
    public Resource openOn(LocalDate day, String opens, String closes, int slotMinutes) {
      return openEvery(day.getDayOfWeek(), day, day, opens, closes, slotMinutes);
    }

    /** A rule opening it every {@code weekday} from {@code from} to {@code until}, with all its places (201). */
    public Resource openEvery(DayOfWeek weekday, LocalDate from, LocalDate until, String opens, String closes,
                              int slotMinutes) {
      HttpResponse<Buffer> r = rule(serviceId, id, weekday, from, until, opens, closes, slotMinutes, places);
      assertEquals(201, r.statusCode(), r.bodyAsString());
      return this;
    }
  }

  /** A rule that applies on one date only (valid that day, on its weekday). */
  public HttpResponse<Buffer> ruleOn(String serviceId, String resourceId, LocalDate date, String opens, String closes,
                              int slotMinutes, int places) {
    return rule(serviceId, resourceId, date.getDayOfWeek(), date, date, opens, closes, slotMinutes, places);
  }

  private HttpResponse<Buffer> rule(String serviceId, String resourceId, DayOfWeek weekday, LocalDate from, LocalDate until,
                                    String opens, String closes, int slotMinutes, int places) {
    return post("/provider/services/" + serviceId + "/rules", new JsonObject().put("resourceId", resourceId)
        .put("weekday", weekday.getValue()).put("opens", opens).put("closes", closes)
        .put("slotMinutes", slotMinutes).put("places", places)
        .put("validFrom", from.toString()).put("validUntil", until.toString()));
  }

  public JsonObject availability(String serviceId, LocalDate from, LocalDate to) {
    HttpResponse<Buffer> r = await(http.get("/api/v1/services/" + serviceId + "/availability?from=" + from + "&to=" + to, null));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }
}
