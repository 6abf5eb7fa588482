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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;

/**
 * A cooperative of its own with two admins ({@code <prefix>.admin}, {@code <prefix>.collega}), a
 * home-care service and a person who books it; bookings are written as the booking core writes them.
 */
public final class DeliveryFixture {

  public final MoneyRows rows;
  public final UUID provider;
  public final UUID service;
  public final String person;
  public final String admin;
  public final String colleague;

  private DeliveryFixture(MoneyRows rows, UUID provider, UUID service, String person, String admin, String colleague) {
    this.rows = rows;
    this.provider = provider;
    this.service = service;
    this.person = person;
    this.admin = admin;
    this.colleague = colleague;
  }

  public static DeliveryFixture create(Vertx vertx, Pool pool, Http http, String prefix, String vatNumber) {
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
  public Booking booking(OffsetDateTime start, OffsetDateTime end) {
    return rows.booking(service, person, start, end, "confirmed", 2_000);
  }

  /**
   * A confirmed enrolment (V43) of {@code service} for the person, as the booking core writes one:
   * one booking on the first session's slot, spanning the first start to the last end, and a
   * booking_slots row for each session ({@code sessions}: start, end, start, end, ...).
   */
  public static Booking enrolment(Pool pool, UUID service, String person, int priceCents, OffsetDateTime... sessions) {
    UUID resource = await(pool.preparedQuery("""
            INSERT INTO resources (provider_id, name, kind, capacity)
            SELECT provider_id, 'Aula ' || substr(md5(random()::text), 1, 6), 'room', 5 FROM services WHERE id = $1 RETURNING id""")
        .execute(Tuple.of(service))).iterator().next().getUUID("id");
    List<UUID> slots = new ArrayList<>();
    for (int i = 0; i < sessions.length; i += 2) {
      slots.add(await(pool.preparedQuery("""
              INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken) VALUES ($1, $2, $3, $4, 5, 1) RETURNING id""")
          .execute(Tuple.of(service, resource, sessions[i], sessions[i + 1]))).iterator().next().getUUID("id"));
    }
    String code = MoneyRows.code();
    UUID id = await(pool.preparedQuery("""
            INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time, person,
                                  acted_by, price_cents)
            VALUES ($1, $2, $3, $4, $5, $6, 1, 'confirmed', false, $7, $7, $8) RETURNING id""")
        .execute(Tuple.of(code, slots.get(0), service, resource, sessions[0], sessions[sessions.length - 1]).addValue(person)
            .addValue(priceCents))).iterator().next().getUUID("id");
    for (UUID slot : slots) {
      await(pool.preparedQuery("INSERT INTO booking_slots (booking_id, slot_id, places) VALUES ($1, $2, 1)").execute(Tuple.of(id, slot)));
    }
    UUID provider = await(pool.preparedQuery("SELECT provider_id FROM services WHERE id = $1").execute(Tuple.of(service)))
        .iterator().next().getUUID(0);
    return new Booking(id, code, person, provider);
  }
}
