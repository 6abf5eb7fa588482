package coop.sportello.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text PostgreSQL cannot store is refused wherever it sits in a body, with where it was. */
class StorableTextTest {

  private static final JsonBody ANY = JsonBody.schema(new JsonObject("{\"type\":\"object\"}"));

  @Test
  void nulAndLoneSurrogatesAreUnstorableEverythingElseIsFine() {
    assertTrue(StorableText.unstorable("a\u0000b"));
    assertTrue(StorableText.unstorable("\uD800"));
    assertTrue(StorableText.unstorable("x\uDC00y"));
    assertTrue(StorableText.unstorable("\uD83D\uD83D\uDE00"), "a high surrogate followed by a pair");
    assertFalse(StorableText.unstorable("Caffè ☕ \uD83D\uDE00 שלום \u200B"), "accents, emoji, RTL and zero-width are text");
    assertFalse(StorableText.unstorable(""));
  }

  @Test
  void theFirstBadStringIsNamedByItsPointerInValuesKeysAndArrays() {
    assertNull(StorableText.firstUnstorable(new JsonObject().put("a", "ok").put("b", new JsonArray().add(1).add("ok"))));
    assertEquals("/b/1", StorableText.firstUnstorable(new JsonObject().put("a", "ok")
        .put("b", new JsonArray().add("ok").add("n\u0000"))));
    assertEquals("/x~1y/k\u0000", StorableText.firstUnstorable(new JsonObject()
        .put("x/y", new JsonObject().put("k\u0000", 1))));
  }

  @Test
  void everySchemaRefusesItWithA400BeforeValidating() {
    Problem refused = assertThrows(Problem.class, () -> ANY.validate(new JsonObject().put("text", "ciao\u0000")));
    assertEquals(400, refused.status());
    assertEquals("/problems/unstorable-text", refused.toJson(null).getString("type"));
    assertEquals("/text", refused.toJson(null).getString("pointer"));
    assertThrows(Problem.class, () -> ANY.validate(new JsonObject().put("name", "\uDBFF")));
  }
}
