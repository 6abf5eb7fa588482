package coop.sportello.kiosk;

import coop.sportello.platform.domain.Refusal;

import coop.sportello.booking.domain.BookingAccess;
import coop.sportello.platform.http.Concern;
import coop.sportello.kiosk.domain.KioskIdentifier;
import coop.sportello.kiosk.domain.KioskPin;
import coop.sportello.kiosk.domain.KioskRules;
import coop.sportello.kiosk.domain.QrSvg;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.AttemptPolicy;
import coop.sportello.platform.auth.AttemptRepository;
import coop.sportello.platform.auth.AttemptThrottle;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Kiosk mode: identifying an employee at a signed-in kiosk with badge or codice fiscale and PIN,
 * the short kiosk session that follows, the employee's own PIN, and the QR code of a booking.
 * PINs are Argon2id hashes checked on a worker; attempts are claimed in PostgreSQL before the
 * check ({@link AttemptThrottle}): per badge or codice fiscale as typed at a device (locks that
 * device out of it), per device (pauses it), and per badge or codice fiscale at every device.
 */
public final class KioskService {

  /**
   * @param sessionSeconds how long an identification lets the kiosk act for the person
   * @param pinPolicy      the identifier (badge, codice fiscale) is the subject, the device the source: wrong
   *                       PINs in a row at one device before it is locked out of that identifier, attempts
   *                       per device in a window before it pauses (a right one gives its attempt back), wrong
   *                       PINs at one identifier at every device before only devices it was used at lately
   *                       still check it
   */
  public record Settings(int sessionSeconds, AttemptPolicy pinPolicy) {

    /** The {@code kiosk} section of the configuration (defaults in {@code sportello-defaults.json}). */
    public static Settings from(JsonObject kiosk) {
      return new Settings(kiosk.getInteger("sessionSeconds"), new AttemptPolicy(
          kiosk.getInteger("maxPinAttempts"), Duration.ofMinutes(kiosk.getInteger("pinLockMinutes")),
          kiosk.getInteger("deviceMaxFailures"), Duration.ofMinutes(kiosk.getInteger("deviceWindowMinutes")),
          kiosk.getInteger("identifierMaxFailures"), Duration.ofMinutes(kiosk.getInteger("identifierWindowMinutes")),
          Duration.ofDays(kiosk.getInteger("trustedDeviceDays"))));
    }
  }

  /** Whose counters PIN attempts are (V19 attempt_counters.purpose). */
  private static final String KIOSK_ATTEMPTS = "kiosk";

  private static final Refusal NOT_IDENTIFIED_HERE = new Refusal(403, "kiosk-person-not-identified",
      "Questo totem agisce solo per la persona identificata qui negli ultimi minuti: chiedile di identificarsi di nuovo.");

  private final Vertx vertx;
  private final KioskRepository repository;
  private final AttemptThrottle throttle;
  private final PasswordHasher hasher;
  private final Settings settings;
  private final PinCheck pins;

  public KioskService(Vertx vertx, KioskRepository repository, AttemptRepository attempts, PasswordHasher hasher,
                      Settings settings) {
    this.vertx = vertx;
    this.repository = repository;
    this.throttle = new AttemptThrottle(attempts, KIOSK_ATTEMPTS, settings.pinPolicy());
    this.hasher = hasher;
    this.settings = settings;
    this.pins = new PinCheck(vertx, repository, hasher, throttle);
  }

  /** The PIN check with kiosk mode's throttle, for whoever else is told a person's PIN. */
  public PinCheck pins() {
    return pins;
  }

  public Settings settings() {
    return settings;
  }

  // ---- identification ---------------------------------------------------------------------------

