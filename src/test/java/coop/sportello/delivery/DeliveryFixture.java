package coop.sportello.delivery;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.statements.MoneyRows;
import coop.sportello.statements.MoneyRows.Booking;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;

/**
 * A cooperative of its own with two admins ({@code <prefix>.admin}, {@code <prefix>.collega}), a
 * home-care service and a person who books it; bookings are written as the booking core writes them.
 */
final class DeliveryFixture {

  final MoneyRows rows;
  final UUID provider;
  final UUID service;
  final String person;
  final String admin;
  final String colleague;

  private DeliveryFixture(MoneyRows rows, UUID provider, UUID service, String person, String admin, String colleague) {
    this.rows = rows;
    this.provider = provider;
    this.service = service;
    this.person = person;
    this.admin = admin;
    this.colleague = colleague;
  }

  static DeliveryFixture create(Vertx vertx, Pool pool, Http http, String prefix, String vatNumber) {
    MoneyRows rows = new MoneyRows(pool);
    CatalogFixture.municipalities(pool);
    UUID provider = rows.providerOf(await(TestAccounts.adminOfAnotherCooperative(vertx, pool, prefix + ".admin", vatNumber)));
    UUID colleagueId = await(TestAccounts.create(vertx, pool, prefix + ".collega", "provider_admin"));
    await(pool.preparedQuery("UPDATE accounts SET provider_id = $2 WHERE id = $1").execute(Tuple.of(colleagueId, provider)));
    String person = await(TestAccounts.create(vertx, pool, prefix + ".persona", "employee")).toString();
    return new DeliveryFixture(rows, provider, rows.service(provider, "health", "Assistenza domiciliare"), person,
        await(http.accessToken(prefix + ".admin")), await(http.accessToken(prefix + ".collega")));
  }

  /** A confirmed booking of the service for the person. */
  Booking booking(OffsetDateTime start, OffsetDateTime end) {
    return rows.booking(service, person, start, end, "confirmed", 2_000);
  }
}
