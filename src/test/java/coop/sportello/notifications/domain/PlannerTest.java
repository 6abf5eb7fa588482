package coop.sportello.notifications.domain;

import coop.sportello.notifications.domain.Announcement.Actor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who is written to, how, and when: channels, optional messages, quiet hours and deadlines. */
class PlannerTest {

  static final Links LINKS = new Links() {
    @Override
    public String manageBooking(String bookingId, Instant until) {
      return "https://s.test/gestisci.html#t=booking." + bookingId;
    }

    @Override
    public String acceptOffer(String bookingId, Instant until) {
      return "https://s.test/gestisci.html#t=offer." + bookingId;
    }

    @Override
    public String unsubscribe(String accountId) {
      return "https://s.test/disiscrizione.html#t=" + accountId;
    }

    @Override
    public String page(String path) {
      return "https://s.test" + path;
    }
  };

  private static final ZonedDateTime NOON = ZonedDateTime.of(2026, 12, 10, 12, 0, 0, 0, QuietHours.ROME);

  static Announcement.Booking booking(ZonedDateTime start) {
    return new Announcement.Booking("b-1", "ACDEFGHJ", "Assistenza domiciliare per anziani", Optional.of("Via Roma 1, Bergamo"),
        start.toOffsetDateTime(), start.plusHours(1).toOffsetDateTime(), 1);
  }

  static Announcement announce(MessageKind kind, ZonedDateTime start, Optional<Instant> deadline) {
    return new Announcement(1, kind, Optional.of(booking(start)), Actor.PERSON, deadline, Optional.of(1440), Optional.empty(),
        new Announcement.Sender("Cooperativa Il Sole", Optional.of("info@ilsole.example.org")));
  }

  static Recipient person(Set<Channel> channels, Optional<QuietHours> quiet, boolean muted) {
    return new Recipient(Optional.of("acc-1"), Optional.of("anna@example.org"), Optional.of("+393471234567"),
        Recipient.Language.IT, channels, quiet, muted);
  }

  @Test
  void eachChosenChannelWithAnAddressGetsOneMessage() {
    List<Planner.Planned> planned = Planner.plan(announce(MessageKind.CONFIRMED, NOON.plusDays(2), Optional.empty()),
        person(EnumSet.of(Channel.EMAIL, Channel.SMS), Optional.empty(), false), NOON.toInstant(), LINKS, "Rete");
    assertEquals(List.of(Channel.EMAIL, Channel.SMS), planned.stream().map(Planner.Planned::channel).toList());
    assertTrue(planned.stream().allMatch(p -> p.notBefore().equals(NOON.toInstant())));
    Recipient noPhone = new Recipient(Optional.of("acc-1"), Optional.of("anna@example.org"), Optional.empty(),
        Recipient.Language.IT, EnumSet.of(Channel.EMAIL, Channel.SMS), Optional.empty(), false);
    assertEquals(1, Planner.plan(announce(MessageKind.CONFIRMED, NOON.plusDays(2), Optional.empty()), noPhone,
        NOON.toInstant(), LINKS, "Rete").size(), "no SMS without a number");
    assertTrue(Planner.plan(announce(MessageKind.CONFIRMED, NOON.plusDays(2), Optional.empty()),
        person(Set.of(), Optional.empty(), false), NOON.toInstant(), LINKS, "Rete").isEmpty(), "no channel, no message");
  }

  @Test
  void unsubscribingStopsRemindersButNotConfirmations() {
    Recipient muted = person(EnumSet.of(Channel.EMAIL), Optional.empty(), true);
    assertTrue(Planner.plan(announce(MessageKind.REMINDER, NOON.plusDays(1), Optional.empty()), muted, NOON.toInstant(), LINKS, "Rete").isEmpty());
    assertEquals(1, Planner.plan(announce(MessageKind.CANCELLED, NOON.plusDays(1), Optional.empty()), muted, NOON.toInstant(), LINKS, "Rete").size());
    Planner.Planned reminder = Planner.plan(announce(MessageKind.REMINDER, NOON.plusDays(1), Optional.empty()),
        person(EnumSet.of(Channel.EMAIL), Optional.empty(), false), NOON.toInstant(), LINKS, "Rete").get(0);
    assertTrue(reminder.content().text().contains("https://s.test/disiscrizione.html#t=acc-1"), "optional messages carry the link");
    Planner.Planned confirmation = Planner.plan(announce(MessageKind.CONFIRMED, NOON.plusDays(1), Optional.empty()),
        person(EnumSet.of(Channel.EMAIL), Optional.empty(), false), NOON.toInstant(), LINKS, "Rete").get(0);
    assertFalse(confirmation.content().text().contains("disiscrizione"), "essential ones cannot be unsubscribed");
  }

