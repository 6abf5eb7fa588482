package coop.sportello.vouchers.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure rules of buoni spesa: codes, expiry in Rome, the same day, where a voucher pays, the statement's sums. */
class VoucherRulesTest {

  @Test
  void aWalletCodeIsTwelveDigitsTypedWithOrWithoutSpaces() {
    String code = WalletCode.next();
    assertTrue(code.matches("[0-9]{12}"));
    assertEquals(Optional.of("123456789012"), WalletCode.parse(" 1234 5678-9012 "));
    assertEquals(Optional.empty(), WalletCode.parse("1234 5678 901"));
    assertEquals(Optional.empty(), WalletCode.parse("1234a5678b9012"));
    assertEquals("1234 5678 9012", WalletCode.grouped("123456789012"));
    assertEquals(WalletCode.standIn("123456789012"), WalletCode.standIn("123456789012"), "the same code, the same stand-in");
    assertNotEquals(WalletCode.standIn("123456789012"), WalletCode.standIn("123456789013"));
    assertTrue(WalletCode.oneTimeCode().matches("[0-9]{6}"));
  }

  @Test
  void aWalletExpiresAtTheEndOfItsLastDayInRomeAndStornoIsTheSameRomanDay() {
    assertEquals(Instant.parse("2026-12-31T23:00:00Z"), CounterRules.expiresAt(LocalDate.of(2026, 12, 31)), "winter: UTC+1");
    assertEquals(Instant.parse("2026-07-31T22:00:00Z"), CounterRules.expiresAt(LocalDate.of(2026, 7, 31)), "summer: UTC+2");
    assertTrue(CounterRules.sameDay(Instant.parse("2026-03-01T23:30:00Z"), Instant.parse("2026-03-02T22:59:00Z")),
        "00:30 and 23:59 of 2 March in Rome");
    assertFalse(CounterRules.sameDay(Instant.parse("2026-03-01T22:59:00Z"), Instant.parse("2026-03-01T23:00:00Z")),
        "23:59 of 1 March and midnight in Rome");
    assertTrue(CounterRules.amount(0).isPresent());
    assertTrue(CounterRules.amount(CounterRules.MAX_CHARGE_CENTS + 1).isPresent());
    assertTrue(CounterRules.amount(1).isEmpty());
  }

  @Test
  void aVoucherPaysTheComunesOwnServicesAndThoseOfferedInItsMunicipality() {
    assertTrue(VoucherUse.booking("016024", "municipality", "016024", List.of()).isEmpty(), "the Comune's own");
    assertTrue(VoucherUse.booking("016024", "cooperative", "028063", List.of("016024", "028063")).isEmpty(), "served here");
    assertEquals(Optional.of(VoucherUse.NOT_HERE), VoucherUse.booking("016024", "municipality", "028063", List.of()),
        "another Comune's");
    assertEquals(Optional.of(VoucherUse.NOT_HERE), VoucherUse.booking("016024", "cooperative", "016024", List.of("028063")),
        "a provider of the town, for a service offered elsewhere");
  }

  @Test
  void theStatementSumsChargesLessStornoPerShopAndMunicipalityAndItsCsvOpensInExcel() {
    UUID shop = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    ReimbursementStatement s = ReimbursementStatement.of("2026-12", List.of(
        new ReimbursementStatement.Movement(shop, "Alimentari", "016024", "Bergamo", "spend", -2_350, "2026-12-01T10:00:00+01:00", UUID.randomUUID()),
        new ReimbursementStatement.Movement(shop, "Alimentari", "016024", "Bergamo", "spend", -1_000, "2026-12-01T11:00:00+01:00", UUID.randomUUID()),
        new ReimbursementStatement.Movement(shop, "Alimentari", "016024", "Bergamo", "refund", 1_000, "2026-12-01T12:00:00+01:00", UUID.randomUUID()),
        new ReimbursementStatement.Movement(other, "Forno", "016024", "Bergamo", "spend", -500, "2026-12-02T09:00:00+01:00", UUID.randomUUID())));
    assertEquals(2, s.lines().size());
    ReimbursementStatement.Line first = s.lines().get(0);
    assertEquals(2, first.charges());
    assertEquals(3_350, first.chargedCents());
    assertEquals(1, first.refunds());
    assertEquals(2_350, first.dueCents());
    assertEquals(2_850, s.dueCents());
    String csv = ReimbursementCsv.of(s);
    assertTrue(csv.startsWith("\uFEFFEsercizio;Comune;Data;Movimento;Addebito;Importo (€)\r\n"), csv);
    assertTrue(csv.contains("Alimentari;Bergamo;;Totale dovuto dal Comune (2 addebiti, 1 storni);;23,50\r\n"), csv);
    assertTrue(csv.contains("Storno"), csv);
    assertTrue(csv.endsWith("Totale del mese 2026-12;;;;;28,50\r\n"), csv);
  }
}
