package coop.sportello.chat;

import coop.sportello.chat.domain.ChatRules;
import coop.sportello.chat.domain.Conversation;
import coop.sportello.chat.domain.Participation;
import coop.sportello.people.PeopleService;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Concern;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static coop.sportello.chat.ChatViews.participation;

/**
 * What a welfare manager's console needs beside the conversation: the colleagues to transfer to,
 * the citizen's context (who they are, where they live, their company, their bookings), and the
 * rule that lets a manager book for the citizen of a conversation assigned to them and nobody else.
 */
final class ChatDesk {

  /** Roles that see and act for people beyond a manager's own conversations: they are not held to them here. */
  private static final Set<Role> WIDER_REACH = EnumSet.of(Role.OPERATOR, Role.SUPERVISOR);
  private static final Refusal NOT_YOUR_CITIZEN = new Refusal(403, "not-your-citizen",
      "Un welfare manager prenota solo per il cittadino di una conversazione che sta seguendo.");
  /** The booking service's own words for a booking one may not see, so that both answers are one. */
  private static final Refusal NOT_YOUR_BOOKING = Refusal.notFound("not-found", "Nessuna prenotazione tua con questo identificativo.");
  private static final Refusal NOT_YOUR_ENTRY = Refusal.notFound("not-found", "Nessun posto in lista d'attesa tuo con questo identificativo.");

  private final ChatRepository repository;
  private final PeopleService people;
  private final ChatViews views;
  private final int presenceSeconds;

  ChatDesk(ChatRepository repository, PeopleService people, ChatViews views, int presenceSeconds) {
    this.repository = repository;
    this.people = people;
    this.views = views;
    this.presenceSeconds = presenceSeconds;
  }

  /**
   * The managers as a colleague chooses among them for a transfer: {items[{subject, name, presence,
   * activeChats, maxChats, canTake, areas[], topics[{code, label}], languages[], you}]}. The transfer
   * command still names the chosen one by {@code subject}.
   */
  Future<JsonObject> colleagues(Identity who) {
    return repository.colleagues(presenceSeconds).map(managers -> {
      JsonArray items = new JsonArray();
      for (JsonObject m : managers) {
        JsonArray topics = new JsonArray();
        m.getJsonArray("areas").forEach(area -> topics.add(new JsonObject().put("code", area)
            .put("label", views.topicLabel(String.valueOf(area)))));
        items.add(m.put("topics", topics).put("you", who.subject().equals(m.getString("subject")))
            .put("canTake", m.getBoolean("available") && m.getInteger("activeChats") < m.getInteger("maxChats")));
      }
      return views.items(items);
    });
  }

  /**
   * The citizen of a conversation, for the manager it is offered or assigned to: {conversationId,
   * status, ownerName, person | null, upcomingBookings[], bookable}. {@code person} is null for
   * someone without an account (an external sign-in); {@code bookable} says whether the manager may
   * book for them now (an accepted conversation with a person). Anyone else, and an unknown id, get
   * the same 404.
   */
  Future<JsonObject> citizen(Identity who, UUID conversationId) {
    return repository.find(conversationId).compose(found -> {
      Optional<Conversation> mine = found.filter(c -> participation(c, who) == Participation.MANAGER);
      if (mine.isEmpty()) {
        return Future.failedFuture(Problem.of(ChatRules.NOT_FOUND));
      }
      Conversation c = mine.get();
      return people.context(who, c.owner(), c.id().toString()).map(context -> context
          .put("conversationId", c.id().toString())
          .put("status", c.status().name().toLowerCase(Locale.ROOT))
          .put("ownerName", c.ownerName())
          .put("bookable", c.status() == Conversation.Status.ACTIVE && context.getValue("person") != null));
    });
  }

  /**
   * The chat's {@code ConcernCheck}: a welfare manager (who is not also an operator or a
   * supervisor) acts for, and reads about, only the citizens of the conversations they have
   * accepted and still handle: booking for them ({@code forPerson}), changing or reading their
   * bookings and waiting-line entries, reading their upcoming bookings. Everyone else is not this
   * module's to judge. A refused booking or entry is a 404, as the booking service answers for
   * one that is not yours.
   */
  Future<Optional<Refusal>> mayActFor(Identity who, Concern concern, String value) {
    if (!heldToTheirCitizens(who)) {
      return Future.succeededFuture(Optional.empty());
    }
    String manager = who.subject();
    return switch (concern.kind()) {
      case CALLER, CONVERSATION -> Future.succeededFuture(Optional.empty());
      case BODY_PERSON -> value == null ? Future.succeededFuture(Optional.empty())
          : refusedUnless(repository.handlesCitizen(manager, value), NOT_YOUR_CITIZEN);
      case PERSON -> refusedUnless(repository.handlesCitizen(manager, value), PeopleService.NOT_FOUND);
      case BOOKING -> refusedUnless(repository.handlesBookingOf(manager, UUID.fromString(value)), NOT_YOUR_BOOKING);
      case WAITLIST_ENTRY -> refusedUnless(repository.handlesWaitlistEntryOf(manager, UUID.fromString(value)), NOT_YOUR_ENTRY);
    };
  }

  static boolean heldToTheirCitizens(Identity who) {
    return who.hasRole(Role.WELFARE_MANAGER) && !who.hasAnyRole(WIDER_REACH);
  }

  private static Future<Optional<Refusal>> refusedUnless(Future<Boolean> allowed, Refusal refusal) {
    return allowed.map(ok -> ok ? Optional.<Refusal>empty() : Optional.of(refusal));
  }
}
