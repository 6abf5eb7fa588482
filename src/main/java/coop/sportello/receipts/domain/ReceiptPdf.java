package coop.sportello.receipts.domain;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A receipt or credit note as a one-page A4 PDF (OpenPDF, standard Helvetica in WinAnsi: Italian
 * letters and the euro sign need no embedded font). Blocking and CPU-bound: callers run it on a
 * worker, never on an event loop.
 */
public final class ReceiptPdf {

  /** The heading of the document a company keeps for its welfare plan. */
  public static final String FOR_THE_EMPLOYER = "Documento per il datore di lavoro – welfare aziendale, art. 51 TUIR";

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ITALY).withZone(ROME);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ITALY).withZone(ROME);
  private static final Font TITLE = new Font(Font.HELVETICA, 16, Font.BOLD);
  private static final Font BOLD = new Font(Font.HELVETICA, 10, Font.BOLD);
  private static final Font TEXT = new Font(Font.HELVETICA, 10, Font.NORMAL);
  private static final Font SMALL = new Font(Font.HELVETICA, 8, Font.NORMAL);

  private ReceiptPdf() { }

  public static byte[] render(ReceiptDocument d) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    Document pdf = new Document(PageSize.A4, 56, 56, 56, 56);
    try {
      PdfWriter.getInstance(pdf, out);
      pdf.addTitle(d.series().title() + " " + d.label());
      pdf.addCreator("Sportello");
      pdf.open();
      issuer(pdf, d.issuer());
      Paragraph title = new Paragraph(d.series().title() + " n. " + d.label(), TITLE);
      title.setSpacingBefore(18);
      pdf.add(title);
      pdf.add(new Paragraph("Data: " + DAY.format(d.issuedAt()), TEXT));
      d.refersTo().ifPresent(r -> pdf.add(new Paragraph("A storno della ricevuta n. " + r.label() + " del "
          + DAY.format(r.issuedAt()), BOLD)));
      recipient(pdf, d);
      service(pdf, d);
      amounts(pdf, d);
      pdf.close();
    } catch (DocumentException e) {
      throw new IllegalStateException("could not write the PDF of " + d.series().wireName() + " " + d.label(), e);
    }
    return out.toByteArray();
  }

  private static void issuer(Document pdf, ReceiptDocument.Issuer issuer) {
    pdf.add(new Paragraph(issuer.legalName(), BOLD));
    pdf.add(new Paragraph(issuer.legalAddress(), TEXT));
    pdf.add(new Paragraph("P.IVA " + issuer.vatNumber() + " – C.F. " + issuer.fiscalCode(), TEXT));
  }

  private static void recipient(Document pdf, ReceiptDocument d) {
    Paragraph block = new Paragraph();
    block.setSpacingBefore(14);
    String cf = d.personCodiceFiscale().map(code -> " – C.F. " + code).orElse("");
    if (d.payingCompany().isPresent()) {
      ReceiptDocument.PayingCompany company = d.payingCompany().get();
      block.add(new Paragraph(FOR_THE_EMPLOYER, BOLD));
      block.add(new Paragraph("Pagato da: " + company.name() + " – P.IVA " + company.vatNumber(), TEXT));
      block.add(new Paragraph("Piano welfare: " + company.plan(), TEXT));
      block.add(new Paragraph("Dipendente beneficiario: " + d.personName() + cf, TEXT));
    } else {
      block.add(new Paragraph("Intestata a: " + d.personName() + cf, TEXT));
    }
    pdf.add(block);
  }

  private static void service(Document pdf, ReceiptDocument d) {
    Paragraph block = new Paragraph();
    block.setSpacingBefore(14);
    block.add(new Paragraph("Servizio: " + d.serviceTitle(), TEXT));
    block.add(new Paragraph("Quando: " + DAY.format(d.serviceStartsAt()) + " dalle " + TIME.format(d.serviceStartsAt())
        + " alle " + TIME.format(d.serviceEndsAt()), TEXT));
    block.add(new Paragraph("Pagamento: " + method(d.method(), d.means().orElse(null)), TEXT));
    pdf.add(block);
  }

  private static void amounts(Document pdf, ReceiptDocument d) {
    PdfPTable table = new PdfPTable(new float[] {3, 1});
    table.setWidthPercentage(100);
    table.setSpacingBefore(18);
    if (d.vat() == VatTreatment.EXEMPT) {
      row(table, "Importo (" + VatTreatment.EXEMPTION_NOTE + ")", euro(d.amountCents()), TEXT);
    } else {
      row(table, "Imponibile", euro(d.taxableCents()), TEXT);
      row(table, "IVA " + d.vat().ratePercent() + "%", euro(d.vatCents()), TEXT);
    }
    row(table, d.series() == Series.CREDIT_NOTE ? "Totale restituito" : "Totale pagato", euro(d.amountCents()), BOLD);
    pdf.add(table);
    if (d.vat() != VatTreatment.EXEMPT) {
      Paragraph rounding = new Paragraph(VatTreatment.ROUNDING + ".", SMALL);
      rounding.setSpacingBefore(6);
      pdf.add(rounding);
    }
    Paragraph issuedBy = new Paragraph(new Chunk("Documento emesso da Sportello per conto di " + d.issuer().legalName() + ".", SMALL));
    issuedBy.setSpacingBefore(24);
    pdf.add(issuedBy);
  }

  private static void row(PdfPTable table, String label, String amount, Font font) {
    PdfPCell left = new PdfPCell(new Phrase(label, font));
    PdfPCell right = new PdfPCell(new Phrase(amount, font));
    right.setHorizontalAlignment(Element.ALIGN_RIGHT);
    left.setPadding(5);
    right.setPadding(5);
    table.addCell(left);
    table.addCell(right);
  }

  /** How it was paid, in words. */
  static String method(String method, String means) {
    return switch (method) {
      case "welfare_credit" -> "credito welfare aziendale";
      case "voucher" -> "buono del Comune";
      case "card" -> "carta di pagamento online";
      case "at_provider" -> "presso la cooperativa" + (means == null ? "" : switch (means) {
        case "cash" -> " (contanti)";
        case "pos" -> " (POS)";
        case "bank_transfer" -> " (bonifico)";
        default -> "";
      });
      default -> method;
    };
  }

  /** 165000 → "1.650,00 €" (as sportello.js's euro()). */
  public static String euro(long cents) {
    String sign = cents < 0 ? "-" : "";
    long abs = Math.abs(cents);
    StringBuilder whole = new StringBuilder(Long.toString(abs / 100));
    for (int i = whole.length() - 3; i > 0; i -= 3) {
      whole.insert(i, '.');
    }
    return sign + whole + "," + String.format(Locale.ROOT, "%02d", abs % 100) + " €";
  }

  /** The day of an instant in Rome, as documents print it. */
  public static String day(Instant at) {
    return DAY.format(at);
  }
}
