package coop.sportello.chat.domain;

import coop.sportello.chat.domain.Conversation.Status;
import coop.sportello.platform.domain.Refusal;

import java.util.Optional;

/**
 * Whether a participant may make a change to a conversation in its current state. The database
 * then makes the change under the conversation's row lock, so the state cannot move in between.
 */
public final class ChatRules {

  /** The same answer whether the conversation does not exist or is someone else's: no probing. */
  public static final Refusal NOT_FOUND = Refusal.notFound("conversation-not-found", "Conversazione non trovata.");

  private ChatRules() { }

  /** A message, or with {@code note} a private note. */
  public static Optional<Refusal> write(Conversation c, Participation p, boolean note) {
    if (!p.sees()) {
      return Optional.of(NOT_FOUND);
    }
    if (!c.open()) {
      return Optional.of(Refusal.conflict("conversation-closed", "La conversazione è chiusa: aprine una nuova."));
    }
    if (note && !p.writesNotes()) {
      return Optional.of(Refusal.forbidden("Le note private sono solo per il personale che segue la conversazione."));
    }
    if (p == Participation.SUPERVISOR_WATCHING) {
      return Optional.of(Refusal.forbidden("Stai osservando: unisciti alla conversazione per scrivere."));
    }
    if (p == Participation.MANAGER && c.status() != Status.ACTIVE) {
      return Optional.of(Refusal.conflict("not-accepted", "Accetta la conversazione prima di scrivere."));
    }
    return Optional.empty();
  }

  /**
   * A message says something: text made only of spaces and invisible format characters (zero-width
   * spaces and joiners, direction marks, byte-order marks) shows as an empty bubble.
   */
  public static Optional<Refusal> text(String text) {
    boolean visible = text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
        && Character.getType(c) != Character.FORMAT);
    return visible ? Optional.empty()
        : Optional.of(Refusal.invalid("empty-message", "Il messaggio è vuoto: scrivi qualcosa."));
  }

  public static Optional<Refusal> accept(Conversation c, Participation p) {
    if (p != Participation.MANAGER) {
      return Optional.of(c.status() == Status.OFFERED || p.sees()
          ? Refusal.conflict("not-offered-to-you", "Questa conversazione non è (più) proposta a te.")
          : NOT_FOUND);
    }
    if (c.status() != Status.OFFERED) {
      return Optional.of(Refusal.conflict("not-offered", "La conversazione è già stata accettata."));
    }
    return Optional.empty();
  }

  /** Passing gives an offered conversation back to the queue; an accepted one must be transferred. */
  public static Optional<Refusal> pass(Conversation c, Participation p) {
    if (p != Participation.MANAGER) {
      return Optional.of(p.sees()
          ? Refusal.conflict("not-offered-to-you", "Questa conversazione non è (più) proposta a te.")
          : NOT_FOUND);
    }
    if (c.status() != Status.OFFERED) {
      return Optional.of(Refusal.conflict("already-accepted", "Hai già accettato: per passarla a un collega usa il trasferimento."));
    }
    return Optional.empty();
  }

  public static Optional<Refusal> transfer(Conversation c, Participation p, String toManager) {
    if (p != Participation.MANAGER && p != Participation.SUPERVISOR_JOINED) {
      return Optional.of(p.sees()
          ? Refusal.forbidden("Può trasferire solo chi segue la conversazione.")
          : NOT_FOUND);
    }
    if (c.status() != Status.ACTIVE) {
      return Optional.of(Refusal.conflict("not-accepted", "Si può trasferire solo una conversazione accettata."));
    }
    if (toManager != null && toManager.equals(c.manager())) {
      return Optional.of(Refusal.invalid("same-manager", "La conversazione è già assegnata a questa persona."));
    }
    return Optional.empty();
  }

  public static Optional<Refusal> close(Conversation c, Participation p) {
    if (!p.sees()) {
      return Optional.of(NOT_FOUND);
    }
    if (!p.writes()) {
      return Optional.of(Refusal.forbidden("Stai osservando: unisciti alla conversazione per chiuderla."));
    }
    if (!c.open()) {
      return Optional.of(Refusal.conflict("conversation-closed", "La conversazione è già chiusa."));
    }
    return Optional.empty();
  }

  public static Optional<Refusal> join(Conversation c, Participation p) {
    if (p != Participation.SUPERVISOR_WATCHING && p != Participation.SUPERVISOR_JOINED) {
      return Optional.of(p.sees()
          ? Refusal.forbidden("Solo un supervisore può unirsi a una conversazione.")
          : NOT_FOUND);
    }
    if (!c.open()) {
      return Optional.of(Refusal.conflict("conversation-closed", "La conversazione è chiusa."));
    }
    if (p == Participation.SUPERVISOR_JOINED) {
      return Optional.of(Refusal.conflict("already-joined", "Fai già parte della conversazione."));
    }
    return Optional.empty();
  }

  public static Optional<Refusal> rate(Conversation c, Participation p) {
    if (p != Participation.OWNER) {
      return Optional.of(p.sees()
          ? Refusal.forbidden("Solo chi ha aperto la conversazione può valutarla.")
          : NOT_FOUND);
    }
    if (c.open()) {
      return Optional.of(Refusal.conflict("conversation-open", "Puoi dare una valutazione quando la conversazione è chiusa."));
    }
    if (c.rating() != null) {
      return Optional.of(Refusal.conflict("already-rated", "Hai già valutato questa conversazione. Grazie!"));
    }
    return Optional.empty();
  }

  public static Optional<Refusal> callback(Conversation c, Participation p) {
    if (p != Participation.OWNER) {
      return Optional.of(p.sees()
          ? Refusal.forbidden("Solo chi ha aperto la conversazione può chiedere di essere richiamato.")
          : NOT_FOUND);
    }
    if (!c.open()) {
      return Optional.of(Refusal.conflict("conversation-closed", "La conversazione è chiusa."));
    }
    return Optional.empty();
  }
}
