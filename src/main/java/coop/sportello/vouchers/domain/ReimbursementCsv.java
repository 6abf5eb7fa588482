package coop.sportello.vouchers.domain;

import coop.sportello.statements.domain.StatementCsv;

import java.util.List;

/**
 * A month's voucher reimbursement statement as a CSV file for Excel, in the statements' format
 * ({@link StatementCsv}): one row per movement, one total row per shop and municipality, the total due.
 */
public final class ReimbursementCsv {

  private ReimbursementCsv() {
  }

  public static String of(ReimbursementStatement statement) {
    return StatementCsv.write(List.of("Esercizio", "Comune", "Data", "Movimento", "Addebito", "Importo (€)"), printer -> {
      for (ReimbursementStatement.Line line : statement.lines()) {
        for (ReimbursementStatement.Movement m : line.movements()) {
          printer.printRecord(line.shopName(), line.municipalityName(), m.at(),
              "spend".equals(m.kind()) ? "Addebito" : "Storno", m.chargeId(), StatementCsv.euro(-m.amountCents()));
        }
        printer.printRecord(line.shopName(), line.municipalityName(), "",
            "Totale dovuto dal Comune (" + line.charges() + " addebiti, " + line.refunds() + " storni)", "",
            StatementCsv.euro(line.dueCents()));
      }
      printer.printRecord("Totale del mese " + statement.month(), "", "", "", "", StatementCsv.euro(statement.dueCents()));
    });
  }
}
