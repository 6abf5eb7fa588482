package coop.sportello.kiosk;

import coop.sportello.platform.domain.Refusal;

import coop.sportello.booking.domain.BookingAccess;
import coop.sportello.platform.http.Concern;
import coop.sportello.kiosk.domain.KioskIdentifier;
import coop.sportello.kiosk.domain.KioskPin;
import coop.sportello.kiosk.domain.KioskRules;
import coop.sportello.kiosk.domain.QrSvg;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.LoginPolicy;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Kiosk mode: identifying an employee at a signed-in kiosk with badge or codice fiscale and PIN,
 * the short kiosk session that follows, the employee's own PIN, and the QR code of a booking.
 * PINs are Argon2id hashes checked on a worker; attempts are claimed in PostgreSQL before the
 * check, per person (locks) and per device (pauses).
 */
public final class KioskService {

  /**
   * @param sessionSeconds      how long an identification lets the kiosk act for the person
   * @param pinPolicy           failed PINs in a row before a lock, and the lock's length
   * @param deviceMaxAttempts   identifications (right or wrong) counted per device in a window before it pauses;
   *                            a right one gives its attempt back, so only wrong ones add up
   * @param deviceWindowSeconds that window
   */
  public record Settings(int sessionSeconds, LoginPolicy pinPolicy, int deviceMaxAttempts, int deviceWindowSeconds) {

    /** The {@code kiosk} section of the configuration (defaults in {@code sportello-defaults.json}). */
    public static Settings from(JsonObject kiosk) {
      return new Settings(kiosk.getInteger("sessionSeconds"),
          new LoginPolicy(kiosk.getInteger("maxPinAttempts"), Duration.ofMinutes(kiosk.getInteger("pinLockMinutes"))),
          kiosk.getInteger("deviceMaxFailures"), kiosk.getInteger("deviceWindowMinutes") * 60);
    }
  }

  private static final Refusal NOT_IDENTIFIED_HERE = new Refusal(403, "kiosk-person-not-identified",
      "Questo totem agisce solo per la persona identificata qui negli ultimi minuti: chiedile di identificarsi di nuovo.");

  private final Vertx vertx;
  private final KioskRepository repository;
  private final PasswordHasher hasher;
  private final Settings settings;

