package coop.sportello.receipts;

import coop.sportello.notifications.Pump;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Receipts (see {@link ReceiptService}): on every node a relay (a {@link Pump}) documents the new
 * rows of money_ledger, the relays keeping apart by SKIP LOCKED; PDFs are rendered on a worker pool
 * of its own, so a burst of downloads neither blocks an event loop nor takes every worker.
 */
public final class ReceiptsModule implements Module {

  /**
   * The module's configuration (section {@code receipts}).
   *
   * @param relayMillis   pause between relay rounds when nothing is left over
   * @param relayBatch    ledger rows per relay transaction
   * @param retrySeconds  a row that failed waits this long times its attempts (at most 60 times)
   * @param pdfWorkers    PDFs rendered at once on this node
   */
  public record Settings(long relayMillis, int relayBatch, int retrySeconds, int pdfWorkers) {

    public static Settings from(JsonObject receipts) {
      return new Settings(receipts.getLong("relayMillis"), receipts.getInteger("relayBatch"),
          receipts.getInteger("retrySeconds"), receipts.getInteger("pdfWorkers"));
    }
  }

  private final Platform platform;
  private final Settings settings;
  private final WorkerExecutor pdfWorkers;
  private final ReceiptService service;
  private final ReceiptRoutes routes;
  private Pump relay;

  private ReceiptsModule(Platform platform, Settings settings) {
    this.platform = platform;
    this.settings = settings;
    this.pdfWorkers = platform.vertx().createSharedWorkerExecutor("receipts-pdf", settings.pdfWorkers());
    this.service = new ReceiptService(new ReceiptRepository(platform.pool()), pdfWorkers,
        Duration.ofSeconds(settings.retrySeconds()));
    this.routes = new ReceiptRoutes(service, platform.clock());
  }

  public static ReceiptsModule create(Platform platform, Settings settings) {
    return new ReceiptsModule(platform, settings);
  }

  public ReceiptService service() {
    return service;
  }

  @Override
  public ApiModule api() {
    return routes;
  }

  @Override
  public Future<Void> start() {
    relay = new Pump(platform.vertx(), "receipts relay", settings.relayMillis(), settings.relayBatch(),
        () -> service.issueBatch(settings.relayBatch()));
    relay.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    Future<Void> stopped = relay == null ? Future.succeededFuture() : relay.stop();
    return stopped.eventually(pdfWorkers::close);
  }
}
