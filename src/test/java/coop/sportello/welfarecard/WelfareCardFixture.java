package coop.sportello.welfarecard;

import coop.sportello.Application;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What Welfare Card tests need: the network's supervisor, the test cooperative's admin, member
 * companies with employees who can sign in, services of the cooperative with their tariffs, and
 * the supervisor's calls (through HTTP).
 */
public final class WelfareCardFixture {

  public static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Rome"));

  public record Employee(UUID id, String username, String token) { }

  private final Vertx vertx;
  private final Application app;
  private final Http http;
  public final String supervisor;
  public final String provider;
  public final UUID companyId;
  private final String prefix;

  /** {@code prefix}: this test class's own usernames (one fixture per class). */
  public WelfareCardFixture(Vertx vertx, Application app, Http http, String prefix) {
    this.vertx = vertx;
    this.app = app;
    this.http = http;
    this.prefix = prefix;
    await(TestAccounts.create(vertx, app.pool(), prefix + ".supervisore", "supervisor"));
    await(TestAccounts.create(vertx, app.pool(), prefix + ".coop", "provider_admin"));
    supervisor = await(http.accessToken(prefix + ".supervisore"));
    provider = await(http.accessToken(prefix + ".coop"));
    companyId = await(app.pool().query("SELECT id FROM companies WHERE vat_number = '09876543210'").execute())
        .iterator().next().getUUID(0);
  }

  /** Another member company ({@code vat}: 11 digits of its own). */
  public UUID company(String name, String vat) {
    return await(app.pool().preparedQuery("""
            INSERT INTO companies (name, vat_number, municipality) VALUES ($1, $2, '016024') RETURNING id""")
        .execute(Tuple.of(name, vat))).iterator().next().getUUID(0);
  }

  /** An employee of {@code company} who can sign in ({@code codiceFiscale}: 16 characters of their own). */
  public Employee employee(String username, String displayName, UUID company, String codiceFiscale) {
    UUID id = await(TestAccounts.create(vertx, app.pool(), username, "employee"));
    await(app.pool().preparedQuery("""
            WITH g AS (INSERT INTO employee_groups (company_id, name) VALUES ($2, 'Gruppo ' || $4)
                       ON CONFLICT (company_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id),
                 a AS (UPDATE accounts SET display_name = $3, company_id = $2, codice_fiscale = $4 WHERE id = $1 RETURNING id)
            INSERT INTO employees (account_id, company_id, group_id, badge_code)
            SELECT a.id, $2, g.id, 'WC-' || substr($4, 1, 8) FROM a, g""")
        .execute(Tuple.of(id, company, displayName, codiceFiscale)));
    return new Employee(id, username, await(http.accessToken(username)));
  }

  /** A service of the test cooperative (the first provider): {@code tariffCents} per {@code unit}. */
  public UUID service(String title, int tariffCents, String unit) {
    return await(app.pool().preparedQuery("""
            INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, audience)
            VALUES ((SELECT provider_id FROM accounts WHERE username = $4), 'work_life', $1,
                    'Un servizio del pacchetto Welfare Card.', $2, $3, 'online', 'everyone')
            RETURNING id""")
        .execute(Tuple.of(title, tariffCents, unit, prefix + ".coop"))).iterator().next().getUUID(0);
  }

  /** A service of another cooperative. */
  public UUID serviceOfAnotherCooperative(String title, int tariffCents, String vat) {
    return await(app.pool().preparedQuery("""
            WITH p AS (INSERT INTO providers (name, vat_number, municipality) VALUES ('Cooperativa ' || $3, $3, '016024') RETURNING id)
            INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, audience)
            SELECT id, 'health', $1, 'Un servizio di un''altra cooperativa.', $2, 'session', 'online', 'everyone' FROM p
            RETURNING id""")
        .execute(Tuple.of(title, tariffCents, vat))).iterator().next().getUUID(0);
  }

  public static JsonObject percent(UUID service, int value) {
    return entry(service, "percent", value);
  }

  public static JsonObject fixed(UUID service, int cents) {
    return entry(service, "fixed", cents);
  }

  private static JsonObject entry(UUID service, String kind, int value) {
    return new JsonObject().put("serviceId", service.toString())
        .put("discount", new JsonObject().put("kind", kind).put("value", value));
  }

  /** An agreement's body: valid from today for a year. */
  public static JsonObject terms(String name, JsonArray companies, JsonObject... services) {
    return new JsonObject().put("name", name).put("validFrom", TODAY.toString()).put("validUntil", TODAY.plusYears(1).toString())
        .put("companyIds", companies).put("services", new JsonArray(java.util.List.of((Object[]) services)));
  }

  public static JsonArray ids(UUID... ids) {
    JsonArray list = new JsonArray();
    for (UUID id : ids) {
      list.add(id.toString());
    }
    return list;
  }

  /** Creates the agreement as the supervisor; its id. */
  public UUID agreement(JsonObject terms) {
    HttpResponse<Buffer> created = await(http.post("/api/v1/welfare-card-agreements", supervisor, terms));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return UUID.fromString(created.bodyAsJsonObject().getString("id"));
  }

  /** Issues the agreement's cards as the supervisor; how many were made. */
  public int issue(UUID agreement) {
    HttpResponse<Buffer> issued = await(http.post("/api/v1/welfare-card-agreements/" + agreement + "/cards", supervisor,
        new JsonObject()));
    assertEquals(200, issued.statusCode(), issued.bodyAsString());
    return issued.bodyAsJsonObject().getInteger("issued");
  }

  public HttpResponse<Buffer> myCard(Employee employee) {
    return await(http.get("/api/v1/me/welfare-card", employee.token()));
  }

  public HttpResponse<Buffer> verify(String token, String presented) {
    return await(http.get("/api/v1/welfare-cards/" + presented, token));
  }
}
