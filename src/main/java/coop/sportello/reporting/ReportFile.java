package coop.sportello.reporting;

import coop.sportello.reporting.domain.ExportRow;
import coop.sportello.statements.domain.StatementCsv;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * An export file being written row by row to a blocking stream (never held whole): CSV in the
 * statements' conventions (BOM, {@code ;}, CRLF, euro with a comma) or XLSX through fastexcel,
 * whose worksheet is flushed every {@link #FLUSH_ROWS} rows so only those are in memory.
 */
interface ReportFile {

  int FLUSH_ROWS = 1_000;

  void row(ExportRow row) throws IOException;

  /** Writes what is left and the file's end (the stream stays open: its owner closes it). */
  void finish() throws IOException;

  enum Format {
    CSV("text/csv; charset=utf-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

    final String mediaType;
    final String extension;

    Format(String mediaType, String extension) {
      this.mediaType = mediaType;
      this.extension = extension;
    }

    ReportFile open(OutputStream out) throws IOException {
      return this == CSV ? new Csv(out) : new Xlsx(out);
    }
  }

  final class Csv implements ReportFile {
    private final OutputStreamWriter writer;
    private final CSVPrinter printer;

    Csv(OutputStream out) throws IOException {
      this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      writer.write(StatementCsv.BOM_TEXT);
      this.printer = new CSVPrinter(writer, StatementCsv.format(ExportRow.HEADER));
    }

    @Override
    public void row(ExportRow r) throws IOException {
      printer.printRecord(r.date(), r.service(), r.area(), r.provider(), r.municipality() == null ? "" : r.municipality(),
          r.outcomeLabel(), r.minutes(), r.priceCents() == null ? "" : StatementCsv.euro(r.priceCents()), r.channelsLabel(),
          r.waitingDays(), r.person());
    }

    @Override
    public void finish() throws IOException {
      printer.flush();
      writer.flush();
    }
  }

  final class Xlsx implements ReportFile {
    private final Workbook workbook;
    private final Worksheet sheet;
    private int next = 1;

    Xlsx(OutputStream out) {
      this.workbook = new Workbook(out, "Sportello", "1.0");
      this.sheet = workbook.newWorksheet("Prenotazioni");
      for (int c = 0; c < ExportRow.HEADER.size(); c++) {
        sheet.value(0, c, ExportRow.HEADER.get(c));
        sheet.style(0, c).bold().set();
      }
    }

    @Override
    public void row(ExportRow r) throws IOException {
      int i = next++;
      sheet.value(i, 0, r.date());
      sheet.style(i, 0).format("yyyy-mm-dd").set();
      sheet.value(i, 1, r.service());
      sheet.value(i, 2, r.area());
      sheet.value(i, 3, r.provider());
      if (r.municipality() != null) {
        sheet.value(i, 4, r.municipality());
      }
      sheet.value(i, 5, r.outcomeLabel());
      sheet.value(i, 6, r.minutes());
      if (r.priceCents() != null) {
        sheet.value(i, 7, new java.math.BigDecimal(r.priceCents()).movePointLeft(2));
        sheet.style(i, 7).format("0.00").set();
      }
      sheet.value(i, 8, r.channelsLabel());
      sheet.value(i, 9, r.waitingDays());
      sheet.value(i, 10, r.person());
      if (i % FLUSH_ROWS == 0) {
        sheet.flush();
      }
    }

    @Override
    public void finish() throws IOException {
      sheet.finish();
      workbook.finish();
    }
  }

  /** The date as the file's name carries it. */
  static String fileName(String scope, String entity, LocalDate from, LocalDate to, Format format) {
    return "rapporto-" + scope + "-" + entity + "-" + from + "-" + to + "." + format.extension;
  }
}
