package coop.sportello.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;

import static coop.sportello.bench.BenchApp.await;

/**
 * Search over 10,000 services (200 cooperatives, 100 municipalities, about 20 future slots each):
 * a mix of free-text, area, municipality, welfare and date-range queries, sequential, through HTTP.
 */
final class SearchScenario implements Scenario {

  private static final int SERVICES = 10_000;
  private static final int MEASURED = 600;

  @Override
  public String name() {
    return "search";
  }

  @Override
  public String description() {
    return "GET /services over " + SERVICES + " services with ~20 slots each: text, area, municipality, welfare, date-range mix";
  }

  @Override
  public List<String> run() throws Exception {
    try (BenchApp bench = BenchApp.start(new JsonObject())) {
      seed(bench);
      Vertx client = BenchApp.loadGenerator();
      WebClient web = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(bench.app.port()));
      LocalDate today = LocalDate.now(ZoneId.of("Europe/Rome"));
      String[] queries = {
          "q=assistenza%20anziani", "q=centro%20estivo&municipality=016010", "area=childhood&municipality=016042",
          "area=elderly&welfare=f_ter", "q=attivita%20motoria&page=2", "municipality=016077&from=" + today.plusDays(3)
              + "&to=" + today.plusDays(10), "mode=online&area=health", "q=doposcuola&welfare=any",
          "area=work_life&from=" + today.plusDays(1) + "&to=" + today.plusDays(30), "q=yoga"};
      Random random = new Random(1);
      for (int i = 0; i < 100; i++) {
        await(web.get("/api/v1/services?" + queries[i % queries.length]).send());
      }
      long[] nanos = new long[MEASURED];
      long hits = 0;
      for (int i = 0; i < MEASURED; i++) {
        String query = queries[random.nextInt(queries.length)];
        long start = System.nanoTime();
        var response = await(web.get("/api/v1/services?" + query).send());
        nanos[i] = System.nanoTime() - start;
        if (response.statusCode() != 200) {
          throw new IllegalStateException(query + " answered " + response.statusCode() + " " + response.bodyAsString());
        }
        hits += response.bodyAsJsonObject().getLong("total");
      }
      await(client.close());
      return List.of("latency " + new Stats(nanos).summary() + " (target p95 < 50 ms)",
          "average matches per query " + hits / MEASURED);
    }
  }

  /** Bulk data straight in SQL: a benchmark of search, not of the admin API. */
  private static void seed(BenchApp bench) throws Exception {
    await(bench.app.pool().query("""
        INSERT INTO municipalities (istat_code, name, province)
          SELECT lpad((16000 + g)::text, 6, '0'), 'Comune ' || g, 'BG' FROM generate_series(1, 100) g;
        INSERT INTO providers (name, vat_number, municipality)
          SELECT 'Cooperativa ' || g, lpad(g::text, 11, '0'), lpad((16000 + 1 + g % 100)::text, 6, '0')
            FROM generate_series(1, 200) g;
        WITH words(area, title, description) AS (VALUES
          ('elderly', 'Assistenza domiciliare anziani', 'Aiuto a casa per persone anziane: igiene, pasti, compagnia.'),
          ('elderly', 'Centro diurno per anziani', 'Attività motorie e socialità per anziani autosufficienti.'),
          ('childhood', 'Centro estivo', 'Giornate di gioco e attività all''aperto per bambini.'),
          ('childhood', 'Nido d''infanzia', 'Accoglienza dei bambini da uno a tre anni.'),
          ('education', 'Doposcuola', 'Compiti e studio assistito per ragazzi delle medie.'),
          ('education', 'Corso di lingua inglese', 'Lezioni di inglese in piccoli gruppi.'),
          ('work_life', 'Stireria aziendale', 'Ritiro e consegna dei capi stirati in azienda.'),
          ('work_life', 'Pulizie domestiche', 'Pulizie di casa con personale qualificato.'),
          ('health', 'Yoga e benessere', 'Lezioni di yoga e attività motoria dolce.'),
          ('health', 'Sportello psicologico online', 'Colloqui a distanza con psicologi.')),
        numbered AS (SELECT row_number() OVER () - 1 AS n, * FROM words)
        INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, welfare_letter,
                              audience, address)
          SELECT (SELECT id FROM providers WHERE vat_number = lpad((1 + g % 200)::text, 11, '0')),
                 w.area, w.title || ' ' || g, w.description, 500 + (g % 50) * 100, 'hour',
                 CASE WHEN g % 7 = 0 THEN 'online' WHEN g % 3 = 0 THEN 'at_home' ELSE 'at_place' END,
                 CASE g % 4 WHEN 0 THEN 'f' WHEN 1 THEN 'f_bis' WHEN 2 THEN 'f_ter' ELSE NULL END,
                 'everyone', 'Via Roma ' || g
            FROM generate_series(1, 10000) g JOIN numbered w ON w.n = g % 10;
        INSERT INTO service_municipalities (service_id, municipality)
          SELECT s.id, lpad((16000 + 1 + (abs(hashtext(s.id::text)) + k) % 100)::text, 6, '0')
            FROM services s CROSS JOIN generate_series(0, 4) k WHERE s.delivery_mode <> 'online'
          ON CONFLICT DO NOTHING;
        INSERT INTO resources (provider_id, name, kind, capacity)
          SELECT provider_id, 'Sala ' || id, 'room', 10 FROM services;
        INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken)
          SELECT s.id, r.id, t, t + interval '30 minutes', 10, (abs(hashtext(s.id::text || k)) % 11)
            FROM services s JOIN resources r ON r.provider_id = s.provider_id AND r.name = 'Sala ' || s.id
            CROSS JOIN generate_series(1, 20) k
            CROSS JOIN LATERAL (SELECT date_trunc('hour', now()) + (k * 37 + abs(hashtext(s.id::text)) % 500) * interval '1 hour'
                                       + (abs(hashtext(s.id::text)) % 2) * interval '30 minutes' AS t) times
          ON CONFLICT DO NOTHING;
        ANALYZE;""").execute());
  }
}
