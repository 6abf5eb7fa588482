package coop.sportello.surveys.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The results' rules without a database: free texts from 5 answers, rows for everything, small places merged. */
class SurveyResultsTest {

  private static final List<String> AREAS = List.of("education", "childhood", "elderly", "work_life", "health");

  private static SurveyResults.Row row(String company, String municipality, String area, String text) {
    return new SurveyResults.Row(company, municipality, List.of(area), List.of(), List.of("weekend"), text);
  }

  @Test
  void fourAnswersShowNoFreeTextNoPlaceAndNoArea() {
    List<SurveyResults.Row> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      four.add(row("a", "016024", "childhood", "testo " + i));
    }
    SurveyResults r = SurveyResults.of(four, AREAS, true);
    assertEquals(4, r.answers());
    assertEquals(List.of(), r.freeTexts());
    assertEquals(AREAS, r.areas().rows(), "every area has a row");
    assertEquals(List.of(SurveyResults.OTHER), r.areas().columns(), "Bergamo, with 4 answers, has no column of its own");
    assertTrue(r.areas().rowTotals()[1].hidden());
    assertFalse(r.areas().rowTotals()[0].hidden(), "nobody wished education: 0 is shown");
    assertTrue(r.times().get(3).hidden(), "4 people for the weekend");
    assertTrue(r.companies().total().hidden());
  }

  @Test
  void fiveAnswersShowTheirTextsAndTheirPlace() {
    List<SurveyResults.Row> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(row("a", "016024", "childhood", i == 0 ? null : "testo " + i));
    }
    answers.add(row("a", "016091", "elderly", "uno solo"));
    SurveyResults r = SurveyResults.of(answers, AREAS, false);
    assertEquals(List.of("testo 1", "testo 2", "testo 3", "testo 4", "uno solo"), r.freeTexts());
    assertEquals(List.of("016024", SurveyResults.OTHER), r.areas().columns());
    assertEquals(5, r.areas().cells()[1][0].count());
    assertTrue(r.areas().cells()[2][1].hidden(), "one person in Dalmine wishing elderly care");
    assertEquals(null, r.companies());
  }
}
