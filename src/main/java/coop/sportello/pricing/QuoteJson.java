package coop.sportello.pricing;

import coop.sportello.pricing.domain.IseeBands;
import coop.sportello.pricing.domain.PriceRequest;
import coop.sportello.pricing.domain.PriceRule;
import coop.sportello.pricing.domain.Quote;
import coop.sportello.pricing.domain.TariffUnit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

/**
 * A quote as screens read it and as a booking keeps it ({@code bookings.price_detail}, shown as
 * {@code price}): {priceCents, unit, quantity, unitCents, places, lines: [{label, cents}],
 * discount?: {kind, value, cents, agreementId?, cardNumber?}, isee?: {upToCents, unitCents},
 * rounding}. The ISEE is shown by its band, never by the value the person declared.
 */
public final class QuoteJson {

  private QuoteJson() { }

  /**
   * A slot's price as the catalog shows it to everyone, for one place without ISEE band or
   * discount: {cents, unit, unitCents}; a week or month service's slot has no price of its own
   * ({unit, unitCents, enrolment: true}).
   */
  public static JsonObject listPrice(TariffUnit unit, long tariffCents, Instant start, Instant end) {
    JsonObject price = new JsonObject().put("unit", unit.wireName()).put("unitCents", tariffCents);
    if (!unit.soldBySlot()) {
      return price.put("enrolment", true);
    }
    return price.put("cents", PriceRule.quote(new PriceRequest(unit, tariffCents, start, end, 1, IseeBands.NONE,
        Optional.empty(), start.atZone(PriceRule.ROME).toLocalDate(), Optional.empty())).totalCents());
  }

  public static JsonObject of(Quote quote) {
    JsonArray lines = new JsonArray();
    quote.lines().forEach(l -> lines.add(new JsonObject().put("label", l.label()).put("cents", l.cents())));
    JsonObject json = new JsonObject().put("priceCents", quote.totalCents()).put("unit", quote.unit().wireName())
        .put("quantity", quote.quantity()).put("unitCents", quote.unitCents()).put("places", quote.places())
        .put("lines", lines).put("rounding", quote.rounding());
    quote.discount().filter(d -> quote.discountCents() > 0).ifPresent(d -> {
      JsonObject discount = new JsonObject().put("kind", d.kind().wireName()).put("value", d.value())
          .put("cents", quote.discountCents());
      if (d.agreementId() != null) {
        discount.put("agreementId", d.agreementId());
      }
      if (d.cardNumber() != null) {
        discount.put("cardNumber", d.cardNumber());
      }
      json.put("discount", discount);
    });
    quote.iseeBand().ifPresent(b -> json.put("isee", new JsonObject().put("upToCents", b.upToCents())
        .put("unitCents", b.tariffCents())));
    return json;
  }
}
