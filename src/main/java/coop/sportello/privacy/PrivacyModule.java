package coop.sportello.privacy;

import coop.sportello.notifications.Pump;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.privacy.domain.Retention;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Privacy (GDPR): the notice and consents, "I miei dati", erasure, the read log (written by
 * {@link ReadLog} where staff read a person) and, on every node, the retention purge: a pump that
 * runs each kind's batch in turn, claims with SKIP LOCKED keeping the nodes apart.
 */
public final class PrivacyModule implements Module {

  /**
   * The module's configuration (section {@code privacy}).
   *
   * @param retention          how long each kind of record keeps personal data
   * @param purgeMillis        pause between purge rounds when nothing is left over
   * @param purgeBatch         records per kind and transaction
   * @param recentSignInMinutes a sign-in this recent confirms an erasure without the password
   * @param network            the network's name: the organisation of its own staff in the read log
   */
  public record Settings(Retention retention, long purgeMillis, int purgeBatch, int recentSignInMinutes, String network) {

    public static Settings from(JsonObject privacy, String network) {
      JsonObject r = privacy.getJsonObject("retention");
      return new Settings(Retention.ofDays(r.getInteger("chatTranscriptDays"), r.getInteger("callRecordDays"),
          r.getInteger("bookingAuditDays"), r.getInteger("idempotencyKeyDays"), r.getInteger("readLogDays"),
          r.getInteger("unsentUploadDays")),
          privacy.getLong("purgeMillis"), privacy.getInteger("purgeBatch"), privacy.getInteger("recentSignInMinutes"), network);
    }
  }

  private final Platform platform;
  private final Settings settings;
  private final PrivacyService service;
  private final RetentionRepository retention;
  private final PrivacyRoutes routes;
  private Pump purge;

  private PrivacyModule(Platform platform, Settings settings) {
    this.platform = platform;
    this.settings = settings;
    this.service = new PrivacyService(platform.pool(), platform.nodeBus(), new PasswordHasher(platform.vertx()),
        settings.network(), Duration.ofMinutes(settings.recentSignInMinutes()), platform.clock());
    this.retention = new RetentionRepository(platform.pool());
    this.routes = new PrivacyRoutes(service);
  }

  public static PrivacyModule create(Platform platform, Settings settings) {
    return new PrivacyModule(platform, settings);
  }

  public PrivacyService service() {
    return service;
  }

  @Override
  public ApiModule api() {
    return routes;
  }

  /**
   * One purge round: every kind once, a batch each. Answers the most one kind purged, so the pump
   * goes straight on while some kind filled its batch and pauses once none did.
   */
  public Future<Integer> purgeOnce() {
    Retention r = settings.retention();
    int batch = settings.purgeBatch();
    List<Supplier<Future<Integer>>> kinds = List.of(
        () -> retention.purge(RetentionRepository.CHAT_TRANSCRIPTS, r.chatTranscripts(), batch),
        () -> retention.purge(RetentionRepository.CALLS, r.callRecords(), batch),
        () -> retention.purge(RetentionRepository.CALL_LOG, r.callRecords(), batch),
        () -> retention.purge(RetentionRepository.BOOKING_AUDIT, r.bookingAudit(), batch),
        () -> retention.purge(RetentionRepository.IDEMPOTENCY_KEYS, r.idempotencyKeys(), batch),
        () -> retention.purge(RetentionRepository.READ_LOG, r.readLog(), batch),
        () -> retention.purge(RetentionRepository.UNSENT_UPLOADS, r.unsentUploads(), batch));
    Future<Integer> most = Future.succeededFuture(0);
    for (Supplier<Future<Integer>> kind : kinds) {
      most = most.compose(sofar -> kind.get().map(n -> Math.max(sofar, n)));
    }
    return most;
  }

  @Override
  public Future<Void> start() {
    purge = new Pump(platform.vertx(), "privacy retention purge", settings.purgeMillis(), settings.purgeBatch(), this::purgeOnce);
    purge.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return purge == null ? Future.succeededFuture() : purge.stop();
  }
}
