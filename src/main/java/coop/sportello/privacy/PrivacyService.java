package coop.sportello.privacy;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.auth.RevokedSessions;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.privacy.domain.ConsentChanges;
import coop.sportello.privacy.domain.Purpose;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A person's privacy rights and the privacy officer's view:
 * <pre>
 *   notice / consents / saveConsents   the current notice and the person's answers under it
 *   export                             everything Sportello holds about the person, one consistent snapshot
 *   readsAbout / searchReads           the read log, as the person sees it and as the privacy officer does
 *   erase                              erasure on request, at once, in one transaction
 * </pre>
 */
public final class PrivacyService {

  static final Refusal CONFIRMATION_NEEDED = new Refusal(403, "confirmation-needed",
      "Per cancellare i tuoi dati scrivi la tua password giusta; se entri solo con SPID o CIE, esci, entra di nuovo e riprova entro 10 minuti.");
  static final Refusal ERASURE_BLOCKED = Refusal.conflict("erasure-blocked",
      "Prima di cancellare i tuoi dati annulla le prenotazioni ancora da fare e chiudi la chat aperta: così ti restituiamo quanto pagato.");

  /** Read-log rows shown to the person at most (the newest). */
  static final int READS_SHOWN = 200;

  private final Pool pool;
  private final NodeBus nodes;
  private final PasswordHasher passwords;
  private final PrivacyRepository repository = new PrivacyRepository();
  private final String network;
  private final Duration recentSignIn;
  private final Clock clock;

  PrivacyService(Pool pool, NodeBus nodes, PasswordHasher passwords, String network, Duration recentSignIn, Clock clock) {
    this.pool = pool;
    this.nodes = nodes;
    this.passwords = passwords;
    this.network = network;
    this.recentSignIn = recentSignIn;
    this.clock = clock;
  }

  // ---- notice and consents ----------------------------------------------------------------

  /** The current notice and what it asks: {version, publishedAt, summary, purposes[{purpose, required}]}. */
  public Future<JsonObject> notice() {
    return ConsentRepository.currentNotice(pool).map(notice -> notice.put("purposes", purposes()));
  }

  /**
   * The person's answers: {notice, purposes[{purpose, required, given, noticeVersion?, givenAt?}],
   * history[]}. A purpose is given while its live row is; the notice counts as read only under the
   * current version.
   */
  public Future<JsonObject> consents(UUID account) {
    return ConsentRepository.currentNotice(pool).compose(notice -> ConsentRepository.answers(pool, account).map(history -> {
      JsonArray purposes = new JsonArray();
      for (Purpose p : Purpose.values()) {
        Optional<JsonObject> live = history.stream().map(JsonObject.class::cast)
            .filter(a -> p.wireName().equals(a.getString("purpose")) && a.getString("endedAt") == null).findFirst();
        boolean given = live.isPresent() && (!p.required() || notice.getString("version").equals(live.get().getString("noticeVersion")));
        JsonObject item = new JsonObject().put("purpose", p.wireName()).put("required", p.required()).put("given", given);
        live.ifPresent(a -> item.put("noticeVersion", a.getString("noticeVersion")).put("givenAt", a.getString("givenAt")));
        purposes.add(item);
      }
      return new JsonObject().put("notice", notice).put("purposes", purposes).put("history", history);
    }));
  }

