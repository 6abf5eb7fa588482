package coop.sportello.receipts;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Problem;
import coop.sportello.privacy.ReadLog;
import coop.sportello.privacy.domain.ReadKind;
import coop.sportello.receipts.domain.ReceiptPdf;
import coop.sportello.receipts.domain.Series;
import coop.sportello.receipts.domain.VatTreatment;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Receipts and credit notes: issued by the relay from money_ledger rows, read by the person they
 * are for and by their provider's admin, rendered as PDF on a bounded worker pool.
 * <ul>
 *   <li>Numbering is gapless per provider, year and series: a document's number comes from its
 *       counter row in the transaction that inserts it (see {@link ReceiptRepository#nextNumber}),
 *       so a failure rolls the number back with the document.</li>
 *   <li>Relays on several nodes claim disjoint rows (SKIP LOCKED) and wait only on the counter of
 *       the one document each is issuing, which never makes a cycle.</li>
 * </ul>
 */
public final class ReceiptService {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiptService.class);
  /** The one answer for a document the caller may not read, or that does not exist. */
  static final Refusal NO_RECEIPT = Refusal.notFound("not-found", "Nessuna ricevuta con questo identificativo tra le tue.");
  private static final int LIST_LIMIT = 1000;

  private final ReceiptRepository repository;
  private final WorkerExecutor pdfWorkers;
  private final Duration retryWait;

  ReceiptService(ReceiptRepository repository, WorkerExecutor pdfWorkers, Duration retryWait) {
    this.repository = repository;
    this.pdfWorkers = pdfWorkers;
    this.retryWait = retryWait;
  }

  // ---- the relay ---------------------------------------------------------------------------------

  /**
   * Documents up to {@code limit} ledger rows, one transaction each; answers how many it claimed.
   * One document per transaction keeps each counter row locked for a few statements only, and a
   * document that fails takes nothing else down: its row waits (next_try_at), the batch goes on.
   */
  public Future<Integer> issueBatch(int limit) {
    return issueFrom(0, limit);
  }

  private Future<Integer> issueFrom(int done, int limit) {
    if (done >= limit) {
      return Future.succeededFuture(done);
    }
    return issueNext().compose(claimed -> claimed ? issueFrom(done + 1, limit) : Future.succeededFuture(done));
  }

  /** Claims the next row due (SKIP LOCKED) and documents it; false when none is due. */
  private Future<Boolean> issueNext() {
    long[] claimed = {-1};
    return repository.pool().withTransaction(tx -> repository.claimNext(tx).compose(due -> {
          if (due.isEmpty()) {
            return Future.succeededFuture(false);
          }
          claimed[0] = due.get();
          return issue(tx, due.get()).map(true);
        }))
        .recover(failure -> {
          if (claimed[0] < 0) {
            return Future.failedFuture(failure);
          }
          LOG.warn("Could not issue the document of ledger row {}: trying again later", claimed[0], failure);
          String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
          return repository.failed(claimed[0], reason.length() > 500 ? reason.substring(0, 500) : reason, retryWait).map(true);
        });
  }

  /** The document of one ledger row: its facts, the next number of its series, the row, in the caller's transaction. */
  private Future<Void> issue(SqlConnection tx, long ledgerId) {
    return repository.facts(tx, ledgerId)
        .compose(facts -> {
          VatTreatment vat = VatTreatment.fromWire(facts.vatTreatment())
              .orElseThrow(() -> new IllegalStateException("unknown VAT treatment " + facts.vatTreatment()));
          return repository.nextNumber(tx, facts.providerId(), facts.series())
              .compose(number -> repository.insert(tx, facts, number, vat, vat.split(facts.amountCents())));
        })
        .compose(id -> repository.issued(tx, ledgerId));
  }

  // ---- reads -------------------------------------------------------------------------------------

  /** {items: [...]}: the caller's own receipts and credit notes, newest first. */
  public Future<JsonObject> mine(Identity who) {
    return repository.ofPerson(who.subject(), LIST_LIMIT).map(items -> new JsonObject().put("items", items));
  }

  /** {year, items: [...]}: the provider's documents of that year, by series and number; the read is logged. */
  public Future<JsonObject> ofProvider(Identity who, UUID provider, int year) {
    return repository.ofProvider(provider, year, LIST_LIMIT * 10)
        .compose(page -> ReadLog.recordSubjects(repository.pool(), who, page.people(), ReadKind.PROVIDER_RECEIPTS.wireName(), null)
            .map(new JsonObject().put("year", year).put("items", page.items())));
  }

  /**
   * The PDF of a document, for the person it is for or an admin of its provider (whose read is
   * logged); anyone else, and any unknown id, gets the same 404.
   */
  public Future<Pdf> pdf(Identity who, UUID id) {
    return repository.owners(id).compose(owners -> {
      boolean own = owners.isPresent() && owners.get().person().equals(who.subject());
      boolean theirProvider = owners.isPresent() && who.hasRole(Role.PROVIDER_ADMIN)
          && owners.get().provider().toString().equals(who.providerId());
      if (!own && !theirProvider) {
        return Future.failedFuture(Problem.of(NO_RECEIPT));
      }
      Future<Void> logged = own ? Future.succeededFuture()
          : ReadLog.recordSubjects(repository.pool(), who, List.of(owners.get().person()), ReadKind.RECEIPT.wireName(), id.toString());
      return logged.compose(v -> repository.document(id)).compose(document -> pdfWorkers.executeBlocking(
          () -> new Pdf(fileName(document.series(), document.year(), document.number()), Buffer.buffer(ReceiptPdf.render(document))),
          false));
    });
  }

  /** A rendered document and the name to save it under. */
  public record Pdf(String fileName, Buffer bytes) { }

  private static String fileName(Series series, int year, int number) {
    return (series == Series.RECEIPT ? "ricevuta-" : "nota-di-credito-") + year + "-" + number + ".pdf";
  }

  // ---- legal data --------------------------------------------------------------------------------

  public Future<JsonObject> legalDetails(UUID provider) {
    return repository.legalDetails(repository.pool(), provider);
  }

  /** Saves the legal data printed on the provider's next documents (issued ones keep what they said). */
  public Future<Idempotency.Outcome> saveLegalDetails(UUID provider, String legalName, String legalAddress, String fiscalCode,
                                                      Idempotency.Key key) {
    return repository.pool().withTransaction(tx -> IdempotencyStore.once(tx, key, () ->
        repository.saveLegalDetails(tx, provider, legalName, legalAddress, fiscalCode)
            .compose(v -> repository.legalDetails(tx, provider))
            .map(json -> new Idempotency.Outcome(200, json))));
  }
}