  /**
   * Identifies the person at the kiosk. Every way of being wrong (unknown badge, no PIN yet, wrong
   * PIN, another company's badge at a company kiosk) is counted, delayed, locked and answered
   * alike after the same work, so a kiosk cannot be used to find out which badges exist; and the
   * locks hold at the device that failed, so a passer-by cannot lock a colleague out.
   */
  public Future<JsonObject> identify(Identity kiosk, KioskIdentifier identifier, String pin) {
    UUID device = deviceOf(kiosk);
    return throttle.claim(attemptSubject(identifier), device.toString()).compose(attempt -> {
      if (!attempt.mayCheck()) {
        return Future.failedFuture(attempt.verdict() == AttemptThrottle.Verdict.PAUSED
            ? paused(attempt.until()) : locked(attempt.until()));
      }
      return repository.findEmployee(identifier).compose(found -> {
        Optional<KioskRepository.Employee> usable = found.filter(e -> e.pinHash() != null && !e.disabled()
            && KioskRules.deviceServes(kiosk.companyId(), e.companyId()));
        return hasher.verify(pin, usable.map(KioskRepository.Employee::pinHash).orElse(null)).compose(right -> right
            ? opened(device, usable.get(), identifier.kind(), attempt)
            : throttle.failed(attempt).compose(failure -> delayed(failure.delay(),
                Future.failedFuture(failure.locks() ? locked(failure.lockedUntil()) : notRecognised()))));
      });
    });
  }

  /** What the throttle counts: the identifier as typed (normalised by KioskIdentifier), whoever it belongs to. */
  private static String attemptSubject(KioskIdentifier identifier) {
    return identifier.kind().wireName() + ":" + identifier.value();
  }

  private Future<JsonObject> opened(UUID device, KioskRepository.Employee employee, KioskIdentifier.Kind how,
                                    AttemptThrottle.Attempt attempt) {
    return repository.pool().withTransaction(conn -> throttle.succeeded(conn, attempt)
            .compose(v -> repository.startSession(conn, device, employee, how, settings.sessionSeconds())))
        .compose(this::describe);
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

  /** A PIN goes with the codice fiscale typed at the kiosk: without one in the profile it could never be used. */
  static final Refusal NO_CODICE_FISCALE = Refusal.invalid("codice-fiscale-missing",
      "Per scegliere il PIN dei totem serve il tuo codice fiscale: entra una volta con SPID o CIE, che lo portano, "
          + "oppure chiedi al servizio di assistenza di aggiungerlo.");

  public Future<JsonObject> setPin(Identity employee, String pin) {
    Optional<Refusal> refused = KioskPin.choose(pin);
    if (refused.isPresent()) {
      return Future.failedFuture(Problem.of(refused.get()));
    }
    UUID account = UUID.fromString(employee.subject());
    return hasher.hash(pin).compose(hash -> repository.setPin(account, hash)).compose(set -> set.isPresent()
        ? forgetFailures(account).map(v -> new JsonObject().put("set", true).put("updatedAt", set.get().toInstant().toString()))
        : Future.failedFuture(Problem.of(NO_CODICE_FISCALE)));
  }

  /** A new PIN chosen by its owner, who has just proved who they are by signing in, ends every lock at their badge and codice fiscale. */
  private Future<Void> forgetFailures(UUID account) {
    return repository.identifiers(account).compose(identifiers -> throttle.forget(repository.pool(),
        java.util.stream.Stream.concat(identifiers.stream().map(KioskService::attemptSubject),
            java.util.stream.Stream.of(PinCheck.subject(account))).toList()));
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
      case CONVERSATION, PERSON -> Future.succeededFuture(false);
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

  static Problem locked(OffsetDateTime until) {
    return AttemptThrottle.tryAgainLater("kiosk-pin-locked", "PIN bloccato",
        "Troppi PIN sbagliati: per sicurezza l'identificazione è sospesa per %d minuti. "
            + "Puoi scegliere un nuovo PIN nell'area personale di Sportello.", until);
  }

  static Problem paused(OffsetDateTime until) {
    return AttemptThrottle.tryAgainLater("kiosk-paused", "Identificazione sospesa",
        "Troppi tentativi non riusciti su questo totem: riprova tra %d minuti o chiedi al personale.", until);
  }
}