  /** The person's answers changed (only those sent), in one transaction with the idempotency key: the answers after. */
  public Future<Outcome> saveConsents(UUID account, Map<String, Boolean> sent, Idempotency.Key key) {
    Optional<Refusal> refused = ConsentChanges.refusal(sent);
    if (refused.isPresent()) {
      return Future.failedFuture(Problem.of(refused.get()));
    }
    Map<Purpose, Boolean> answers = ConsentChanges.answers(sent);
    return pool.withTransaction(tx -> IdempotencyStore.once(tx, key, () -> {
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<Purpose, Boolean> a : answers.entrySet()) {
        chain = chain.compose(v -> ConsentRepository.answer(tx, account, a.getKey(), a.getValue(), "portal"));
      }
      return chain.map(v -> new Outcome(200, new JsonObject()));
    })).compose(stored -> consents(account).map(now -> new Outcome(stored.status(), now)));
  }

  private static JsonArray purposes() {
    JsonArray list = new JsonArray();
    for (Purpose p : Purpose.values()) {
      list.add(new JsonObject().put("purpose", p.wireName()).put("required", p.required()));
    }
    return list;
  }

  // ---- "I miei dati" ----------------------------------------------------------------------

  /** Everything about the person, read in one read-only repeatable-read transaction (one snapshot). */
  public Future<JsonObject> export(UUID account) {
    return pool.withTransaction(tx -> repository.export(tx, account))
        .map(sections -> {
          organisationOf(sections.getJsonArray("dataReads"));
          return new JsonObject().put("exportedAt", clock.instant().toString()).put("network", network)
              .put("rowsPerSectionAtMost", PrivacyRepository.EXPORT_ROWS).put("sections", sections);
        });
  }

  /** Who read the person's data, newest first: {items[{at, roles[], organisation, what, via}]}; no names of staff. */
  public Future<JsonObject> readsAbout(UUID person) {
    return repository.readsAbout(pool, person, READS_SHOWN).map(items -> new JsonObject().put("items", organisationOf(items)));
  }

  /** Reads without a cooperative were made by the network's own staff (contact center, welfare managers). */
  private JsonArray organisationOf(JsonArray reads) {
    reads.forEach(r -> {
      JsonObject read = (JsonObject) r;
      if (read.getString("organisation") == null) {
        read.put("organisation", network);
      }
    });
    return reads;
  }

  /**
   * The privacy officer's search: {items[{at, reader, readerName, roles[], organisation, person,
   * personName, what, via, ref}]}. {@code person} is an account id or a codice fiscale (already
   * normalised); an unknown one finds nothing.
   */
  public Future<JsonObject> searchReads(Optional<UUID> personId, Optional<String> codiceFiscale, String reader,
                                        OffsetDateTime from, OffsetDateTime to, int limit) {
    Future<Optional<UUID>> person = codiceFiscale.isPresent()
        ? repository.accountWithCodiceFiscale(pool, codiceFiscale.get())
            .map(found -> found.isPresent() ? found : Optional.of(new UUID(0, 0)))
        : Future.succeededFuture(personId);
    return person.compose(p -> repository.searchReads(pool, p.orElse(null), reader, from, to, limit))
        .map(items -> new JsonObject().put("items", organisationOf(items)));
  }

  // ---- erasure -----------------------------------------------------------------------------

  /**
   * Erases the person's personal data at once (see {@link PrivacyRepository#erase}), confirmed by
   * their password or, for an account without one, by a sign-in of the last minutes. Idempotent: a repeated
   * request answers the first erasure. 409 erasure-blocked while bookings are still to come or a
   * chat is open; 403 confirmation-needed when neither confirmation holds.
   */
  public Future<Outcome> erase(Identity who, String password) {
    UUID account = UUID.fromString(who.subject());
    UUID session = who.sessionId() == null ? null : UUID.fromString(who.sessionId());
    return repository.standing(pool, account, session).compose(standing -> {
      if (standing.erasedAt() != null) {
        return Future.succeededFuture(erased(standing.erasedAt(), false));
      }
      return confirmation(standing, password).compose(how -> how.isEmpty()
          ? Future.failedFuture(Problem.of(CONFIRMATION_NEEDED))
          : eraseNow(account, how.get()));
    });
  }

  /**
   * How the erasure is confirmed: an account with a password must type it (a session left open is
   * not enough to erase a person); one without (SPID or CIE only) by a sign-in of the last minutes.
   */
  private Future<Optional<String>> confirmation(PrivacyRepository.Standing standing, String password) {
    if (standing.passwordHash() != null) {
      return password == null ? Future.succeededFuture(Optional.empty())
          : passwords.verify(password, standing.passwordHash()).map(ok -> ok ? Optional.of("password") : Optional.empty());
    }
    boolean recent = standing.sessionStartedAt() != null
        && standing.sessionStartedAt().toInstant().isAfter(clock.instant().minus(recentSignIn));
    return Future.succeededFuture(recent ? Optional.of("recent-sign-in") : Optional.empty());
  }

  private Future<Outcome> eraseNow(UUID account, String confirmedBy) {
    return pool.withTransaction(tx -> repository.lockForErasure(tx, account).compose(earlier -> {
      if (earlier.isPresent()) {
        return Future.succeededFuture(new Erased(earlier.get(), List.of(), false));
      }
      return repository.blockers(tx, account).compose(blocking -> {
        if (blocking.getLong("upcomingBookings") > 0 || blocking.getLong("openChats") > 0) {
          return Future.failedFuture(Problem.of(ERASURE_BLOCKED).with("upcomingBookings", blocking.getLong("upcomingBookings"))
              .with("openChats", blocking.getLong("openChats")));
        }
        return repository.erase(tx, account, confirmedBy).map(done -> new Erased(done.at(), done.revokedSessions(), true));
      });
    })).map(done -> {
      done.revokedSessions().forEach(id -> RevokedSessions.announce(nodes, id));
      return erased(done.at(), done.now());
    });
  }

  private record Erased(OffsetDateTime at, List<String> revokedSessions, boolean now) { }

  private static Outcome erased(OffsetDateTime at, boolean now) {
    return new Outcome(now ? 201 : 200, new JsonObject().put("erasedAt", at.toInstant().toString()).put("status", "erased"));
  }
}
