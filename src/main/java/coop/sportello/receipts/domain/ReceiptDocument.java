package coop.sportello.receipts.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Everything a receipt or credit note says, as stored when it was issued (see V39): the PDF is a
 * pure function of it.
 *
 * @param number         its number in the provider's series of that year
 * @param refersTo       a credit note: the receipt it corrects ("12/2026 del 03/12/2026")
 * @param personCodiceFiscale the person's codice fiscale when Sportello knows it
 * @param payingCompany  welfare credit: the employer whose plan paid, with the plan
 * @param method         welfare_credit, voucher, card or at_provider
 * @param means          at_provider: cash, pos or bank_transfer
 */
public record ReceiptDocument(Series series, int year, int number, Instant issuedAt, Optional<Reference> refersTo,
                              Issuer issuer, String personName, Optional<String> personCodiceFiscale,
                              Optional<PayingCompany> payingCompany, String serviceTitle, Instant serviceStartsAt,
                              Instant serviceEndsAt, String method, Optional<String> means, int amountCents,
                              VatTreatment vat, int taxableCents, int vatCents) {

  /** The cooperative that issues it, with its legal data. */
  public record Issuer(String legalName, String legalAddress, String fiscalCode, String vatNumber) { }

  /** The employer whose welfare plan paid for its employee. */
  public record PayingCompany(String name, String vatNumber, String plan) { }

  /** The receipt a credit note corrects. */
  public record Reference(int year, int number, Instant issuedAt) {
    public String label() {
      return number + "/" + year;
    }
  }

  /** "12/2026". */
  public String label() {
    return number + "/" + year;
  }
}
