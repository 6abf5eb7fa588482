package coop.sportello.bandi.domain;

import coop.sportello.bandi.domain.BandoReport.Bando;
import coop.sportello.bandi.domain.BandoReport.Received;
import coop.sportello.bandi.domain.BandoReport.Shop;
import coop.sportello.bandi.domain.BandoReport.StatusCount;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BandoReportTest {

  private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000022");

  private static Bando bando(OptionalLong spent, List<Shop> shops) {
    return new Bando(ID, "Buoni spesa; inverno", "buoni_spesa", "published", 1_000_000, 450_000,
        Map.of("admitted", new StatusCount(2, 300_000), "paid", new StatusCount(1, 150_000), "submitted", new StatusCount(4, 600_000)),
        spent, shops);
  }

  @Test
  void aBandosFileHasTheStatementsConventionsAndEveryLine() {
    String csv = BandoReport.csv(bando(OptionalLong.of(123_456), List.of(new Shop(ID, "Alimentari Rossi", 7, 100_000))), "hour",
        List.of(new Received(LocalDateTime.of(2026, 12, 4, 9, 0), 120)));
    assertTrue(csv.startsWith("\uFEFFVoce;Dettaglio;Domande;Importo (€)\r\n"), csv);
    assertTrue(csv.contains("Domande per stato;In attesa di esame;4;6000,00\r\n"), csv);
    assertTrue(csv.contains("Domande per stato;Respinte;0;0,00\r\n"), "every status, zero too");
    assertTrue(csv.contains("Concesso (ammesse e pagate);;3;4500,00\r\n"), csv);
    assertTrue(csv.contains("Budget residuo;;;5500,00\r\n"), csv);
    assertTrue(csv.contains("Speso con i buoni;;;1234,56\r\n"), csv);
    assertTrue(csv.contains("Speso presso;Alimentari Rossi;7;1000,00\r\n"), csv);
    assertTrue(csv.contains("Domande ricevute per ora;2026-12-04 09:00;120;\r\n"), csv);
  }

  @Test
  void withoutSpendingReportedTheFileLeavesSpendingOut() {
    String csv = BandoReport.csv(bando(OptionalLong.empty(), List.of()), "day", List.of());
    assertTrue(!csv.contains("Speso"), csv);
  }

  @Test
  void aComunesFileHasOneRowPerBandoWithCountsByStatusAndQuotesWhatNeedsIt() {
    String csv = BandoReport.csv(List.of(bando(OptionalLong.empty(), List.of())));
    String[] lines = csv.split("\r\n");
    assertEquals("\uFEFFBando;Tipo;Stato;Budget (€);Concesso (€);Residuo (€);Speso con i buoni (€);Domande;"
        + "In attesa di esame;Da integrare;Ammesse;Pagate;Respinte;Ritirate", lines[0]);
    assertEquals("\"Buoni spesa; inverno\";Buoni spesa;Pubblicato;10000,00;4500,00;5500,00;;7;4;0;2;1;0;0", lines[1]);
    assertEquals(2, lines.length);
  }
}
