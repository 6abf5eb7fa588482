package coop.sportello.platform.areas;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The code's list of areas and the table's must be the same, in the same order. */
class AreasTest {

  private static List<Map<String, String>> labels(int n) {
    return Collections.nCopies(n, Map.of("it", "Etichetta", "en", "Label"));
  }

  @Test
  void theTableMatchingTheCodeGivesTheDictionary() {
    Areas areas = Areas.check(Area.codes(), labels(6), Set.of("education", "childhood", "elderly", "work_life", "health"));
    assertEquals(6, areas.entries().size());
    assertEquals(List.of("education", "childhood", "elderly", "work_life", "health"),
        areas.offered().stream().map(e -> e.area().code()).toList(), "a network without culture lists the five");
    assertEquals("Label", areas.label("health", "en"));
    assertEquals("Etichetta", areas.label("health", "fr"), "Italian when the language has no label");
    assertEquals("unknown", areas.label("unknown", "it"));
  }

  @Test
  void anyDifferenceStopsStartUp() {
    List<String> missing = Area.codes().subList(0, 4);
    assertThrows(IllegalStateException.class, () -> Areas.check(missing, labels(4), Set.copyOf(missing)));
    List<String> reordered = new java.util.ArrayList<>(Area.codes());
    Collections.swap(reordered, 0, 1);
    assertThrows(IllegalStateException.class, () -> Areas.check(reordered, labels(6), Set.copyOf(reordered)));
    List<String> extra = new java.util.ArrayList<>(Area.codes());
    extra.add("sport");
    assertThrows(IllegalStateException.class, () -> Areas.check(extra, labels(7), Set.copyOf(extra)));
  }

  @Test
  void schemaAndAddressFormsListEveryCode() {
    assertEquals("[\"education\",\"childhood\",\"elderly\",\"work_life\",\"health\",\"culture\"]", Area.schemaEnum());
    assertTrue("catalog.feed.area.work_life".matches("catalog\\.feed\\.area\\." + Area.regex()));
    assertEquals(Area.WORK_LIFE, Area.fromCode("work_life").orElseThrow());
  }
}
