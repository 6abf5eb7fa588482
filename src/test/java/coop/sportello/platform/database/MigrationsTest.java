package coop.sportello.platform.database;

import coop.sportello.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class MigrationsTest {

  @Test
  void migrationsBuildTheSchemaOnAnEmptyDatabaseAndAreIdempotent(Vertx vertx, VertxTestContext ctx) {
    DatabaseEndpoint endpoint = DatabaseEndpoint.fromUrl(TestPostgres.freshDatabaseUrl(), null, null);
    Pool pool = Pools.create(vertx, endpoint, 2, 5_000);
    Migrations.migrate(vertx, endpoint)
        .compose(first -> {
          ctx.verify(() -> assertTrue(first >= 4, "all migrations applied to an empty database"));
          return Migrations.migrate(vertx, endpoint);
        })
        .compose(second -> {
          ctx.verify(() -> assertEquals(0, second, "nothing left to apply the second time"));
          return pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").execute();
        })
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          Set<String> tables = new HashSet<>();
          rows.forEach(r -> tables.add(r.getString(0)));
          assertTrue(tables.containsAll(List.of("accounts", "auth_sessions", "refresh_tokens", "kiosk_devices",
              "bridge_tickets", "idempotency_keys", "providers", "municipalities", "services", "companies",
              "employees", "welfare_plans", "flyway_schema_history")), tables.toString());
          pool.close();
          ctx.completeNow();
        })));
  }

  @Test
  void urlsInEitherSpellingAreUnderstood() {
    DatabaseEndpoint a = DatabaseEndpoint.fromUrl("postgresql://u:p@db.example:6543/welfare", null, null);
    assertEquals("jdbc:postgresql://db.example:6543/welfare", a.jdbcUrl());
    assertEquals("u", a.user());
    DatabaseEndpoint b = DatabaseEndpoint.fromUrl("jdbc:postgresql://db.example:6543/welfare", "admin", "segreta");
    assertEquals("admin", b.user());
    assertEquals("segreta", b.password());
  }
}
