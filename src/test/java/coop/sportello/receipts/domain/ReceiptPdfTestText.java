package coop.sportello.receipts.domain;

import java.io.IOException;

/** The text of a PDF, for the tests of other packages (see {@link ReceiptPdfTest#text}). */
public final class ReceiptPdfTestText {

  private ReceiptPdfTestText() { }

  public static String of(byte[] pdf) throws IOException {
    return ReceiptPdfTest.text(pdf);
  }
}
