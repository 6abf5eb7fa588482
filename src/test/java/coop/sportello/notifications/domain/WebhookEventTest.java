package coop.sportello.notifications.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebhookEventTest {

  @Test
  void cooperativesHearOfTheirBookingsAndCompaniesOfNothing() {
    assertEquals(List.of("booking.held", "booking.confirmed", "booking.cancelled", "booking.rescheduled", "booking.waitlist-offer"),
        WebhookEvent.wireNames(WebhookEvent.Organisation.PROVIDER));
    assertEquals(List.of(), WebhookEvent.offeredTo(WebhookEvent.Organisation.COMPANY));
  }

  @Test
  void aMoveIsOneEventAndThePersonsOwnMessagesAreNone() {
    assertEquals(Optional.of(WebhookEvent.BOOKING_CONFIRMED), WebhookEvent.ofTopic("booking.confirmed", false));
    assertEquals(Optional.of(WebhookEvent.BOOKING_RESCHEDULED), WebhookEvent.ofTopic("booking.confirmed", true));
    assertEquals(Optional.empty(), WebhookEvent.ofTopic("booking.rescheduled", false));
    assertEquals(Optional.of(WebhookEvent.BOOKING_HELD), WebhookEvent.ofTopic("booking.held", false));
    assertEquals(Optional.of(WebhookEvent.BOOKING_CANCELLED), WebhookEvent.ofTopic("booking.cancelled", false));
    assertEquals(Optional.of(WebhookEvent.BOOKING_WAITLIST_OFFER), WebhookEvent.ofTopic("booking.waitlist-offer", false));
    for (String personal : List.of("booking.reminder", "booking.welfare-consent-requested", "chat.reply-waiting")) {
      assertEquals(Optional.empty(), WebhookEvent.ofTopic(personal, false), personal);
    }
  }
}
