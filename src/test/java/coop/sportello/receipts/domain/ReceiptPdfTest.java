package coop.sportello.receipts.domain;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PDF says what a fiscal document must: read back with OpenPDF's own text extractor. */
class ReceiptPdfTest {

  private static final ReceiptDocument.Issuer ISSUER = new ReceiptDocument.Issuer("Il Germoglio Società Cooperativa Sociale Onlus",
      "Via Borgo Palazzo 88, 24125 Bergamo (BG)", "41273500169", "41273500169");
  private static final Instant ISSUED = Instant.parse("2026-12-03T10:15:00Z");
  private static final Instant START = Instant.parse("2026-12-10T08:00:00Z");
  private static final Instant END = Instant.parse("2026-12-10T10:00:00Z");

  static String text(byte[] pdf) throws IOException {
    PdfReader reader = new PdfReader(pdf);
    try {
      StringBuilder all = new StringBuilder();
      for (int page = 1; page <= reader.getNumberOfPages(); page++) {
        all.append(new PdfTextExtractor(reader).getTextFromPage(page)).append('\n');
      }
      return all.toString();
    } finally {
      reader.close();
    }
  }

  @Test
  void aReceiptAtFivePercentNamesTheCooperativeThePersonTheServiceAndSplitsTheVat() throws IOException {
    ReceiptDocument receipt = new ReceiptDocument(Series.RECEIPT, 2026, 12, ISSUED, Optional.empty(), ISSUER,
        "Giulia Rossi", Optional.of("RSSGLI80A41A794K"), Optional.empty(), "Assistenza domiciliare", START, END,
        "at_provider", Optional.of("pos"), 4200, VatTreatment.VAT_5, 4000, 200);
    String text = text(ReceiptPdf.render(receipt));
    for (String expected : new String[] {"Il Germoglio Società Cooperativa Sociale Onlus", "Via Borgo Palazzo 88, 24125 Bergamo (BG)",
        "P.IVA 41273500169", "Ricevuta n. 12/2026", "Data: 03/12/2026", "Giulia Rossi", "C.F. RSSGLI80A41A794K",
        "Assistenza domiciliare", "10/12/2026 dalle 09:00 alle 11:00", "presso la cooperativa (POS)", "Imponibile", "40,00 €",
        "IVA 5%", "2,00 €", "Totale pagato", "42,00 €"}) {
      assertTrue(text.contains(expected), "missing «" + expected + "» in:\n" + text);
    }
    assertFalse(text.contains("Esente"), text);
    assertFalse(text.contains("art. 51 TUIR"), "a person's receipt is not the employer's document");
  }

  @Test
  void aWelfareCreditReceiptIsTheEmployersDocumentAndAnExemptCreditNoteReferencesItsReceipt() throws IOException {
    ReceiptDocument.PayingCompany company = new ReceiptDocument.PayingCompany("Meccanica Orobica S.p.A.", "09876543210", "Operai 2026");
    ReceiptDocument welfare = new ReceiptDocument(Series.RECEIPT, 2026, 7, ISSUED, Optional.empty(), ISSUER, "Marco Bianchi",
        Optional.empty(), Optional.of(company), "Campo estivo", START, END, "welfare_credit", Optional.empty(), 165000,
        VatTreatment.EXEMPT, 165000, 0);
    String text = text(ReceiptPdf.render(welfare));
    for (String expected : new String[] {ReceiptPdf.FOR_THE_EMPLOYER, "Pagato da: Meccanica Orobica S.p.A.", "P.IVA 09876543210",
        "Piano welfare: Operai 2026", "Dipendente beneficiario: Marco Bianchi", "Esente IVA art. 10 DPR 633/72", "1.650,00 €",
        "credito welfare aziendale", "Ricevuta n. 7/2026"}) {
      assertTrue(text.contains(expected), "missing «" + expected + "» in:\n" + text);
    }
    assertFalse(text.contains("C.F. RSS"), "no codice fiscale when it is not known");

    ReceiptDocument note = new ReceiptDocument(Series.CREDIT_NOTE, 2027, 1, Instant.parse("2027-01-04T09:00:00Z"),
        Optional.of(new ReceiptDocument.Reference(2026, 7, ISSUED)), ISSUER, "Marco Bianchi", Optional.empty(), Optional.of(company),
        "Campo estivo", START, END, "welfare_credit", Optional.empty(), 82500, VatTreatment.EXEMPT, 82500, 0);
    String noteText = text(ReceiptPdf.render(note));
    assertTrue(noteText.contains("Nota di credito n. 1/2027"), noteText);
    assertTrue(noteText.contains("A storno della ricevuta n. 7/2026 del 03/12/2026"), noteText);
    assertTrue(noteText.contains("Totale restituito"), noteText);
    assertTrue(noteText.contains("825,00 €"), noteText);
  }

  @Test
  void euroIsWrittenAsItalianPagesWriteIt() {
    assertEquals("1.650,00 €", ReceiptPdf.euro(165000));
    assertEquals("0,05 €", ReceiptPdf.euro(5));
    assertEquals("1.234.567,89 €", ReceiptPdf.euro(123456789));
  }
}
