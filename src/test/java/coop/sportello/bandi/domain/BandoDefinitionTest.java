package coop.sportello.bandi.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BandoDefinitionTest {

  private static final Window WINDOW = Window.ofLocal(LocalDateTime.of(2026, 12, 10, 9, 0), LocalDateTime.of(2026, 12, 20, 12, 0));

  private static BandoDefinition bando(List<EligibilityRule> rules, List<DocumentRequest> documents, Optional<LocalDate> until) {
    return new BandoDefinition("Buoni spesa 2026", "Buoni spesa per le famiglie in difficoltà.", "Il testo completo del bando.",
        BandoDefinition.Kind.BUONI_SPESA, rules, new AmountRule(15_000, 0, 5_000, Optional.empty()), 5_000_000, WINDOW,
        BandoDefinition.Ranking.FIRST_COME, documents, until);
  }

  @Test
  void aSoundBandoPasses() {
    assertEquals(Optional.empty(), bando(List.of(new EligibilityRule.Residency(), new EligibilityRule.IseeMax(1_500_000)),
        List.of(new DocumentRequest("isee", "Attestazione ISEE", true)), Optional.of(LocalDate.of(2027, 3, 31))).problem());
  }

  @Test
  void refusalsNameWhatIsWrong() {
    Optional<LocalDate> until = Optional.of(LocalDate.of(2027, 3, 31));
    assertEquals("bando-voucher-expiry", bando(List.of(), List.of(), Optional.empty()).problem().orElseThrow().type());
    assertEquals("bando-voucher-expiry", bando(List.of(), List.of(), Optional.of(LocalDate.of(2026, 12, 20))).problem().orElseThrow().type());
    assertEquals("bando-rules", bando(List.of(new EligibilityRule.Residency(), new EligibilityRule.Residency()), List.of(), until)
        .problem().orElseThrow().type());
    assertEquals("bando-rules", bando(List.of(new EligibilityRule.HouseholdSize(Optional.of(5), Optional.of(2))), List.of(), until)
        .problem().orElseThrow().type());
    assertEquals("bando-rules", bando(List.of(new EligibilityRule.HouseholdSize(Optional.empty(), Optional.empty())), List.of(), until)
        .problem().orElseThrow().type());
    assertEquals("bando-documents", bando(List.of(), List.of(new DocumentRequest("isee", "ISEE", true),
        new DocumentRequest("isee", "Altro ISEE", false)), until).problem().orElseThrow().type());
    assertEquals("bando-documents", bando(List.of(), List.of(new DocumentRequest("Bad Kind!", "Documento", true)), until)
        .problem().orElseThrow().type());
  }

  @Test
  void theWindowIsItalianLocalTimeAcrossSummerTime() {
    Window summer = Window.ofLocal(LocalDateTime.of(2026, 7, 1, 9, 0), LocalDateTime.of(2026, 7, 1, 10, 0));
    assertEquals("2026-07-01T07:00:00Z", summer.opens().toString());
    assertEquals("2026-12-10T08:00:00Z", WINDOW.opens().toString());
    assertEquals(Window.Phase.UPCOMING, WINDOW.phaseAt(WINDOW.opens().minusSeconds(1)));
    assertEquals(Window.Phase.OPEN, WINDOW.phaseAt(WINDOW.opens()));
    assertEquals(Window.Phase.CLOSED, WINDOW.phaseAt(WINDOW.closes()));
  }

  @Test
  void documentTypesAreReadFromContent() {
    assertEquals(Optional.of(DocumentType.PDF), DocumentType.detect("%PDF-1.7\n...".getBytes()));
    assertEquals(Optional.of(DocumentType.PNG), DocumentType.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0}));
    assertEquals(Optional.of(DocumentType.JPEG), DocumentType.detect(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}));
    assertEquals(Optional.empty(), DocumentType.detect("<html>%PDF-".getBytes()));
    assertEquals(Optional.empty(), DocumentType.detect(new byte[0]));
    assertEquals("passaporto.pdf", DocumentType.safeName("C:\\docs\\passaporto.pdf"));
    assertEquals("passwd_", DocumentType.safeName("\"../etc/passwd\""));
  }
}
