package coop.sportello.statements;

import coop.sportello.privacy.domain.SmallGroups;
import coop.sportello.statements.domain.CreditUse;
import coop.sportello.statements.domain.PlanUse;
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

  /** The year's table: {@code areas} (each with its {@code months} and {@code total}), {@code months} totals, {@code total}. */
  static JsonObject planUse(PlanUse use) {
    PlanUse.Figure[][] t = use.table();
    int rows = use.areas().size();
    JsonArray areas = new JsonArray();
    for (int r = 0; r < rows; r++) {
      areas.add(new JsonObject().put("area", use.areas().get(r)).put("months", months(t[r])).put("total", figure(t[r][PlanUse.MONTHS])));
    }
    return new JsonObject()
        .put("year", use.year())
        .put("minPeople", SmallGroups.MIN_PEOPLE)
        .put("areas", areas)
        .put("months", months(t[rows]))
        .put("total", figure(t[rows][PlanUse.MONTHS]))
        .put("plan", new JsonObject().put("grantedCents", use.plan().grantedCents()).put("usedCents", use.plan().usedCents()))
        .put("suppressed", use.suppressed());
  }

  private static JsonArray months(PlanUse.Figure[] line) {
    JsonArray out = new JsonArray();
    for (int m = 0; m < PlanUse.MONTHS; m++) {
      out.add(figure(line[m]).put("month", m + 1));
    }
    return out;
  }

  private static JsonObject figure(PlanUse.Figure f) {
    return f.hidden() ? new JsonObject().put("hidden", true)
        : new JsonObject().put("hidden", false).put("people", f.people()).put("spentCents", f.spentCents())
            .put("refundedCents", f.refundedCents()).put("netCents", f.netCents());
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