  public KioskService(Vertx vertx, KioskRepository repository, PasswordHasher hasher, Settings settings) {
    this.vertx = vertx;
    this.repository = repository;
    this.hasher = hasher;
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  // ---- identification ---------------------------------------------------------------------------

  /**
   * Identifies the person at the kiosk. Every way of being wrong (unknown badge, no PIN yet, wrong
   * PIN, another company's badge at a company kiosk) gets the same answer after the same work, so
   * a kiosk cannot be used to find out which badges exist.
   */
  public Future<JsonObject> identify(Identity kiosk, KioskIdentifier identifier, String pin) {
    UUID device = deviceOf(kiosk);
    LoginPolicy policy = settings.pinPolicy();
    return repository.claimDeviceAttempt(device, settings.deviceWindowSeconds()).compose(counted -> {
      if (counted.attempts() > settings.deviceMaxAttempts()) {
        long wait = Math.max(1, Duration.between(OffsetDateTime.now(),
            counted.windowStartedAt().plusSeconds(settings.deviceWindowSeconds())).toSeconds());
        return Future.failedFuture(new Problem(429, "kiosk-paused", "Identificazione sospesa",
            "Troppi tentativi non riusciti su questo totem: riprova tra " + minutes(wait) + " minuti o chiedi al personale.")
            .header("Retry-After", String.valueOf(wait)));
      }
      return repository.findEmployee(identifier).compose(found -> {
        Optional<KioskRepository.Employee> usable = found.filter(e -> e.pinHash() != null && !e.disabled()
            && KioskRules.deviceServes(kiosk.companyId(), e.companyId()));
        if (usable.isEmpty()) {
          return hasher.verify(pin, null)
              .compose(ignored -> delayed(policy.delayAfterFailure(1), Future.failedFuture(notRecognised())));
        }
        KioskRepository.Employee employee = usable.get();
        return repository.claimPinAttempt(employee.accountId()).compose(attempt -> {
          if (attempt.isEmpty()) {
            return repository.pinLockedUntil(employee.accountId())
                .compose(until -> Future.failedFuture(locked(until.orElse(null))));
          }
          int n = attempt.get();
          if (policy.attemptRefused(n)) {
            return repository.lockPin(employee.accountId(), policy.lockDuration().toSeconds())
                .compose(until -> Future.failedFuture(locked(until)));
          }
          return hasher.verify(pin, employee.pinHash()).compose(ok -> {
            if (ok) {
              return opened(device, employee, identifier.kind());
            }
            Future<Void> lockIfNeeded = policy.failureLocks(n)
                ? repository.lockPin(employee.accountId(), policy.lockDuration().toSeconds()).mapEmpty()
                : Future.succeededFuture();
            Problem problem = policy.failureLocks(n)
                ? locked(OffsetDateTime.now().plus(policy.lockDuration()))
                : notRecognised();
            return lockIfNeeded.compose(v -> delayed(policy.delayAfterFailure(n), Future.failedFuture(problem)));
          });
        });
      });
    });
  }

  private Future<JsonObject> opened(UUID device, KioskRepository.Employee employee, KioskIdentifier.Kind how) {
    return repository.pool().withTransaction(conn ->
            repository.startSession(conn, device, employee, how, settings.sessionSeconds()))
        .compose(session -> describe(session));
  }

  /**
   * What the kiosk may show: the first name, the balances, the session's id and end. Nothing more;
   * the kiosk also gets where the person lives (an ISTAT code, not shown) to offer only the
   * in-person services of their municipality, the only ones they may book there.
   */
  private Future<JsonObject> describe(KioskRepository.Session session) {
    return repository.wallets(session.accountId()).map(wallets -> {
      long total = 0;
      for (int i = 0; i < wallets.size(); i++) {
        total += wallets.getJsonObject(i).getInteger("balanceCents");
      }
      return new JsonObject()
          .put("session", new JsonObject().put("id", session.id().toString())
              .put("expiresAt", session.expiresAt().toInstant().toString())
              .put("seconds", Math.max(0, Duration.between(OffsetDateTime.now(), session.expiresAt()).toSeconds())))
          .put("person", new JsonObject().put("id", session.accountId().toString())
              .put("firstName", KioskRules.firstName(session.displayName())).put("municipality", session.municipality()))
          .put("wallets", wallets)
          .put("balanceCents", total);
    });
  }

  /** The live session (with fresh balances, e.g. after paying), if it is this device's. */
  public Future<JsonObject> session(Identity kiosk, UUID sessionId) {
    return repository.liveSession(deviceOf(kiosk), sessionId).compose(found -> found.isPresent()
        ? describe(found.get())
        : Future.failedFuture(sessionGone()));
  }

  public Future<JsonObject> endSession(Identity kiosk, UUID sessionId) {
    return repository.endSession(deviceOf(kiosk), sessionId)
        .map(ended -> new JsonObject().put("id", sessionId.toString()).put("ended", true).put("endedNow", ended));
  }

  // ---- the employee's PIN -------------------------------------------------------------------------

  public Future<JsonObject> setPin(Identity employee, String pin) {
    Optional<Refusal> refused = KioskPin.choose(pin);
    if (refused.isPresent()) {
      return Future.failedFuture(Problem.of(refused.get()));
    }
    UUID account = UUID.fromString(employee.subject());
    return hasher.hash(pin).compose(hash -> repository.setPin(account, hash)).compose(set -> set.isPresent()
        ? Future.succeededFuture(new JsonObject().put("set", true).put("updatedAt", set.get().toInstant().toString()))
        : Future.failedFuture(Problem.notFound("Il tuo account non risulta tra i dipendenti di un'azienda aderente.")));
  }

  public Future<JsonObject> pinStatus(Identity employee) {
    return repository.pinSetAt(UUID.fromString(employee.subject())).map(at -> new JsonObject()
        .put("set", at.isPresent()).put("updatedAt", at.map(t -> t.toInstant().toString()).orElse(null)));
  }

  // ---- QR codes -----------------------------------------------------------------------------------

  /**
   * The booking's code as an SVG QR code, for whoever may see the booking: its person, whoever
   * booked it (a kiosk only while the person is identified there: KioskRoutes checks that first),
   * and staff. Anyone else hears that there is no such booking.
   */
  public Future<String> qrSvg(Identity who, UUID bookingId) {
    return repository.booking(bookingId).compose(found -> {
      if (found.isEmpty() || !visibleTo(who, found.get())) {
        return Future.failedFuture(Problem.notFound("Nessuna prenotazione tua con questo identificativo."));
      }
      String code = found.get().code();
      return Future.succeededFuture(QrSvg.of(code, "Codice QR della prenotazione " + code));
    });
  }

  static boolean visibleTo(Identity who, KioskRepository.BookingRef booking) {
    return BookingAccess.visibleTo(who, booking.person(), booking.actedBy());
  }

  // ---- whom a kiosk acts for ----------------------------------------------------------------------

  /**
   * The kiosk's access rule on every route that concerns a person: a kiosk acts only for the
   * person identified at it, and only while that kiosk session lives. Anyone else is not this
   * module's business (the owning service checks them). A record that does not exist passes, so
   * that its own route answers 404 as it does for everyone; a kiosk never reads conversations.
   */
  public Future<Optional<Refusal>> mayActFor(Identity who, Concern concern, String value) {
    String device = KioskRules.deviceOf(who.subject());
    if (device == null) {
      return Future.succeededFuture(Optional.empty());
    }
    UUID deviceId = UUID.fromString(device);
    Future<Boolean> identified = switch (concern.kind()) {
      case CALLER -> Future.succeededFuture(true);
      case BODY_PERSON -> value == null ? Future.succeededFuture(true) : repository.identifiedHere(deviceId, value);
      case BOOKING -> repository.bookingPerson(deviceId, UUID.fromString(value))
          .map(p -> p != KioskRepository.Presence.NOT_IDENTIFIED_HERE);
      case WAITLIST_ENTRY -> repository.waitlistPerson(deviceId, UUID.fromString(value))
          .map(p -> p != KioskRepository.Presence.NOT_IDENTIFIED_HERE);
      case CONVERSATION -> Future.succeededFuture(false);
    };
    return identified.map(ok -> ok ? Optional.empty() : Optional.of(NOT_IDENTIFIED_HERE));
  }


  // ---- helpers ----------------------------------------------------------------------------------

  static UUID deviceOf(Identity kiosk) {
    String device = KioskRules.deviceOf(kiosk.subject());
    if (device == null) {
      throw Problem.forbidden("Solo un totem può farlo.");
    }
    return UUID.fromString(device);
  }

  static Problem sessionGone() {
    return new Problem(403, "kiosk-session-ended", "Identificazione scaduta",
        "La persona non è più identificata su questo totem: chiedile di identificarsi di nuovo.");
  }

  private <T> Future<T> delayed(Duration delay, Future<T> outcome) {
    return vertx.timer(delay.toMillis()).compose(v -> outcome);
  }

  private static Problem notRecognised() {
    return new Problem(401, "kiosk-not-recognised", "Identificazione non riuscita",
        "Badge, codice fiscale o PIN non corretti. Se non hai ancora un PIN, scegli il tuo nell'area personale di Sportello.");
  }

  private static Problem locked(OffsetDateTime until) {
    long seconds = until == null ? 60 : Math.max(1, Duration.between(OffsetDateTime.now(), until).toSeconds());
    return new Problem(429, "kiosk-pin-locked", "PIN bloccato",
        "Troppi PIN sbagliati: per sicurezza l'identificazione è sospesa per " + minutes(seconds)
            + " minuti. Puoi scegliere un nuovo PIN nell'area personale di Sportello.")
        .header("Retry-After", String.valueOf(seconds));
  }

  private static long minutes(long seconds) {
    return Math.max(1, (seconds + 59) / 60);
  }
}
