package coop.sportello.bench;

import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static coop.sportello.bench.BenchApp.await;

/**
 * Month availability of a service with a dense schedule: three resources open every day
 * 07:00-21:00 in 15-minute slots, so a month holds about 5,200 slots. Sequential requests for a
 * whole month through HTTP, after a warm-up.
 */
final class AvailabilityMonthScenario implements Scenario {

  private static final int WARM_UP = 100;
  private static final int MEASURED = 500;

  @Override
  public String name() {
    return "availability-month";
  }

  @Override
  public String description() {
    return "GET /services/:id/availability for a whole month, 3 resources x 15-min slots 07:00-21:00 daily (~5,200 slots)";
  }

  @Override
  public List<String> run() throws Exception {
    try (BenchApp bench = BenchApp.start(new JsonObject().put("catalog", new JsonObject().put("horizonDays", 110)))) {
      await(TestAccounts.create(bench.vertx, bench.app.pool(), "bench.admin", "provider_admin"));
      Vertx client = BenchApp.loadGenerator();
      WebClient web = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(bench.app.port()));
      String token = await(web.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
          .put("username", "bench.admin").put("password", TestAccounts.PASSWORD))).bodyAsJsonObject().getString("accessToken");
      String service = post(web, token, "/api/v1/provider/services", new JsonObject().put("area", "childhood")
          .put("title", "Ludoteca a tempo pieno").put("description", "Giochi e laboratori tutto il giorno.")
          .put("tariffCents", 900).put("tariffUnit", "hour").put("deliveryMode", "at_place").put("audience", "children")
          .put("address", "Via Verdi 3, Bergamo").put("municipalities", new io.vertx.core.json.JsonArray().add("016024")));
      LocalDate today = LocalDate.now(ZoneId.of("Europe/Rome"));
      for (int r = 0; r < 3; r++) {
        String resource = post(web, token, "/api/v1/provider/resources",
            new JsonObject().put("name", "Sala " + r).put("kind", "room").put("capacity", 20));
        for (int weekday = 1; weekday <= 7; weekday++) {
          post(web, token, "/api/v1/provider/services/" + service + "/rules", new JsonObject().put("resourceId", resource)
              .put("weekday", weekday).put("opens", "07:00").put("closes", "21:00").put("slotMinutes", 15).put("places", 20)
              .put("validFrom", today.toString()));
        }
      }
      LocalDate from = today.plusDays(31).withDayOfMonth(1);
      LocalDate to = from.plusMonths(1).minusDays(1);
      String path = "/api/v1/services/" + service + "/availability?from=" + from + "&to=" + to;
      int slots = await(web.get(path).send()).bodyAsJsonObject().getJsonArray("slots").size();
      for (int i = 0; i < WARM_UP; i++) {
        await(web.get("/api/v1/services/" + service + "/availability?from=" + today.plusDays(40 + i % 30)
            + "&to=" + today.plusDays(100)).send());
      }
      // Cold: every request a range not asked before, so the document is read and rendered.
      long[] cold = new long[MEASURED];
      for (int i = 0; i < MEASURED; i++) {
        LocalDate start = today.plusDays(1 + i % 25);
        LocalDate end = start.plusDays(26 + i / 25);
        cold[i] = time(web, "/api/v1/services/" + service + "/availability?from=" + start + "&to=" + end);
      }
      // Warm: the same month again and again, as every screen showing the service asks for it.
      long[] warm = new long[MEASURED];
      for (int i = 0; i < MEASURED; i++) {
        warm[i] = time(web, path);
      }
      int kib = await(web.get(path).send()).body().length() / 1024;
      await(client.close());
      return List.of("month " + from + ".." + to + ", " + slots + " slots per response (~" + kib + " KiB)",
          "cold (range not cached) " + new Stats(cold).summary(),
          "warm (cached until the feed reports a change) " + new Stats(warm).summary() + " (target p95 < 20 ms)");
    }
  }

  private static long time(WebClient web, String path) throws Exception {
    long start = System.nanoTime();
    var response = await(web.get(path).send());
    long elapsed = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IllegalStateException("availability answered " + response.statusCode());
    }
    return elapsed;
  }

  private static String post(WebClient web, String token, String path, JsonObject body) throws Exception {
    var r = await(web.post(path).bearerTokenAuthentication(token).putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(body));
    if (r.statusCode() != 201) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + " " + r.bodyAsString());
    }
    return r.bodyAsJsonObject().getString("id");
  }
}
