package coop.sportello.events.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The door's verdicts and how it reads a typed code. */
class DoorTest {

  @Test
  void theDoorSaysWhyATicketWasNotAdmitted() {
    LocalDate today = LocalDate.of(2026, 5, 9);
    assertEquals(Admission.UNKNOWN, Admission.why(null, today));
    assertEquals(Admission.ALREADY_USED, Admission.why(new Admission.AtDoor("confirmed", today, Instant.now()), today));
    assertEquals(Admission.NOT_VALID, Admission.why(new Admission.AtDoor("cancelled", today, null), today));
    assertEquals(Admission.NOT_VALID, Admission.why(new Admission.AtDoor("held", today, null), today));
    assertEquals(Admission.WRONG_DAY, Admission.why(new Admission.AtDoor("confirmed", today.plusDays(1), null), today));
    assertEquals(Admission.NOT_VALID, Admission.why(new Admission.AtDoor("confirmed", today, null), today),
        "only the update admits");
  }

  @Test
  void aTypedCodeIsReadAsCrockfordReadsIt() {
    assertEquals("0A1B1C2D3E4F", TicketCode.normalise("oa1b-lc2d 3e4f"));
    assertEquals("32BPCESF093H", TicketCode.normalise("32BPCESF093H"));
    assertEquals("110", TicketCode.normalise("Il-O"));
  }
}