  @Test
  void quietHoursDelayUntilTheyEndAcrossMidnight() {
    ZonedDateTime late = NOON.withHour(23);
    Recipient quiet = person(EnumSet.of(Channel.EMAIL, Channel.SMS), Optional.of(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))), false);
    List<Planner.Planned> planned = Planner.plan(announce(MessageKind.CONFIRMED, NOON.plusDays(3), Optional.empty()), quiet,
        late.toInstant(), LINKS, "Rete");
    assertEquals(2, planned.size());
    assertTrue(planned.stream().allMatch(p -> p.notBefore().equals(NOON.plusDays(1).withHour(7).toInstant())), "next morning at 7");
    assertEquals(2, Planner.plan(announce(MessageKind.CONFIRMED, NOON.plusDays(3), Optional.empty()), quiet, NOON.toInstant(), LINKS, "Rete")
        .stream().filter(p -> p.notBefore().equals(NOON.toInstant())).count(), "at noon nothing waits");
  }

  @Test
  void whatWouldBeOverBeforeQuietEndsGoesNowByEmailOnly() {
    ZonedDateTime late = NOON.withHour(23);
    Recipient quiet = person(EnumSet.of(Channel.EMAIL, Channel.SMS), Optional.of(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))), false);
    List<Planner.Planned> offer = Planner.plan(announce(MessageKind.WAITLIST_OFFER, NOON.plusDays(1),
        Optional.of(late.toInstant().plus(Duration.ofMinutes(5)))), quiet, late.toInstant(), LINKS, "Rete");
    assertEquals(List.of(Channel.EMAIL), offer.stream().map(Planner.Planned::channel).toList(), "the e-mail is silent; the SMS would wake them");
    assertEquals(late.toInstant(), offer.get(0).notBefore());
  }

  @Test
  void nothingIsSentAboutWhatIsAlreadyOver() {
    assertTrue(Planner.plan(announce(MessageKind.WAITLIST_OFFER, NOON.plusDays(1), Optional.of(NOON.toInstant().minusSeconds(1))),
        person(EnumSet.of(Channel.EMAIL), Optional.empty(), false), NOON.toInstant(), LINKS, "Rete").isEmpty());
    assertTrue(Planner.plan(announce(MessageKind.REMINDER, NOON.minusHours(1), Optional.empty()),
        person(EnumSet.of(Channel.EMAIL), Optional.empty(), false), NOON.toInstant(), LINKS, "Rete").isEmpty());
  }

  @Test
  void anSmsNamesNoServiceAddressOrPerson() {
    for (MessageKind kind : MessageKind.values()) {
      Announcement a = new Announcement(1, kind, Optional.of(booking(NOON.plusDays(1))), Actor.CONTACT_CENTRE,
          Optional.of(NOON.plusHours(1).toInstant()), Optional.of(120), Optional.of(OffsetDateTime.parse("2026-12-11T10:30:00+01:00")),
          new Announcement.Sender("Cooperativa Il Sole", Optional.empty()), Optional.empty(),
          kind.wireName().startsWith("bando.") ? Optional.of(new Announcement.BandoNotice("app-1", "Buoni spesa Il Sole", 7,
              OffsetDateTime.parse("2026-12-11T10:30:00+01:00"), Optional.of(15_000L), Optional.empty())) : Optional.empty());
      for (Recipient.Language lang : Recipient.Language.values()) {
        Content c = Templates.render(a, lang, Optional.of("acc-1"), LINKS, "Rete");
        assertFalse(c.sms().contains("Assistenza"), kind + " SMS names the service: " + c.sms());
        assertFalse(c.sms().contains("Via Roma"), kind + " SMS names the address: " + c.sms());
        assertFalse(c.sms().contains("Sole"), kind + " SMS names the cooperative: " + c.sms());
        assertTrue(c.sms().length() <= 320, kind + " SMS fits two segments: " + c.sms().length());
        assertFalse(c.subject().isBlank());
        assertTrue(c.html().contains("<html lang=\"" + lang.code() + "\">"), "the HTML part says its language");
      }
    }
  }

  @Test
  void theHtmlPartEscapesWhatTheProviderTyped() {
    Announcement a = new Announcement(1, MessageKind.CONFIRMED, Optional.of(new Announcement.Booking("b-1", "ACDEFGHJ",
        "Laboratorio <script>alert(1)</script> & giochi", Optional.empty(), NOON.toOffsetDateTime(), NOON.plusHours(1).toOffsetDateTime(), 2)),
        Actor.PERSON, Optional.empty(), Optional.empty(), Optional.empty(), new Announcement.Sender("Rete", Optional.empty()));
    Content c = Templates.render(a, Recipient.Language.EN, Optional.empty(), LINKS, "Rete");
    assertFalse(c.html().contains("<script>"));
    assertTrue(c.html().contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; giochi"));
    assertTrue(c.text().contains("Booking code: ACDEFGHJ"));
    assertTrue(c.text().contains("Places: 2"));
  }
  @Test
  void aConfirmedPurchaseOfTicketsListsEachTicketsCodeAndWhereItsQrIs() {
    Announcement.Booking visit = new Announcement.Booking("b-2", "KLMNPQRS", "Visita guidata all'abbazia", Optional.of("Via Sant'Arialdo 102, Milano"),
        NOON.toOffsetDateTime(), NOON.plusHours(1).toOffsetDateTime(), 3, List.of(new Announcement.Ticket(1, "Intero", "7KX2M9QP4DRT"),
        new Announcement.Ticket(2, "Intero", "H3ZC8WJ5NB0V"), new Announcement.Ticket(3, "Ridotto", "AE6Y1GSQ9TK2")));
    Announcement a = new Announcement(1, MessageKind.CONFIRMED, Optional.of(visit), Actor.PERSON, Optional.empty(), Optional.empty(),
        Optional.empty(), new Announcement.Sender("Rete", Optional.empty()));
    Content it = Templates.render(a, Recipient.Language.IT, Optional.empty(), LINKS, "Rete");
    assertTrue(it.text().contains("Biglietto 1 – Intero: 7KX2M9QP4DRT"), it.text());
    assertTrue(it.text().contains("Biglietto 3 – Ridotto: AE6Y1GSQ9TK2"), it.text());
    assertTrue(it.text().contains("https://s.test/biglietti.html"), it.text());
    assertTrue(it.html().contains("AE6Y1GSQ9TK2"));
    Content en = Templates.render(a, Recipient.Language.EN, Optional.empty(), LINKS, "Rete");
    assertTrue(en.text().contains("Ticket 2 – Intero: H3ZC8WJ5NB0V"), en.text());
    Content plain = Templates.render(announce(MessageKind.CONFIRMED, NOON, Optional.empty()), Recipient.Language.IT, Optional.empty(),
        LINKS, "Rete");
    assertFalse(plain.text().contains("Biglietto"), "a booking without tickets says nothing of them");
  }

  @Test
  void aCallBackTimeIsToldOnTheItalianClockWhateverOffsetItCameWith() {
    Announcement a = new Announcement(1, MessageKind.CALL_CALLBACK, Optional.empty(), Actor.SYSTEM, Optional.empty(), Optional.empty(),
        Optional.of(OffsetDateTime.parse("2026-12-11T14:00:00Z")), new Announcement.Sender("Rete", Optional.empty()));
    Content c = Templates.render(a, Recipient.Language.IT, Optional.empty(), LINKS, "Rete");
    assertTrue(c.text().contains("alle 15:00"), c.text());
    assertTrue(c.sms().contains("ore 15:00"), c.sms());
  }
}
