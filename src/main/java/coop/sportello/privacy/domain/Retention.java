package coop.sportello.privacy.domain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each kind of record keeps personal data (configuration {@code privacy.retention}). The
 * notifications' messages and outbox rows are not here: their one setting is
 * {@code notifications.retentionDays}, and the notifications module purges them.
 *
 * @param chatTranscripts words and names of a conversation, from its close
 * @param callRecords     a call's numbers, notes and recognised person, and the call log, from the call's end
 * @param bookingAudit    a booking's audit rows (who changed what): kept long, as accounting records are
 * @param idempotencyKeys stored answers of retried requests
 * @param readLog         the log of who read whose data
 * @param unsentUploads   documents uploaded for a bando and never sent with an application, from the bando's close
 *                        (after it nothing can be sent: an ISEE attestation has no reason to stay)
 */
public record Retention(Duration chatTranscripts, Duration callRecords, Duration bookingAudit, Duration idempotencyKeys,
                        Duration readLog, Duration unsentUploads) {

  /** Shortest period accepted: a shorter one would purge what is still in use (a retried request, a live chat). */
  public static final Duration MINIMUM = Duration.ofDays(1);

  public Retention {
    Map<String, Duration> all = new LinkedHashMap<>();
    all.put("chatTranscriptDays", chatTranscripts);
    all.put("callRecordDays", callRecords);
    all.put("bookingAuditDays", bookingAudit);
    all.put("idempotencyKeyDays", idempotencyKeys);
    all.put("readLogDays", readLog);
    all.put("unsentUploadDays", unsentUploads);
    all.forEach((name, period) -> {
      if (period == null || period.compareTo(MINIMUM) < 0) {
        throw new IllegalArgumentException("privacy.retention." + name + " must be at least 1 day");
      }
    });
  }

  public static Retention ofDays(int chatTranscripts, int callRecords, int bookingAudit, int idempotencyKeys, int readLog,
                                 int unsentUploads) {
    return new Retention(Duration.ofDays(chatTranscripts), Duration.ofDays(callRecords), Duration.ofDays(bookingAudit),
        Duration.ofDays(idempotencyKeys), Duration.ofDays(readLog), Duration.ofDays(unsentUploads));
  }
}
