package coop.sportello.frontdesk.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutcomeRulesTest {

  private static final UUID MADE = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final UUID LATER = UUID.fromString("00000000-0000-4000-8000-000000000002");

  @Test
  void aBookingNamedMustBeOneMadeDuringTheContactAndOnlyWithTheBookingOutcome() {
    assertEquals(Optional.empty(), OutcomeRules.check(Outcome.BOOKING, MADE, List.of(MADE, LATER)));
    assertEquals(Optional.empty(), OutcomeRules.check(Outcome.BOOKING, null, List.of()), "a booking outcome without a known booking");
    assertEquals(Optional.empty(), OutcomeRules.check(Outcome.INFORMATION, null, List.of(MADE)));
    assertEquals("booking-not-made-during-contact",
        OutcomeRules.check(Outcome.BOOKING, UUID.randomUUID(), List.of(MADE)).orElseThrow().type());
    assertEquals("booking-not-made-during-contact", OutcomeRules.check(Outcome.BOOKING, MADE, List.of()).orElseThrow().type());
    assertEquals("booking-without-booking-outcome", OutcomeRules.check(Outcome.CALLBACK, MADE, List.of(MADE)).orElseThrow().type());
    assertEquals(422, OutcomeRules.check(Outcome.OTHER, MADE, List.of(MADE)).orElseThrow().status());
  }

  @Test
  void theSuggestionIsTheLatestBookingMadeDuringTheContact() {
    assertEquals(Optional.of(LATER), OutcomeRules.suggestedBooking(List.of(MADE, LATER)));
    assertEquals(Optional.empty(), OutcomeRules.suggestedBooking(List.of()));
  }

  @Test
  void outcomesTravelAsV55WritesThem() {
    assertEquals(List.of("booking", "callback", "information", "other"), Outcome.wires());
    assertEquals(Optional.of(Outcome.CALLBACK), Outcome.fromWire("callback"));
    assertEquals(Optional.empty(), Outcome.fromWire("BOOKING"));
    assertEquals("chat", Channel.CHAT.wire());
  }
}
