package coop.sportello.platform.areas;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The screens read the areas and their labels from the server; the database refuses any other area. */
class AreasApiTest extends AppTestBase {

  @Test
  void theScreensReadEveryAreaWithItsItalianAndEnglishName() {
    var answer = await(http.get("/api/v1/areas", null));
    assertEquals(200, answer.statusCode());
    JsonArray items = answer.bodyAsJsonObject().getJsonArray("items");
    assertEquals(Area.codes(), items.stream().map(i -> ((JsonObject) i).getString("code")).toList());
    JsonObject workLife = items.getJsonObject(3).getJsonObject("labels");
    assertEquals("Conciliazione vita-lavoro", workLife.getString("it"));
    assertEquals("Work-life balance", workLife.getString("en"));
    assertEquals("Cultura e tempo libero", items.getJsonObject(5).getJsonObject("labels").getString("it"),
        "culture and leisure, offered by default");
  }

  @Test
  void noColumnAcceptsAnAreaTheTableDoesNotHave() {
    Throwable service = assertThrows(Throwable.class, () -> await(app.pool().query("""
        INSERT INTO chat_canned_responses (shortcut, title, text, area) VALUES ('sport-1', 'Sport', 'Testo', 'sport')""")
        .execute()));
    assertTrue(rootCause(service) instanceof PgException pg && "23503".equals(pg.getSqlState()), String.valueOf(service));
    Throwable manager = assertThrows(Throwable.class, () -> await(app.pool().query("""
        INSERT INTO chat_managers (subject, display_name, areas, languages) VALUES ('m-sport', 'M', ARRAY['health','sport'], ARRAY['it'])""")
        .execute()));
    assertTrue(rootCause(manager) instanceof PgException pg && "23503".equals(pg.getSqlState()), String.valueOf(manager));
  }

  private static Throwable rootCause(Throwable e) {
    while (e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    return e;
  }
}
