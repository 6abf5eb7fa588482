package coop.sportello.notifications.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One outbox row read for planning: what happened ({@link MessageKind}), the booking it is about
 * if any, who did it, and the times that matter (a place offered until, a reminder's lead, a
 * call-back's time). Built by the repository from the row and the accounts it names.
 */
public record Announcement(long outboxId, MessageKind kind, Optional<Booking> booking, Actor by,
                           Optional<Instant> deadline, Optional<Integer> minutesBefore, Optional<OffsetDateTime> callbackAt,
                           Sender sender, Optional<AccountNotice> account, Optional<BandoNotice> bando) {

  /** An announcement about a booking, a chat, a call or the account, not about a bando. */
  public Announcement(long outboxId, MessageKind kind, Optional<Booking> booking, Actor by, Optional<Instant> deadline,
                      Optional<Integer> minutesBefore, Optional<OffsetDateTime> callbackAt, Sender sender,
                      Optional<AccountNotice> account) {
    this(outboxId, kind, booking, by, deadline, minutesBefore, callbackAt, sender, account, Optional.empty());
  }

  /**
   * An application to a bando as its messages show it: the bando, the protocol and receive time
   * of the receipt, the amount, and the Comune's reason (what is missing, why it was rejected).
   */
  public record BandoNotice(String applicationId, String bandoTitle, long protocol, OffsetDateTime receivedAt,
                            Optional<Long> amountCents, Optional<String> reason) { }

  /** An announcement about a booking, a chat or a call, not about the account itself. */
  public Announcement(long outboxId, MessageKind kind, Optional<Booking> booking, Actor by, Optional<Instant> deadline,
                      Optional<Integer> minutesBefore, Optional<OffsetDateTime> callbackAt, Sender sender) {
    this(outboxId, kind, booking, by, deadline, minutesBefore, callbackAt, sender, Optional.empty());
  }

  /**
   * What a message about the account carries: the secret of its single-use link (verification,
   * new password), and for an invitation the organisation that made the account and the roles.
   */
  public record AccountNotice(Optional<String> token, Optional<String> organisation, List<String> roles) { }

  /**
   * The booking as a message shows it; {@code start}/{@code end} carry the Italian offset. A
   * confirmed purchase of an event's tickets carries its tickets (none otherwise).
   */
  public record Booking(String id, String code, String serviceTitle, Optional<String> address,
                        OffsetDateTime start, OffsetDateTime end, int places, List<Ticket> tickets) {

    public Booking {
      tickets = List.copyOf(tickets);
    }

    public Booking(String id, String code, String serviceTitle, Optional<String> address, OffsetDateTime start,
                   OffsetDateTime end, int places) {
      this(id, code, serviceTitle, address, start, end, places, List.of());
    }
  }

  /** One ticket of a purchase: its number in it, its type's name and the code its QR carries. */
  public record Ticket(int seq, String type, String code) { }

  /** Who made the change, as the person is told it (never a member of staff's name). */
  public enum Actor { PERSON, CONTACT_CENTRE, PROVIDER, SYSTEM }

  /**
   * Whose name the message goes out under: the cooperative of the booked service (its reply-to
   * address when it gave one), else the network.
   */
  public record Sender(String name, Optional<String> replyTo) { }
}
