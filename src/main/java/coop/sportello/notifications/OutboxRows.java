package coop.sportello.notifications;

import coop.sportello.notifications.domain.Announcement;
import coop.sportello.notifications.domain.Announcement.Actor;
import coop.sportello.notifications.domain.Channel;
import coop.sportello.notifications.domain.MessageKind;
import coop.sportello.notifications.domain.QuietHours;
import coop.sportello.notifications.domain.Recipient;
import coop.sportello.platform.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a claimed outbox row ({@link NotificationRepository#claimUnplanned}) as the domain's
 * announcement and recipient. Which topics announce something is decided here, once: a hold by the
 * person themselves, the old half of a reschedule and the welfare-consent steps (shown on the
 * person's screen) send nothing.
 */
final class OutboxRows {

  /** What one row means for planning, or nothing to send. */
  record Read(long outboxId, Optional<String> recipientAccount, Optional<Announcement> announcement, Recipient recipient) { }

  private OutboxRows() { }

  static Read read(Row row, String networkName) {
    long id = row.getLong("id");
    String topic = row.getString("topic");
    JsonObject payload = row.getJsonObject("payload");
    Optional<String> account = Optional.ofNullable(row.getUUID("account_id")).map(Object::toString);
    Recipient recipient = addressedTo(recipient(row, payload), topic, payload);
    Actor by = actor(row, account);
    Optional<MessageKind> kind = kind(topic, payload, by);
    if (kind.isEmpty() || Boolean.TRUE.equals(row.getBoolean("disabled"))) {
      return new Read(id, account, Optional.empty(), recipient);
    }
    Optional<Announcement.Booking> booking = topic.startsWith("booking.")
        ? Optional.of(booking(payload, tickets(row.getValue("tickets")))) : Optional.empty();
    Optional<Instant> deadline = kind.get() == MessageKind.WAITLIST_OFFER || kind.get() == MessageKind.HELD_FOR_YOU
        ? Optional.ofNullable(payload.getString("holdExpiresAt")).map(Instant::parse) : Optional.empty();
    String provider = row.getString("provider_name");
    Announcement.Sender sender = provider == null ? new Announcement.Sender(networkName, Optional.empty())
        : new Announcement.Sender(provider, Optional.ofNullable(row.getString("reply_to_email")));
    Announcement announcement = new Announcement(id, kind.get(), booking, by, deadline,
        Optional.ofNullable(payload.getInteger("minutesBefore")),
        Optional.ofNullable(payload.getString("callbackAt")).map(OffsetDateTime::parse), sender,
        kind.get().transactional() ? Optional.of(accountNotice(payload)) : Optional.empty(),
        topic.startsWith("bando.") ? Optional.of(bandoNotice(payload)) : Optional.empty());
    return new Read(id, account, Optional.of(announcement), recipient);
  }

  private static Optional<MessageKind> kind(String topic, JsonObject payload, Actor by) {
    return Optional.ofNullable(switch (topic) {
      case "booking.held" -> by == Actor.PERSON || by == Actor.SYSTEM ? null : MessageKind.HELD_FOR_YOU;
      case "booking.confirmed" -> payload.getString("rescheduledFrom") != null ? MessageKind.RESCHEDULED : MessageKind.CONFIRMED;
      case "booking.cancelled" -> MessageKind.CANCELLED;
      case "booking.waitlist-offer" -> MessageKind.WAITLIST_OFFER;
      case "booking.reminder" -> MessageKind.REMINDER;
      case "chat.reply-waiting" -> MessageKind.CHAT_REPLY_WAITING;
      case "chat.callback-scheduled" -> MessageKind.CHAT_CALLBACK;
      case "call.callback-scheduled" -> MessageKind.CALL_CALLBACK;
      case "account.verify-email" -> MessageKind.ACCOUNT_VERIFY_EMAIL;
      case "account.password-reset" -> MessageKind.ACCOUNT_PASSWORD_RESET;
      case "account.already-registered" -> MessageKind.ACCOUNT_ALREADY_REGISTERED;
      case "account.email-changed" -> MessageKind.ACCOUNT_EMAIL_CHANGED;
      case "account.invitation" -> MessageKind.ACCOUNT_INVITATION;
      case "bando.submitted" -> MessageKind.BANDO_SUBMITTED;
      case "bando.incomplete" -> MessageKind.BANDO_INCOMPLETE;
      case "bando.admitted" -> MessageKind.BANDO_ADMITTED;
      case "bando.rejected" -> MessageKind.BANDO_REJECTED;
      case "bando.paid" -> MessageKind.BANDO_PAID;
      default -> null;
    });
  }

  private static Actor actor(Row row, Optional<String> account) {
    String actor = row.getString("actor");
    if (actor == null) {
      return Actor.SYSTEM;
    }
    if (account.isPresent() && account.get().equals(actor)) {
      return Actor.PERSON;
    }
    String[] roles = row.getArrayOfStrings("actor_roles");
    List<String> list = roles == null ? List.of() : Arrays.asList(roles);
    if (list.contains(Role.PROVIDER_ADMIN.wireName())) {
      return Actor.PROVIDER;
    }
    if (list.contains(Role.OPERATOR.wireName()) || list.contains(Role.WELFARE_MANAGER.wireName())
        || list.contains(Role.SUPERVISOR.wireName())) {
      return Actor.CONTACT_CENTRE;
    }
    return Actor.SYSTEM;
  }

  private static Recipient recipient(Row row, JsonObject payload) {
    if (row.getUUID("account_id") == null) {
      String phone = payload.getString("phone");
      return phone == null ? new Recipient(Optional.empty(), Optional.empty(), Optional.empty(), Recipient.Language.IT,
          Set.of(), Optional.empty(), false) : Recipient.callerOnly(phone);
    }
    String[] channelNames = row.getArrayOfStrings("channels");
    Set<Channel> channels = EnumSet.noneOf(Channel.class);
    for (String c : channelNames == null ? new String[] {"email"} : channelNames) {
      channels.add(Channel.of(c));
    }
    LocalTime from = row.getLocalTime("quiet_from");
    LocalTime until = row.getLocalTime("quiet_until");
    return new Recipient(Optional.of(row.getUUID("account_id").toString()), Optional.ofNullable(row.getString("email")),
        Optional.ofNullable(row.getString("phone")), Recipient.Language.of(row.getString("language")), channels,
        from == null ? Optional.empty() : Optional.of(new QuietHours(from, until)), row.getBoolean("optional_muted"));
  }

  /**
   * An account's message goes to the address in the payload's {@code to} when it has one (a new
   * address being proved, the old one told of a change), else to the account's address.
   */
  private static Recipient addressedTo(Recipient recipient, String topic, JsonObject payload) {
    String to = payload.getString("to");
    if (!topic.startsWith("account.") || to == null) {
      return recipient;
    }
    return new Recipient(recipient.accountId(), Optional.of(to), recipient.phone(), recipient.language(), recipient.channels(),
        recipient.quiet(), recipient.optionalMuted());
  }

  private static Announcement.AccountNotice accountNotice(JsonObject payload) {
    JsonArray roles = payload.getJsonArray("roles", new JsonArray());
    return new Announcement.AccountNotice(Optional.ofNullable(payload.getString("token")),
        Optional.ofNullable(payload.getString("organisation")), roles.stream().map(String::valueOf).toList());
  }

  /**
   * What a bando's message says, from the payload BandiRepository (and the review) write:
   * applicationId, bandoTitle, protocol, receivedAt, amountCents, reason.
   */
  private static Announcement.BandoNotice bandoNotice(JsonObject b) {
    return new Announcement.BandoNotice(b.getString("applicationId"), b.getString("bandoTitle", ""), b.getLong("protocol", 0L),
        OffsetDateTime.parse(b.getString("receivedAt")), Optional.ofNullable(b.getLong("amountCents")),
        Optional.ofNullable(b.getString("reason")));
  }

  private static Announcement.Booking booking(JsonObject b, List<Announcement.Ticket> tickets) {
    return new Announcement.Booking(b.getString("id"), b.getString("code"), b.getString("serviceTitle"),
        Optional.ofNullable(b.getString("address")), OffsetDateTime.parse(b.getString("start")),
        OffsetDateTime.parse(b.getString("end")), b.getInteger("places", 1), tickets);
  }

  /** A confirmed purchase's tickets as the claim reads them ([{seq, type, code}], null when none). */
  private static List<Announcement.Ticket> tickets(Object read) {
    if (!(read instanceof JsonArray items)) {
      return List.of();
    }
    return items.stream().map(o -> (JsonObject) o)
        .map(t -> new Announcement.Ticket(t.getInteger("seq"), t.getString("type"), t.getString("code"))).toList();
  }
}
