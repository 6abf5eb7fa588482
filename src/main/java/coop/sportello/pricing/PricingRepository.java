package coop.sportello.pricing;

import coop.sportello.platform.database.Rows;
import coop.sportello.pricing.domain.Discount;
import coop.sportello.pricing.domain.Isee;
import coop.sportello.pricing.domain.IseeBand;
import coop.sportello.pricing.domain.IseeBands;
import coop.sportello.pricing.domain.TariffUnit;
import coop.sportello.pricing.domain.TicketType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of pricing: what a slot's price depends on, ISEE bands and declarations
 * (V38). Not final: a test stands in for it to change a tariff between the quote and the hold.
 */
public class PricingRepository {


  /** What one slot's price depends on, read in one statement: the service's tariff and bands, the person's ISEE. */
  public record SlotPricing(UUID serviceId, TariffUnit unit, long tariffCents, Instant start, Instant end, IseeBands bands,
                            Optional<Isee> isee, boolean ticketed) { }

  /**
   * The slot of an active service with its service's tariff and ISEE bands, the person's ISEE (none:
   * empty), and whether the service sells tickets (V65: it has ticket types, so it is bought by ticket).
   */
  public Future<Optional<SlotPricing>> slotPricing(SqlClient c, UUID slotId, String person) {
    return c.preparedQuery("""
            SELECT s.service_id, sv.tariff_unit, sv.tariff_cents, s.starts_at, s.ends_at,
                   ARRAY(SELECT b.up_to_cents FROM service_isee_bands b WHERE b.service_id = sv.id ORDER BY 1) AS band_up_to,
                   ARRAY(SELECT b.tariff_cents FROM service_isee_bands b WHERE b.service_id = sv.id ORDER BY b.up_to_cents)
                     AS band_tariff,
                   d.value_cents, d.expires_on,
                   EXISTS (SELECT 1 FROM ticket_types t WHERE t.service_id = sv.id AND NOT t.retired) AS ticketed
              FROM slots s JOIN services sv ON sv.id = s.service_id
              LEFT JOIN isee_declarations d ON d.account_id::text = $2
             WHERE s.id = $1 AND sv.retired_at IS NULL""")
        .execute(Tuple.of(slotId, person))
        .map(rows -> Rows.first(rows, PricingRepository::slotPricing));
  }

  /** The active ticket types of a service (V65), in the order the organiser set. */
  public Future<List<TicketType>> ticketTypes(SqlClient c, UUID serviceId) {
    return c.preparedQuery("""
            SELECT id, code, label, price_cents, who_qualifies, under_age, min_group FROM ticket_types
             WHERE service_id = $1 AND NOT retired ORDER BY position, code""")
        .execute(Tuple.of(serviceId)).map(rows -> {
          List<TicketType> types = new ArrayList<>();
          rows.forEach(r -> types.add(ticketType(r)));
          return types;
        });
  }

  /** A ticket_types row as the domain sees it. */
  public static TicketType ticketType(Row r) {
    return new TicketType(r.getUUID("id"), r.getString("code"), r.getString("label"), r.getInteger("price_cents"),
        r.getString("who_qualifies"), r.getInteger("under_age"), r.getInteger("min_group"));
  }

  private static SlotPricing slotPricing(Row r) {
    Long[] upTo = r.getArrayOfLongs("band_up_to");
    Integer[] tariffs = r.getArrayOfIntegers("band_tariff");
    List<IseeBand> bands = new ArrayList<>();
    for (int i = 0; i < upTo.length; i++) {
      bands.add(new IseeBand(upTo[i], tariffs[i]));
    }
    Optional<Isee> isee = r.getLong("value_cents") == null ? Optional.empty()
        : Optional.of(new Isee(r.getLong("value_cents"), r.getLocalDate("expires_on")));
    return new SlotPricing(r.getUUID("service_id"), TariffUnit.fromWire(r.getString("tariff_unit")).orElseThrow(),
        r.getInteger("tariff_cents"), r.getOffsetDateTime("starts_at").toInstant(),
        r.getOffsetDateTime("ends_at").toInstant(), new IseeBands(bands), isee, r.getBoolean("ticketed"));
  }

  /**
   * The discount the person has on the service, if any: their valid Welfare Card's agreed discount
   * for a service of its package ({@code welfare_card_discount}, V40; the best one if several).
   */
  public Future<Optional<Discount>> discountFor(SqlClient c, String person, UUID serviceId) {
    return c.preparedQuery("SELECT welfare_card_discount($1, $2)").execute(Tuple.of(person, serviceId))
        .map(rows -> Rows.first(rows).map(r -> r.getJsonObject(0)).filter(Objects::nonNull).map(d ->
            new Discount(Discount.Kind.fromWire(d.getString("kind")), new BigDecimal(d.getValue("value").toString()),
                d.getString("agreementId"), d.getString("cardNumber"))));
  }

  /** The person's declaration, replacing any earlier one. */
  public Future<Void> declareIsee(SqlClient c, UUID account, Isee isee) {
    return c.preparedQuery("""
            INSERT INTO isee_declarations (account_id, value_cents, expires_on) VALUES ($1, $2, $3)
            ON CONFLICT (account_id) DO UPDATE SET value_cents = $2, expires_on = $3, declared_at = now()""")
        .execute(Tuple.of(account, isee.valueCents(), isee.expiresOn())).mapEmpty();
  }

  /** The person's ISEE as declared, with when they declared it. */
  public Future<Optional<Declared>> isee(SqlClient c, UUID account) {
    return c.preparedQuery("SELECT value_cents, expires_on, declared_at FROM isee_declarations WHERE account_id = $1")
        .execute(Tuple.of(account))
        .map(rows -> Rows.first(rows, r -> new Declared(new Isee(r.getLong(0), r.getLocalDate(1)),
            r.getOffsetDateTime(2).toInstant())));
  }

  public record Declared(Isee isee, Instant declaredAt) {
    public boolean validOn(LocalDate day) {
      return isee.validOn(day);
    }
  }
}
