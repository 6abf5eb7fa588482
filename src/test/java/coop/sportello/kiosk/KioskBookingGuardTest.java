package coop.sportello.kiosk;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static coop.sportello.kiosk.KioskBookingGuard.Check.BODY_PERSON;
import static coop.sportello.kiosk.KioskBookingGuard.Check.BOOKING;
import static coop.sportello.kiosk.KioskBookingGuard.Check.NONE;
import static coop.sportello.kiosk.KioskBookingGuard.Check.REFUSE_LIST;
import static coop.sportello.kiosk.KioskBookingGuard.Check.WAITLIST_ENTRY;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every booking route a kiosk could call finds its person: in the body or through the path. */
class KioskBookingGuardTest {

  private static final UUID ID = UUID.fromString("0b7e6a1c-3c55-4d8e-9d55-2f5f1b1c9a10");

  @Test
  void eachBookingRouteNamesItsPerson() {
    assertEquals(REFUSE_LIST, KioskBookingGuard.of("GET", "").check());
    assertEquals(REFUSE_LIST, KioskBookingGuard.of("GET", "/").check());
    assertEquals(BODY_PERSON, KioskBookingGuard.of("POST", "/holds").check());
    assertEquals(BODY_PERSON, KioskBookingGuard.of("POST", "/recurring").check());
    assertEquals(BODY_PERSON, KioskBookingGuard.of("POST", "/waitlist").check());
    assertEquals(NONE, KioskBookingGuard.of("POST", "/recurring/preview").check(), "a preview names nobody");
    for (String tail : new String[] {"", "/confirm", "/cancel", "/reschedule", "/ics", "/qr.svg"}) {
      KioskBookingGuard guard = KioskBookingGuard.of(tail.isEmpty() ? "GET" : "POST", "/" + ID + tail);
      assertEquals(BOOKING, guard.check(), tail);
      assertEquals(ID, guard.id());
    }
    KioskBookingGuard leave = KioskBookingGuard.of("POST", "/waitlist/" + ID + "/leave");
    assertEquals(WAITLIST_ENTRY, leave.check());
    assertEquals(ID, leave.id());
    assertEquals(NONE, KioskBookingGuard.of("POST", "/not-an-id/confirm").check(), "the booking routes answer 404");
  }
}
