package coop.sportello.companies.domain;

import coop.sportello.platform.domain.CodiceFiscale;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CSV as Excel writes it, the row checks, and the plan an import makes, without a database. */
class EmployeeListTest {

  private static String cf(String first15) {
    return first15 + CodiceFiscale.checkCharacter(first15);
  }

  @Test
  void excelsSemicolonsBomQuotesAndHeadersInAnyOrderAreRead() {
    String file = "\uFEFF\"E-mail\";Cognome;NOME;Gruppo piano;Codice Fiscale;Badge\r\n"
        + "\"mario@example.it\";\"Rossi; detto Mario\";Mario;Uffici;" + cf("RSSMRA85T10A562").toLowerCase() + ";b-001\r\n\r\n";
    EmployeeList.Read read = EmployeeList.read(file);
    assertTrue(read.refusal().isEmpty(), read.toString());
    EmployeeList.Row row = read.rows().get(0);
    assertEquals(cf("RSSMRA85T10A562"), row.codiceFiscale());
    assertEquals("Mario Rossi; detto Mario", row.displayName());
    assertEquals("B-001", row.badge());
    assertEquals("Uffici", row.group());
    assertEquals(List.of(), row.problems());
    assertEquals(2, row.line());
  }

  @Test
  void commaFilesAndAnUnclosedQuoteAndMissingColumns() {
    assertEquals(1, EmployeeList.read("cf,nome,cognome,email,gruppo\n" + cf("RSSMRA85T10A562") + ",Mario,Rossi,m@e.it,Uffici\n")
        .rows().size());
    assertTrue(EmployeeList.read("cf;nome;cognome;email;gruppo\n\"RSS;Mario\n").refusal().get().detail().contains("virgoletta"));
    assertTrue(EmployeeList.read("cf;nome;email\nx;y;z\n").refusal().get().detail().contains("cognome, gruppo"));
    assertTrue(EmployeeList.read("").refusal().isPresent());
    String longName = "cf;nome;cognome;email;gruppo\n" + cf("RSSMRA85T10A562") + ";" + "A".repeat(100) + ";" + "B".repeat(100) + ";m@e.it;G\n";
    assertEquals(List.of("Nome e cognome sono troppo lunghi (al massimo 200 caratteri insieme)."),
        EmployeeList.read(longName).rows().get(0).problems(), "the account's display name holds 200 characters (V2)");
  }

  /** Property: whatever single character is typed wrong in a valid code, the row says so and nothing else about it. */
  @Test
  void anyWrongCheckCharacterIsNamedOnItsRow() {
    Random random = new Random(20);
    String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (int i = 0; i < 200; i++) {
      String first15 = "" + letters.charAt(random.nextInt(26)) + letters.charAt(random.nextInt(26)) + letters.charAt(random.nextInt(26))
          + "MRA" + String.format("%02d", random.nextInt(100)) + "ABCDEHLMPRST".charAt(random.nextInt(12))
          + String.format("%02d", 1 + random.nextInt(28)) + "F205";
      char right = CodiceFiscale.checkCharacter(first15);
      char wrong = letters.charAt((letters.indexOf(right) + 1 + random.nextInt(25)) % 26);
      var rows = EmployeeList.read("cf;nome;cognome;email;gruppo\n" + first15 + wrong + ";A;B;a@b.it;G\n").rows();
      assertEquals(List.of(CodiceFiscale.refusal(CodiceFiscale.Problem.CHECK_CHARACTER).detail()), rows.get(0).problems());
    }
  }

  @Test
  void aPlanCreatesAttachesUpdatesOrLeavesAlone() {
    UUID uffici = UUID.randomUUID();
    UUID known = UUID.randomUUID();
    UUID staying = UUID.randomUUID();
    String file = "cf;nome;cognome;email;gruppo;badge\n"
        + cf("AAAAAA80A01F205") + ";Nuova;Persona;nuova@e.it;Uffici;\n"
        + cf("BBBBBB80A01F205") + ";Gia;Registrata;gia@e.it;uffici;\n"
        + cf("CCCCCC80A01F205") + ";Resta;Uguale;resta@e.it;Uffici;C-001\n";
    var people = Map.of(
        cf("BBBBBB80A01F205"), new ImportPlan.Person(known, "sua@e.it", null, false, null),
        cf("CCCCCC80A01F205"), new ImportPlan.Person(staying, "resta@e.it", null, false,
            new ImportPlan.Employee(uffici, "C-001", false, false, "Resta Uguale")));
    var gone = new ImportPlan.Current(UUID.randomUUID(), cf("DDDDDD80A01F205"), "Se Ne Va");
    var facts = new ImportPlan.Facts(Map.of("uffici", uffici), people, Map.of("sua@e.it", known), Map.of("C-001", staying),
        List.of(gone, new ImportPlan.Current(staying, cf("CCCCCC80A01F205"), "Resta Uguale")));
    ImportPlan.Plan plan = ImportPlan.of(EmployeeList.read(file).rows(), facts, true);
    assertEquals(List.of(ImportPlan.Action.CREATE, ImportPlan.Action.ATTACH, ImportPlan.Action.UNCHANGED),
        plan.decisions().stream().map(ImportPlan.Decision::action).toList());
    assertEquals(List.of(gone), plan.leavers());
    assertEquals(List.of(), ImportPlan.of(EmployeeList.read(file).rows(), facts, false).leavers());
  }

  @Test
  void planTermsSayWhatIsWrong() {
    LocalDate jan = LocalDate.of(2026, 1, 1);
    assertTrue(new PlanTerms(2026, 100, jan, jan.plusDays(1), "expires").problem().isEmpty());
    assertTrue(new PlanTerms(2026, 0, jan, jan.plusDays(1), "expires").problem().isPresent());
    assertTrue(new PlanTerms(2026, 100, jan, jan, "expires").problem().isPresent());
    assertTrue(new PlanTerms(2027, 100, jan, jan.plusDays(1), "expires").problem().isPresent());
    assertTrue(new PlanTerms(2026, 100, jan, jan.plusDays(1), "forever").problem().isPresent());
  }
}
