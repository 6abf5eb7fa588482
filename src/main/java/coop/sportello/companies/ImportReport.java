package coop.sportello.companies;

import coop.sportello.companies.domain.ImportPlan;
import coop.sportello.companies.domain.ImportPlan.Action;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HexFormat;
import java.util.Locale;

/**
 * An import's plan as the HR admin's page shows it: every row with what happens to it and, in
 * plain Italian, each of its problems; the leavers that will be (or were) closed; the counts.
 */
final class ImportReport {

  private ImportReport() { }

  static JsonObject of(ImportPlan.Plan plan, boolean applied, byte[] sha256) {
    JsonArray rows = new JsonArray();
    plan.decisions().forEach(d -> rows.add(new JsonObject().put("line", d.row().line())
        .put("codiceFiscale", d.row().codiceFiscale()).put("name", d.row().displayName())
        .put("group", d.row().group()).put("action", d.action().name().toLowerCase(Locale.ROOT))
        .put("changes", new JsonArray(d.changes())).put("problems", new JsonArray(d.problems()))));
    JsonArray leavers = new JsonArray();
    plan.leavers().forEach(l -> leavers.add(new JsonObject().put("codiceFiscale", l.codiceFiscale())
        .put("name", l.displayName())));
    JsonObject counts = new JsonObject().put("rows", plan.decisions().size())
        .put("leavers", plan.leavers().size());
    for (Action action : Action.values()) {
      counts.put(action.name().toLowerCase(Locale.ROOT), plan.count(action));
    }
    return new JsonObject().put("applied", applied).put("canApply", !plan.refused())
        .put("fileSha256", HexFormat.of().formatHex(sha256)).put("counts", counts).put("rows", rows).put("leavers", leavers);
  }
}
