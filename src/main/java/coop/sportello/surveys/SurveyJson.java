package coop.sportello.surveys;

import coop.sportello.privacy.domain.SmallGroups;
import coop.sportello.surveys.domain.SurveyResults;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** A survey's results as the API answers them: a hidden figure has {@code hidden: true} and no count. */
final class SurveyJson {

  private SurveyJson() {
  }

  static JsonObject results(UUID survey, String scope, SurveyResults r) {
    JsonArray times = new JsonArray();
    r.times().forEach(t -> times.add(count(t)));
    return new JsonObject()
        .put("surveyId", survey.toString())
        .put("scope", scope)
        .put("minPeople", SmallGroups.MIN_PEOPLE)
        .put("answers", r.answers())
        .put("areas", table(r.areas()))
        .put("services", table(r.services()))
        .put("times", times)
        .put("companies", r.companies() == null ? null : table(r.companies()))
        .put("freeTextsShown", SmallGroups.shown(r.answers()))
        .put("freeTexts", new JsonArray(r.freeTexts()));
  }

  private static JsonObject table(SurveyResults.Table t) {
    JsonArray rows = new JsonArray();
    for (int i = 0; i < t.rows().size(); i++) {
      JsonArray cells = new JsonArray();
      for (SurveyResults.Count c : t.cells()[i]) {
        cells.add(count(c));
      }
      rows.add(new JsonObject().put("code", t.rows().get(i)).put("cells", cells).put("total", count(t.rowTotals()[i])));
    }
    JsonArray columns = new JsonArray();
    for (SurveyResults.Count c : t.columnTotals()) {
      columns.add(count(c));
    }
    return new JsonObject().put("rows", rows).put("columns", columns).put("total", count(t.total()));
  }

  private static JsonObject count(SurveyResults.Count c) {
    JsonObject out = new JsonObject().put("code", c.code()).put("hidden", c.hidden());
    return c.hidden() ? out : out.put("count", c.count());
  }
}
