package coop.sportello.statements;

import coop.sportello.statements.domain.CreditUse;
import coop.sportello.statements.domain.PlatformFee;
import coop.sportello.statements.domain.Statement;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The statements as the API answers them: integer cents, channels and areas by their codes. */
final class StatementJson {

  private StatementJson() {
  }

  static JsonObject statement(Statement s) {
    return new JsonObject()
        .put("month", s.month().toString())
        .put("from", s.month().from().toString()).put("until", s.month().until().toString())
        .put("delivered", new JsonObject().put("bookings", s.deliveredBookings()).put("cents", s.deliveredCents()))
        .put("received", channels(s.received())).put("receivedCents", s.receivedCents())
        .put("refunded", channels(s.refunded())).put("refundedCents", s.refundedCents())
        .put("platformFee", new JsonObject().put("bps", s.feeBps()).put("cents", s.feeCents())
            .put("rule", new JsonObject().put("it", PlatformFee.RULE_IT).put("en", PlatformFee.RULE_EN)))
        .put("netCents", s.netCents());
  }

  private static JsonArray channels(java.util.List<Statement.ChannelTotal> totals) {
    JsonArray out = new JsonArray();
    totals.forEach(c -> out.add(new JsonObject().put("channel", c.channel()).put("movements", c.movements()).put("cents", c.cents())));
    return out;
  }

  static JsonObject creditUse(CreditUse use) {
    JsonArray cells = new JsonArray();
    use.cells().forEach(c -> cells.add(new JsonObject().put("area", c.area()).put("people", c.people())
        .put("spentCents", c.spentCents()).put("refundedCents", c.refundedCents()).put("netCents", c.netCents())));
    return new JsonObject()
        .put("month", use.month().toString())
        .put("minPeople", CreditUse.MIN_PEOPLE)
        .put("cells", cells)
        .put("spentCents", use.spentCents()).put("refundedCents", use.refundedCents()).put("netCents", use.netCents())
        .put("suppressed", use.suppressed());
  }
}
