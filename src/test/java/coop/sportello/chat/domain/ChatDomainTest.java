package coop.sportello.chat.domain;

import coop.sportello.chat.domain.Conversation.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatDomainTest {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  private static Conversation conversation(Status status, String manager, Set<String> joined) {
    return new Conversation(UUID.randomUUID(), "anna", "Anna", "elderly", "it", status, manager, joined, Set.of(),
        0, 3, 2, null, Instant.parse("2026-11-20T10:00:00Z"));
  }

  @Test
  void businessHoursInRomeAcrossTheDaylightSavingChange() {
    BusinessHours hours = BusinessHours.parse(List.of("MON-FRI 08:30-18:30", "SAT 09:00-13:00"));
    // Friday 27 March 2026, 08:30 in Rome is 07:30 UTC (winter time)...
    assertTrue(hours.isOpen(ZonedDateTime.parse("2026-03-27T07:30:00Z")));
    assertFalse(hours.isOpen(ZonedDateTime.parse("2026-03-27T07:29:00Z")));
    // ... and on Monday 30 March, after the change, 08:30 is 06:30 UTC.
    assertTrue(hours.isOpen(ZonedDateTime.parse("2026-03-30T06:30:00Z")));
    assertFalse(hours.isOpen(ZonedDateTime.of(2026, 3, 28, 13, 0, 0, 0, ROME)));
    assertFalse(hours.isOpen(ZonedDateTime.of(2026, 3, 29, 10, 0, 0, 0, ROME)), "closed on Sunday");
    assertEquals(ZonedDateTime.of(2026, 3, 30, 8, 30, 0, 0, ROME).toInstant(),
        hours.nextOpening(ZonedDateTime.of(2026, 3, 28, 14, 0, 0, 0, ROME)).orElseThrow().toInstant());
    assertTrue(hours.nextOpening(ZonedDateTime.of(2026, 3, 30, 9, 0, 0, 0, ROME)).isEmpty(), "open now");
    assertTrue(BusinessHours.parse(List.of("MON-SUN 00:00-24:00")).isOpen(ZonedDateTime.of(2026, 10, 25, 23, 59, 0, 0, ROME)));
    assertThrows(IllegalArgumentException.class, () -> BusinessHours.parse(List.of("lun 9-18")));
    assertThrows(IllegalArgumentException.class, () -> BusinessHours.parse(List.of("MON 18:00-09:00")));
  }

  @Test
  void waitEstimate() {
    assertEquals(OptionalLong.empty(), WaitEstimate.seconds(1, 0, 0, 600), "nobody online: unknown");
    assertEquals(OptionalLong.of(0), WaitEstimate.seconds(2, 8, 3, 600), "a free place for everyone ahead");
    // 5th in line, 4 places all busy, 10-minute chats: 5 must end, 4 at a time: 12.5 minutes, said as 13.
    assertEquals(OptionalLong.of(780), WaitEstimate.seconds(5, 4, 0, 600));
    assertThrows(IllegalArgumentException.class, () -> WaitEstimate.seconds(0, 4, 0, 600));
  }

  @Test
  void whoSeesAndWritesWhat() {
    Conversation active = conversation(Status.ACTIVE, "marco", Set.of("sara"));
    assertEquals(Participation.OWNER, active.participation("anna", false));
    assertEquals(Participation.MANAGER, active.participation("marco", false));
    assertEquals(Participation.SUPERVISOR_JOINED, active.participation("sara", true));
    assertEquals(Participation.SUPERVISOR_WATCHING, active.participation("piero", true));
    assertEquals(Participation.NONE, active.participation("piero", false));
    assertEquals(Participation.NONE, active.participation("sara", false), "joining needs the role, not only the list");
    assertFalse(Participation.OWNER.seesStaffEvents());

    assertTrue(ChatRules.write(active, Participation.OWNER, false).isEmpty());
    assertEquals(403, ChatRules.write(active, Participation.OWNER, true).orElseThrow().status(), "citizens write no notes");
    assertEquals(403, ChatRules.write(active, Participation.SUPERVISOR_WATCHING, false).orElseThrow().status());
    assertEquals(404, ChatRules.write(active, Participation.NONE, false).orElseThrow().status());
    assertTrue(ChatRules.write(active, Participation.SUPERVISOR_JOINED, true).isEmpty());

    Conversation offered = conversation(Status.OFFERED, "marco", Set.of());
    assertEquals("not-accepted", ChatRules.write(offered, Participation.MANAGER, false).orElseThrow().type());
    assertTrue(ChatRules.write(offered, Participation.OWNER, false).isEmpty(), "a citizen may leave a message while waiting");
    assertTrue(ChatRules.accept(offered, Participation.MANAGER).isEmpty());
    assertTrue(ChatRules.pass(offered, Participation.MANAGER).isEmpty());
    assertEquals("already-accepted", ChatRules.pass(active, Participation.MANAGER).orElseThrow().type());
    assertEquals(422, ChatRules.transfer(active, Participation.MANAGER, "marco").orElseThrow().status());
    assertTrue(ChatRules.transfer(active, Participation.MANAGER, "giulia").isEmpty());

    Conversation closed = conversation(Status.CLOSED, null, Set.of());
    assertTrue(ChatRules.rate(closed, Participation.OWNER).isEmpty());
    assertEquals("conversation-open", ChatRules.rate(active, Participation.OWNER).orElseThrow().type());
    assertEquals("conversation-closed", ChatRules.write(closed, Participation.OWNER, false).orElseThrow().type());
  }

  @Test
  void transcriptShowsWhatTheCitizenSawInRomeTime() {
    String text = Transcript.render("Anziani e fragilità", Instant.parse("2026-07-01T08:00:00Z"), List.of(
        new Transcript.Line(Instant.parse("2026-07-01T08:00:00Z"), EventKind.STARTED, "citizen", "Anna", null),
        new Transcript.Line(Instant.parse("2026-07-01T08:01:00Z"), EventKind.MESSAGE, "citizen", "Anna", "Buongiorno"),
        new Transcript.Line(Instant.parse("2026-07-01T08:02:00Z"), EventKind.MESSAGE, "manager", "Marco", "Salve!")));
    assertTrue(text.contains("[01/07/2026 10:01] Tu: Buongiorno"), text);
    assertTrue(text.contains("[01/07/2026 10:02] Marco: Salve!"), text);
    assertTrue(text.contains("Argomento: Anziani e fragilità"));
  }

  @Test
  void eventKindsVisibleToCitizens() {
    assertFalse(EventKind.NOTE.citizenVisible());
    assertFalse(EventKind.OFFERED.citizenVisible());
    assertTrue(EventKind.MESSAGE.citizenVisible());
    assertEquals(EventKind.CALLBACK_REQUESTED, EventKind.fromWire("callback-requested").orElseThrow());
  }
}
