package coop.sportello.catalog.domain;

import coop.sportello.platform.domain.Refusal;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service's intake questions and a booking's answers to them, in the pure core (issue 18). */
class IntakeRulesTest {

  private static final IntakeDeclaration HOME_CARE = IntakeDeclaration.of(List.of(
      new IntakeDeclaration.Asked("notes", false), new IntakeDeclaration.Asked("address", true),
      new IntakeDeclaration.Asked("beneficiary", true)));

  private static Map<String, Object> given(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void aDeclarationKeepsTheKindsFixedOrderAndAsksEachKindOnce() {
    assertEquals(List.of(IntakeKind.BENEFICIARY, IntakeKind.ADDRESS, IntakeKind.NOTES),
        HOME_CARE.questions().stream().map(IntakeQuestion::kind).toList());
    assertTrue(HOME_CARE.question(IntakeKind.ADDRESS).orElseThrow().required());
    assertFalse(HOME_CARE.question(IntakeKind.NOTES).orElseThrow().required());

    Optional<Refusal> twice = IntakeDeclaration.refusal(List.of(new IntakeDeclaration.Asked("notes", true),
        new IntakeDeclaration.Asked("notes", false)));
    assertEquals("intake-declaration", twice.orElseThrow().type());
    assertEquals(422, twice.orElseThrow().status());
    assertTrue(IntakeDeclaration.refusal(List.of(new IntakeDeclaration.Asked("phone", true))).isPresent());
    assertTrue(IntakeDeclaration.refusal(List.of()).isEmpty(), "a service may ask nothing");
    assertThrows(IllegalArgumentException.class, () -> IntakeDeclaration.of(List.of(new IntakeDeclaration.Asked("x", true))));
  }

  @Test
  void requiredAnswersMustBeGivenAndBlankOnesCountAsNotGiven() {
    IntakeCheck check = HOME_CARE.check(given("beneficiary", "   ", "notes", "suonare due volte"));
    assertEquals(List.of(IntakeKind.BENEFICIARY, IntakeKind.ADDRESS), check.missing());
    Refusal refusal = check.refusal().orElseThrow();
    assertEquals(400, refusal.status());
    assertEquals("intake-missing", refusal.type());
    assertTrue(refusal.detail().contains("chi riceve il servizio") && refusal.detail().contains("indirizzo"), refusal.detail());

    IntakeCheck complete = HOME_CARE.check(given("beneficiary", "  Anna   Rossi ", "address", "Via Roma 1,\n24121 Bergamo"));
    assertTrue(complete.refusal().isEmpty());
    assertEquals("Anna Rossi", complete.answers().get(IntakeKind.BENEFICIARY), "one line, white space runs made one space");
    assertEquals("Via Roma 1, 24121 Bergamo", complete.answers().get(IntakeKind.ADDRESS));
    assertEquals(null, complete.answers().get(IntakeKind.NOTES));
    assertTrue(IntakeDeclaration.NONE.check(Map.of()).refusal().isEmpty(), "nothing asked, nothing to say");
  }

  @Test
  void unknownFieldsUnaskedQuestionsTooLongAndControlCharactersAreRefusedAllAtOnce() {
    IntakeDeclaration notesOnly = IntakeDeclaration.of(List.of(new IntakeDeclaration.Asked("notes", false)));
    IntakeCheck check = notesOnly.check(given("phone", "333", "address", "Via Roma 1", "beneficiary", 42,
        "notes", "x".repeat(1001)));
    assertEquals(List.of(), check.missing());
    Map<String, IntakeCheck.Reason> reasons = new HashMap<>();
    check.invalid().forEach(i -> reasons.put(i.field(), i.reason()));
    assertEquals(Map.of("phone", IntakeCheck.Reason.UNKNOWN, "address", IntakeCheck.Reason.NOT_ASKED,
        "beneficiary", IntakeCheck.Reason.NOT_TEXT, "notes", IntakeCheck.Reason.TOO_LONG), reasons);
    assertEquals(1000, check.invalid().stream().filter(i -> i.field().equals("notes")).findFirst().orElseThrow().max());
    Refusal refusal = check.refusal().orElseThrow();
    assertEquals(422, refusal.status());
    assertEquals("intake-invalid", refusal.type());
    assertEquals("too-long", IntakeCheck.Reason.TOO_LONG.wireName());

    assertEquals(IntakeCheck.Reason.CONTROL_CHARACTERS,
        HOME_CARE.check(given("beneficiary", "Anna\u0007", "address", "Via Roma 1")).invalid().get(0).reason());
    IntakeCheck notes = HOME_CARE.check(given("beneficiary", "Anna", "address", "Via Roma 1",
        "notes", "  Citofono Rossi\r\n\tpiano terra  "));
    assertTrue(notes.refusal().isEmpty());
    assertEquals("Citofono Rossi\n\tpiano terra", notes.answers().get(IntakeKind.NOTES), "notes keep their lines");

    IntakeCheck tooLongAndRequired = HOME_CARE.check(given("beneficiary", "b".repeat(121), "address", "Via Roma 1"));
    assertEquals(List.of(), tooLongAndRequired.missing(), "a required answer that is too long is invalid, not missing");
    assertEquals("intake-invalid", tooLongAndRequired.refusal().orElseThrow().type());
    assertTrue(HOME_CARE.check(given("beneficiary", "\uD83D\uDE00".repeat(120), "address", "Via Roma 1")).refusal().isEmpty(),
        "lengths count characters, not UTF-16 units");
  }

  /**
   * Property: for random declarations and random answers, a check that says yes keeps only
   * answers to questions asked, every required one, each trimmed, non-empty, within its length,
   * without control characters (line breaks only in notes), and checking what it kept again keeps
   * the same. A check that says no names every required question it did not get.
   */
  @Test
  void acceptedAnswersAreAlwaysCleanAndCheckingThemAgainChangesNothing() {
    Random random = new Random(18);
    String[] alphabet = {"a", "B", " ", "  ", "\n", "\r\n", "\t", "\u0000", "\u0007", "\u00e8", "\uD83D\uDE00", "\u00a0", "x"};
    int accepted = 0;
    for (int round = 0; round < 2000; round++) {
      List<IntakeDeclaration.Asked> asked = new ArrayList<>();
      for (IntakeKind kind : IntakeKind.values()) {
        if (random.nextBoolean()) {
          asked.add(new IntakeDeclaration.Asked(kind.wireName(), random.nextBoolean()));
        }
      }
      Collections.shuffle(asked, random);
      IntakeDeclaration declaration = IntakeDeclaration.of(asked);
      Map<String, Object> given = new LinkedHashMap<>();
      for (IntakeKind kind : IntakeKind.values()) {
        if (random.nextInt(3) > 0) {
          StringBuilder text = new StringBuilder();
          int length = random.nextInt(4) == 0 ? kind.maxLength() - 2 + random.nextInt(5) : random.nextInt(12);
          while (text.codePointCount(0, text.length()) < length) {
            text.append(alphabet[random.nextInt(random.nextInt(10) == 0 ? alphabet.length : 3)]);
          }
          given.put(kind.wireName(), text.toString());
        }
      }
      IntakeCheck check = declaration.check(given);
      if (check.refusal().isEmpty()) {
        accepted++;
        for (Map.Entry<IntakeKind, String> answer : check.answers().values().entrySet()) {
          IntakeKind kind = answer.getKey();
          String text = answer.getValue();
          assertTrue(declaration.question(kind).isPresent(), "only asked questions are kept");
          assertFalse(text.isEmpty());
          assertEquals(text.strip(), text);
          assertTrue(text.codePointCount(0, text.length()) <= kind.maxLength());
          assertTrue(text.chars().noneMatch(c -> Character.isISOControl(c) && !(kind.multiline() && (c == '\n' || c == '\t'))),
              "no control characters: " + text);
          assertTrue(kind.multiline() || !text.contains("  "), "one-line answers have single spaces");
        }
        declaration.questions().stream().filter(IntakeQuestion::required)
            .forEach(q -> assertTrue(check.answers().get(q.kind()) != null, q + " answered"));
        Map<String, Object> again = new LinkedHashMap<>();
        check.answers().values().forEach((kind, text) -> again.put(kind.wireName(), text));
        assertEquals(check.answers(), declaration.check(again).answers(), "checking kept answers keeps them as they are");
      } else {
        for (IntakeQuestion q : declaration.questions()) {
          Object value = given.get(q.kind().wireName());
          boolean blank = value == null || IntakeDeclaration.normalise(q.kind(), (String) value).isEmpty();
          if (q.required() && blank) {
            assertTrue(check.missing().contains(q.kind()), q + " not given must be named missing");
          }
        }
      }
    }
    assertTrue(accepted > 200, "the generator also makes acceptable answers: " + accepted);
  }
}
