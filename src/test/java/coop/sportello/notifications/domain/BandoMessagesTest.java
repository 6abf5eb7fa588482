package coop.sportello.notifications.domain;

import coop.sportello.notifications.domain.Announcement.Actor;
import coop.sportello.notifications.domain.Announcement.BandoNotice;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An application's messages: the receipt's protocol and time, the amount, the Comune's reason, in both languages. */
class BandoMessagesTest {

  private static final Instant NOW = Instant.parse("2026-12-10T10:00:00Z");
  private static final Links LINKS = new Links() {
    @Override
    public String manageBooking(String bookingId, Instant until) {
      return "https://sportello.example/b/" + bookingId;
    }

    @Override
    public String acceptOffer(String bookingId, Instant until) {
      return "https://sportello.example/o/" + bookingId;
    }

    @Override
    public String unsubscribe(String accountId) {
      return "https://sportello.example/u/" + accountId;
    }

    @Override
    public String page(String path) {
      return "https://sportello.example" + path;
    }
  };

  private static Announcement bando(MessageKind kind, Actor by, Optional<String> reason) {
    return new Announcement(3, kind, Optional.empty(), by, Optional.empty(), Optional.empty(), Optional.empty(),
        new Announcement.Sender("Comune di Piazzola sul Brenta", Optional.empty()), Optional.empty(),
        Optional.of(new BandoNotice("app-1", "Buoni spesa 2026", 1042, OffsetDateTime.parse("2026-12-10T09:00:01.5+01:00"),
            Optional.of(20_000L), reason)));
  }

  private static Recipient person(Recipient.Language language) {
    return new Recipient(Optional.of("acc-1"), Optional.of("anna@example.org"), Optional.of("+393471234567"), language,
        Set.of(Channel.EMAIL, Channel.SMS), Optional.empty(), true);
  }

  @Test
  void theReceiptMessageCarriesTheProtocolAndTheServersTime() {
    List<Planner.Planned> planned = Planner.plan(bando(MessageKind.BANDO_SUBMITTED, Actor.PERSON, Optional.empty()),
        person(Recipient.Language.IT), NOW, LINKS, "Rete Sportello");
    assertEquals(2, planned.size(), "essential: sent by both channels even with optional messages muted");
    Content mail = planned.get(0).content();
    assertEquals("Domanda ricevuta: Buoni spesa 2026", mail.subject());
    assertTrue(mail.text().contains("Numero di protocollo: 1042"), mail.text());
    assertTrue(mail.text().contains("giovedì 10 dicembre 2026 alle 9:00"), mail.text());
    assertTrue(mail.text().contains("Importo: 200,00 €"), mail.text());
    assertTrue(mail.text().contains("Comune di Piazzola sul Brenta, tramite Rete Sportello"), mail.text());
    assertEquals("Sportello: domanda ricevuta, protocollo 1042 https://sportello.example/le-mie-domande.html", planned.get(1).content().sms());
  }

  @Test
  void everyStatusHasItsWordsAndAReasonWhenTheComuneGaveOne() {
    for (MessageKind kind : List.of(MessageKind.BANDO_INCOMPLETE, MessageKind.BANDO_ADMITTED, MessageKind.BANDO_REJECTED,
        MessageKind.BANDO_PAID)) {
      for (Recipient.Language language : Recipient.Language.values()) {
        Content c = Templates.render(bando(kind, Actor.SYSTEM, Optional.of("Manca l'attestazione ISEE")), language,
            Optional.of("acc-1"), LINKS, "Rete Sportello");
        assertTrue(c.subject().endsWith("Buoni spesa 2026"), c.subject());
        assertTrue(c.text().contains("Manca l'attestazione ISEE"), c.text());
        assertTrue(c.html().contains("Manca l&#39;attestazione ISEE"), c.html());
      }
    }
    Content rejected = Templates.render(bando(MessageKind.BANDO_REJECTED, Actor.SYSTEM, Optional.of("ISEE troppo alto")),
        Recipient.Language.IT, Optional.of("acc-1"), LINKS, "Rete Sportello");
    assertTrue(!rejected.text().contains("Importo"), "a rejected application is not told an amount");
  }
}
