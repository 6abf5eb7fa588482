package coop.sportello.catalog;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.Http;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;

import java.time.LocalDate;

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

  public static void municipalities(Pool pool) {
    AppTestBase.await(pool.query("""
        INSERT INTO municipalities (istat_code, name, province) VALUES ('016024', 'Bergamo', 'BG'),
          ('028063', 'Piazzola sul Brenta', 'PD') ON CONFLICT DO NOTHING""").execute());
  }

  public static JsonObject service(String title, String description, String area, String mode, String... municipalities) {
    JsonObject body = new JsonObject().put("area", area).put("title", title).put("description", description)
        .put("tariffCents", 1800).put("tariffUnit", "hour").put("deliveryMode", mode).put("audience", "families")
        .put("welfareLetter", "f_bis").put("municipalities", new JsonArray(java.util.List.of((Object[]) municipalities)));
    if (mode.equals("at_place")) {
      body.put("address", "Via Roma 1, Bergamo");
    }
    return body;
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

  /** A rule that applies on one date only (valid that day, on its weekday). */
  public HttpResponse<Buffer> ruleOn(String serviceId, String resourceId, LocalDate date, String opens, String closes,
                              int slotMinutes, int places) {
    return post("/provider/services/" + serviceId + "/rules", new JsonObject().put("resourceId", resourceId)
        .put("weekday", date.getDayOfWeek().getValue()).put("opens", opens).put("closes", closes)
        .put("slotMinutes", slotMinutes).put("places", places)
        .put("validFrom", date.toString()).put("validUntil", date.toString()));
  }

  public JsonObject availability(String serviceId, LocalDate from, LocalDate to) {
    HttpResponse<Buffer> r = await(http.get("/api/v1/services/" + serviceId + "/availability?from=" + from + "&to=" + to, null));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }
}
