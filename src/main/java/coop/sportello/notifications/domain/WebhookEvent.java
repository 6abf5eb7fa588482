package coop.sportello.notifications.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an organisation's own software can be told, by the wire name it subscribes to and reads
 * as the event's {@code type}.
 *
 * <p>A cooperative learns the life of the bookings of its own services: it delivers them. A company
 * learns nothing yet: its HR sees aggregates only and never which services a person used (issue
 * 20), and every booking event would tell exactly that (a time, a service, a code a colleague could
 * match). No event a company legitimately needs exists today (welfare plans are funded by HR itself,
 * so there is nothing to tell it); a company event, when one comes, is added here and to V27's list.
 */
public enum WebhookEvent {
  BOOKING_HELD("booking.held"),
  BOOKING_CONFIRMED("booking.confirmed"),
  BOOKING_CANCELLED("booking.cancelled"),
  /** The new booking of a move, confirmed; its {@code rescheduledFrom} names the old one. */
  BOOKING_RESCHEDULED("booking.rescheduled"),
  BOOKING_WAITLIST_OFFER("booking.waitlist-offer"),
  /** Sent on demand to one subscription, to try a receiver; nobody subscribes to it. */
  TEST("webhook.test");

  /** Whose subscription it is. */
  public enum Organisation { PROVIDER, COMPANY }

  private static final List<WebhookEvent> FOR_PROVIDERS =
      List.of(BOOKING_HELD, BOOKING_CONFIRMED, BOOKING_CANCELLED, BOOKING_RESCHEDULED, BOOKING_WAITLIST_OFFER);

  private final String wireName;

  WebhookEvent(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The events an organisation of this kind may subscribe to (none for companies, see above). */
  public static List<WebhookEvent> offeredTo(Organisation organisation) {
    return organisation == Organisation.PROVIDER ? FOR_PROVIDERS : List.of();
  }

  /** The wire names of {@link #offeredTo}, as a JSON Schema {@code enum} for providers. */
  public static List<String> wireNames(Organisation organisation) {
    return offeredTo(organisation).stream().map(WebhookEvent::wireName).toList();
  }

  public static Optional<WebhookEvent> fromWire(String wireName) {
    return Arrays.stream(values()).filter(e -> e.wireName.equals(wireName)).findFirst();
  }

  /**
   * The event an outbox row announces, if any. A move writes two rows — the old booking
   * "rescheduled", the new one "confirmed" with {@code rescheduledFrom} — and is one event: the
   * new booking's, which names the old one. Reminders and welfare-consent steps are the person's.
   */
  public static Optional<WebhookEvent> ofTopic(String topic, boolean rescheduledFrom) {
    return Optional.ofNullable(switch (topic) {
      case "booking.held" -> BOOKING_HELD;
      case "booking.confirmed" -> rescheduledFrom ? BOOKING_RESCHEDULED : BOOKING_CONFIRMED;
      case "booking.cancelled" -> BOOKING_CANCELLED;
      case "booking.waitlist-offer" -> BOOKING_WAITLIST_OFFER;
      default -> null;
    });
  }
}
