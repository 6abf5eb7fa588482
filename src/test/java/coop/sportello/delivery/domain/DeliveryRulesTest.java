package coop.sportello.delivery.domain;

import coop.sportello.delivery.domain.DeliveryRules.Accepted;
import coop.sportello.delivery.domain.DeliveryRules.Booked;
import coop.sportello.delivery.domain.DeliveryRules.Decision;
import coop.sportello.delivery.domain.DeliveryRules.Refused;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The minutes each outcome counts, and which bookings may be recorded: no database, no clock. */
class DeliveryRulesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
  private static final Booked HOUR = new Booked("confirmed", TODAY.minusDays(1), 60);

  @Test
  void deliveredCountsTheBookedMinutesUnlessGiven() {
    assertEquals(new Delivery(DeliveryOutcome.DELIVERED, 60, null), accepted(HOUR, DeliveryOutcome.DELIVERED, null, null));
    assertEquals(45, accepted(HOUR, DeliveryOutcome.DELIVERED, 45, null).minutes());
    assertEquals(60, accepted(HOUR, DeliveryOutcome.DELIVERED, 60, null).minutes());
    assertEquals("invalid-minutes", refused(HOUR, DeliveryOutcome.DELIVERED, 61, null));
    assertEquals("invalid-minutes", refused(HOUR, DeliveryOutcome.DELIVERED, 0, null));
  }

  @Test
  void partialRequiresMinutesWithinTheBookedOnes() {
    assertEquals("invalid-minutes", refused(HOUR, DeliveryOutcome.PARTIAL, null, null));
    assertEquals("invalid-minutes", refused(HOUR, DeliveryOutcome.PARTIAL, 0, null));
    assertEquals("invalid-minutes", refused(HOUR, DeliveryOutcome.PARTIAL, -5, null));
    assertEquals("invalid-minutes", refused(HOUR, DeliveryOutcome.PARTIAL, 61, null));
    assertEquals(1, accepted(HOUR, DeliveryOutcome.PARTIAL, 1, null).minutes());
    assertEquals(60, accepted(HOUR, DeliveryOutcome.PARTIAL, 60, null).minutes());
  }

  @Test
  void noShowCountsNothing() {
    assertEquals(0, accepted(HOUR, DeliveryOutcome.NO_SHOW, null, null).minutes());
    assertEquals(0, accepted(HOUR, DeliveryOutcome.NO_SHOW, 0, null).minutes());
    assertEquals("invalid-minutes", refused(HOUR, DeliveryOutcome.NO_SHOW, 10, null));
  }

  @Test
  void theNoteIsTrimmedAndAtMost500Characters() {
    assertEquals("Tardi", accepted(HOUR, DeliveryOutcome.DELIVERED, null, "  Tardi \n").note());
    assertNull(accepted(HOUR, DeliveryOutcome.DELIVERED, null, "   ").note());
    assertEquals(500, accepted(HOUR, DeliveryOutcome.DELIVERED, null, "x".repeat(500)).note().length());
    assertEquals("validation", refused(HOUR, DeliveryOutcome.DELIVERED, null, "x".repeat(501)));
  }

  @Test
  void onlyAConfirmedBookingStartedTodayOrBefore() {
    assertEquals("booking-not-confirmed", refused(new Booked("cancelled", TODAY, 60), DeliveryOutcome.DELIVERED, null, null));
    assertEquals("booking-not-confirmed", refused(new Booked("held", TODAY, 60), DeliveryOutcome.NO_SHOW, null, null));
    assertEquals("booking-in-future", refused(new Booked("confirmed", TODAY.plusDays(1), 60), DeliveryOutcome.NO_SHOW, null, null));
    assertEquals(60, accepted(new Booked("confirmed", TODAY, 60), DeliveryOutcome.DELIVERED, null, null).minutes());
  }

  @Test
  void aCorrectionNeedsAReason() {
    assertEquals("reason-required", DeliveryRules.reasonRefusal(null).type());
    assertEquals("reason-required", DeliveryRules.reasonRefusal(" \t").type());
    assertEquals("validation", DeliveryRules.reasonRefusal("x".repeat(501)).type());
    assertNull(DeliveryRules.reasonRefusal("La famiglia ha disdetto"));
  }

  private static Delivery accepted(Booked booked, DeliveryOutcome outcome, Integer minutes, String note) {
    Decision decision = DeliveryRules.decide(booked, TODAY, outcome, minutes, note);
    return assertInstanceOf(Accepted.class, decision, decision.toString()).delivery();
  }

  private static String refused(Booked booked, DeliveryOutcome outcome, Integer minutes, String note) {
    Decision decision = DeliveryRules.decide(booked, TODAY, outcome, minutes, note);
    return assertInstanceOf(Refused.class, decision, decision.toString()).refusal().type();
  }
}
