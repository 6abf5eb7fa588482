package coop.sportello.statements.domain;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Statements as CSV files that Excel with Italian settings opens as they are: a byte-order mark
 * (so UTF-8 is read as UTF-8), {@code ;} between fields, CRLF, one header row, amounts in euro with
 * a comma before the cents and no thousands separator ({@code 1234,50}), Italian labels.
 */
public final class StatementCsv {

  /** The channels' names in the files. */
  public static final Map<String, String> CHANNEL_NAMES = Map.of(
      "welfare_credit", "Credito welfare", "voucher", "Buono del Comune", "card", "Carta", "at_provider", "Presso la cooperativa");

  private static final char BOM = '\uFEFF';

  private StatementCsv() {
  }

  /** A cooperative's month: one row per item (Voce; Canale; Movimenti; Importo in euro). */
  public static String statement(Statement s) {
    return write(List.of("Voce", "Canale", "Movimenti", "Importo (€)"), printer -> {
      printer.printRecord("Prenotazioni svolte nel mese", "", s.deliveredBookings(), euro(s.deliveredCents()));
      for (Statement.ChannelTotal c : s.received()) {
        printer.printRecord("Incassato", CHANNEL_NAMES.get(c.channel()), c.movements(), euro(c.cents()));
      }
      printer.printRecord("Totale incassato", "", "", euro(s.receivedCents()));
      for (Statement.ChannelTotal c : s.refunded()) {
        printer.printRecord("Rimborsato", CHANNEL_NAMES.get(c.channel()), c.movements(), euro(c.cents()));
      }
      printer.printRecord("Totale rimborsato", "", "", euro(s.refundedCents()));
      printer.printRecord("Commissione della piattaforma (" + percent(s.feeBps()) + " dei pagamenti con carta)",
          CHANNEL_NAMES.get("card"), "", euro(s.feeCents()));
      printer.printRecord("Netto (incassato − rimborsato − commissione)", "", "", euro(s.netCents()));
    });
  }

  /** A company's month: one row per area (or "Altro"), the total, and a note when a cell was left out. */
  public static String creditUse(CreditUse use, Map<String, String> areaNames) {
    return write(List.of("Area", "Persone", "Credito speso (€)", "Credito rimborsato (€)", "Netto (€)"), printer -> {
      for (CreditUse.Cell c : use.cells()) {
        printer.printRecord(c.area().equals(CreditUse.OTHER) ? "Altro (aree con meno di " + CreditUse.MIN_PEOPLE + " persone)"
            : areaNames.getOrDefault(c.area(), c.area()), c.people(), euro(c.spentCents()), euro(c.refundedCents()), euro(c.netCents()));
      }
      printer.printRecord("Totale", "", euro(use.spentCents()), euro(use.refundedCents()), euro(use.netCents()));
      if (use.suppressed()) {
        printer.printRecord("Non mostrato: aree con meno di " + CreditUse.MIN_PEOPLE + " persone in tutto", "", "", "", "");
      }
    });
  }

  /** Cents as euro with a comma: {@code 123456} → {@code 1234,56}, {@code -5} → {@code -0,05}. */
  public static String euro(long cents) {
    long abs = Math.abs(cents);
    return (cents < 0 ? "-" : "") + abs / 100 + "," + String.format("%02d", abs % 100);
  }

  /** Basis points as a percentage with a comma: 250 → "2,5%". */
  static String percent(int bps) {
    String whole = String.valueOf(bps / 100);
    int rest = bps % 100;
    return (rest == 0 ? whole : whole + "," + (rest % 10 == 0 ? String.valueOf(rest / 10) : String.format("%02d", rest))) + "%";
  }

  /** These conventions' CSV format with {@code header} (the BOM is the writer's: {@link #BOM_TEXT}). */
  public static CSVFormat format(List<String> header) {
    return CSVFormat.DEFAULT.builder().setDelimiter(';').setRecordSeparator("\r\n").setHeader(header.toArray(String[]::new)).get();
  }

  /** The byte-order mark every file starts with. */
  public static final String BOM_TEXT = String.valueOf(BOM);

  /** The rows of a file, printed in order under its header. */
  public interface Rows {
    void print(CSVPrinter printer) throws IOException;
  }

  /** A file in these conventions: the BOM, {@code header}, then {@code rows} (the bandi reports and the voucher reimbursement statements use it too). */
  public static String write(List<String> header, Rows rows) {
    StringBuilder out = new StringBuilder().append(BOM);
    try (CSVPrinter printer = new CSVPrinter(out, format(header))) {
      rows.print(printer);
    } catch (IOException e) {
      throw new UncheckedIOException("a StringBuilder does not fail", e);
    }
    return out.toString();
  }
}
