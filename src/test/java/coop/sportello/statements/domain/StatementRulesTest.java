package coop.sportello.statements.domain;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statements' pure rules: the Rome month, the fee's rounding, the statement's sums and the CSV's numbers. */
class StatementRulesTest {

  @Test
  void aMonthIsItsRomeDaysAcrossDaylightSaving() {
    StatementMonth october = StatementMonth.parse("2026-10").orElseThrow();
    assertEquals(OffsetDateTime.parse("2026-10-01T00:00+02:00"), october.from());
    assertEquals(OffsetDateTime.parse("2026-11-01T00:00+01:00"), october.until(), "summer time ends on 25 October");
    for (String wrong : new String[] {null, "", "2026-13", "2026-1", "26-10", "2019-12", "2101-01", "2026-10-01", " 2026-10"}) {
      assertEquals(Optional.empty(), StatementMonth.parse(wrong), String.valueOf(wrong));
    }
    assertEquals(422, StatementMonth.WRONG.status());
  }

  @Test
  void theFeeIsRoundedPerPaymentHalfUp() {
    assertEquals(75, PlatformFee.of(3_000, 250));
    assertEquals(26, PlatformFee.of(1_020, 250), "25,5 cents: up");
    assertEquals(25, PlatformFee.of(1_019, 250), "25,475 cents: down");
    assertEquals(0, PlatformFee.of(1_999, 0));
    assertEquals(2_000_000_000L / 5, PlatformFee.of(2_000_000_000L, 2_000), "no overflow on large amounts");
    assertThrows(IllegalArgumentException.class, () -> PlatformFee.of(-1, 100));
  }

  @Test
  void theStatementListsEveryChannelAndNetsRefundsAndFees() {
    Statement s = Statement.of(StatementMonth.parse("2026-10").orElseThrow(), 250, 3, 5_520, List.of(
            new Statement.LedgerTotal("card", "payment", 3, 6_020), new Statement.LedgerTotal("card", "refund", 1, -2_000),
            new Statement.LedgerTotal("welfare_credit", "payment", 1, 1_000)),
        List.of(new Statement.CardAmount(3_000, 1), new Statement.CardAmount(1_020, 1), new Statement.CardAmount(2_000, 1)));
    assertEquals(List.of("welfare_credit", "voucher", "card", "at_provider"), s.received().stream().map(Statement.ChannelTotal::channel).toList());
    assertEquals(7_020, s.receivedCents());
    assertEquals(2_000, s.refundedCents());
    assertEquals(151, s.feeCents());
    assertEquals(4_869, s.netCents());
    String csv = StatementCsv.statement(s);
    assertTrue(csv.startsWith("\uFEFFVoce;Canale;Movimenti;Importo (€)\r\n"), csv);
    assertTrue(csv.contains("Incassato;Buono del Comune;0;0,00\r\n"), csv);
  }

  @Test
  void euroAndPercentAreWrittenTheItalianWay() {
    assertEquals("1234,56", StatementCsv.euro(123_456));
    assertEquals("0,05", StatementCsv.euro(5));
    assertEquals("-0,05", StatementCsv.euro(-5));
    assertEquals("0,00", StatementCsv.euro(0));
    assertEquals("2,5%", StatementCsv.percent(250));
    assertEquals("2,25%", StatementCsv.percent(225));
    assertEquals("0,05%", StatementCsv.percent(5));
    assertEquals("20%", StatementCsv.percent(2_000));
  }

  @Test
  void smallAreasAreMergedIntoAltroAndATooSmallAltroIsLeftOut() {
    StatementMonth month = StatementMonth.parse("2026-10").orElseThrow();
    List<CreditUse.Spending> rows = new java.util.ArrayList<>();
    for (long p = 1; p <= 5; p++) {
      rows.add(new CreditUse.Spending("health", p, 1_000, 0));
    }
    rows.add(new CreditUse.Spending("childhood", 6, 2_000, 0));
    rows.add(new CreditUse.Spending("elderly", 7, 300, 100));
    CreditUse use = CreditUse.of(month, rows);
    assertEquals(List.of(new CreditUse.Cell("health", 5, 5_000, 0)), use.cells());
    assertTrue(use.suppressed(), "two people in 'altro': left out");
    assertEquals(5_000, use.spentCents(), "and not in the total");

    // The same person in two small areas counts once: four distinct people are still too few.
    rows.add(new CreditUse.Spending("elderly", 6, 300, 0));
    rows.add(new CreditUse.Spending("education", 8, 300, 0));
    rows.add(new CreditUse.Spending("work_life", 9, 300, 0));
    assertTrue(CreditUse.of(month, rows).suppressed());
    rows.add(new CreditUse.Spending("work_life", 10, 300, 0));
    CreditUse merged = CreditUse.of(month, rows);
    assertFalse(merged.suppressed());
    assertEquals(new CreditUse.Cell("altro", 5, 3_500, 100), merged.cells().get(1));
    assertEquals(List.of(), CreditUse.of(month, List.of()).cells());
    assertFalse(CreditUse.of(month, List.of()).suppressed(), "nothing spent: nothing left out");
  }
}
