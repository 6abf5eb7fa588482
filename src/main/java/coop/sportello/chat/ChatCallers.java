package coop.sportello.chat;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.bridge.BusCommand;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Whom a chat command acts for. Everyone acts as themselves but a kiosk: a kiosk is a device in a
 * hallway, used by one person after another, and a conversation started there belongs to the
 * person identified at it. Each of a kiosk's commands names that person's live kiosk session
 * ({@code kioskSession}) and acts as that person, checked on every command; once the session has
 * ended the kiosk reaches none of their conversations, and the next person at the same kiosk is
 * someone else. The person finds the conversation later from their own account.
 * <p>
 * Without a session a kiosk may do one thing: {@code chat.start} with a {@code callback}, a
 * call-back request from someone who did not identify. That conversation is owned by that one
 * request ({@link #VISITOR_PREFIX}), so nothing the kiosk does afterwards reaches it.
 */
final class ChatCallers {

  /** Owners of call-back requests left at a kiosk without identifying: {@code visitor:kiosk:<device>:<clientId>}. */
  static final String VISITOR_PREFIX = "visitor:";
  static final String KIOSK_SESSION = "kioskSession";

  static final Refusal NOT_IDENTIFIED = new Refusal(403, "kiosk-person-not-identified",
      "Al totem la chat è di chi si è identificato: identificati con badge o codice fiscale e PIN.");
  static final Refusal SESSION_ENDED = new Refusal(403, "kiosk-session-ended",
      "La persona non è più identificata su questo totem: la conversazione continua dal suo account.");
  private static final String KIOSK_BACKSTOP = "chat_kiosk_person_identified";
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private final ChatRepository repository;

  ChatCallers(ChatRepository repository) {
    this.repository = repository;
  }

  /** {@code work} done as whom {@code who} acts for (see above). */
  BusCommand.Handler acting(BusCommand.Handler work) {
    return (who, body) -> actingFor(who, body, false).compose(acting -> work.handle(acting, body))
        .recover(ChatCallers::explained);
  }

  /** The same for {@code chat.start}, which a kiosk may also send for a visitor with a call-back request. */
  BusCommand.Handler starting(BusCommand.Handler work) {
    return (who, body) -> actingFor(who, body, body.containsKey("callback")).compose(acting -> work.handle(acting, body))
        .recover(ChatCallers::explained);
  }

  /**
   * Whether {@code who} may follow the chat inbox of {@code subject}: their own, or for a kiosk that
   * of the person identified at it now (asked again for every message, see ChatRoutes). A kiosk
   * never follows its own: conversations it once owned are other people's.
   */
  Future<Boolean> mayFollowInbox(Identity who, String subject) {
    if (who.isGuest()) {
      return Future.succeededFuture(false);
    }
    if (!who.hasRole(Role.KIOSK)) {
      return Future.succeededFuture(subject.equals(who.subject()));
    }
    return repository.kioskActsFor(who.subject(), subject);
  }

  /** The kiosk session a command was written in, for the events it stores (null: not by a kiosk). */
  static UUID kioskSession(JsonObject body) {
    String session = body.getString(KIOSK_SESSION);
    return session == null ? null : UUID.fromString(session);
  }

  private Future<Identity> actingFor(Identity who, JsonObject body, boolean visitorMayStart) {
    UUID session = kioskSession(body);
    if (!who.hasRole(Role.KIOSK)) {
      return session == null ? Future.succeededFuture(who)
          : Future.failedFuture(Problem.forbidden("Solo un totem indica una sessione al totem."));
    }
    if (session == null) {
      return visitorMayStart ? Future.succeededFuture(visitor(who, body.getString("clientId")))
          : Future.failedFuture(Problem.of(NOT_IDENTIFIED));
    }
    return repository.kioskPerson(who.subject(), session).compose(person -> person
        .map(p -> Future.succeededFuture(new Identity(p.subject(), EnumSet.of(Role.EMPLOYEE), null, p.name(), null,
            who.companyId(), null)))
        .orElseGet(() -> Future.failedFuture(Problem.of(SESSION_ENDED))));
  }

  private static Identity visitor(Identity kiosk, String clientId) {
    return new Identity(VISITOR_PREFIX + kiosk.subject() + ":" + clientId, Set.of(Role.CITIZEN), null,
        "Visitatore al totem " + kiosk.displayName(), null, kiosk.companyId(), kiosk.municipality());
  }

  /** The database's backstop refused a kiosk's write: the session ended in between. */
  private static Future<JsonObject> explained(Throwable failure) {
    return Future.failedFuture(SqlErrors.violates(failure, INSUFFICIENT_PRIVILEGE, KIOSK_BACKSTOP)
        ? Problem.of(SESSION_ENDED) : failure);
  }
}
