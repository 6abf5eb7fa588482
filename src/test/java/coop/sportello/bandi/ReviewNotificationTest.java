package coop.sportello.bandi;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.ReceivedMail;
import coop.sportello.testing.TestSmtp;
import coop.sportello.testing.Waits;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The officer's decisions reach the applicant's mailbox through the outbox, with the reason in plain words. */
class ReviewNotificationTest extends AppTestBase {

  private final TestSmtp smtp = new TestSmtp();

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("notifications", smtp.notificationsConfig("https://sportello.example.org"));
  }

  @AfterAll
  void stopSmtp() {
    smtp.close();
  }

  @Test
  void askingForMoreAndAdmittingAreWrittenToTheApplicant() throws MessagingException {
    ReviewFixture f = new ReviewFixture(vertx, app.pool(), http);
    String officer = f.officer("notify.officer");
    UUID citizen = f.account("notify.citizen", "citizen");
    String email = "notify.citizen@cittadini.example.org";
    await(app.pool().preparedQuery("UPDATE accounts SET email = $2 WHERE id = $1").execute(Tuple.of(citizen, email)));
    UUID bando = f.bando(f.comune, "contributo", "first_come", 100_000);
    UUID a = f.application(bando, citizen, 25_000, 2, 1, null);

    assertEquals(200, await(http.post(ReviewFixture.path(bando, a, "incomplete"), officer,
        new JsonObject().put("reason", "Manca l'attestazione ISEE."))).statusCode());
    Waits.waitFor(() -> smtp.receivedBy(email).size() == 1, "the request for more reaches the applicant");
    MimeMessage more = ReceivedMail.only(smtp, email);
    assertEquals("La domanda va integrata: Bando di prova contributo", more.getSubject());
    assertTrue(ReceivedMail.text(more).contains("Motivo: Manca l'attestazione ISEE."), ReceivedMail.text(more));

    assertEquals(200, await(http.post(ReviewFixture.path(bando, a, "admit"), officer, new JsonObject())).statusCode());
    Waits.waitFor(() -> smtp.receivedBy(email).size() == 2, "the admission reaches the applicant");
    MimeMessage admitted = smtp.receivedBy(email).get(1);
    assertEquals("Domanda accolta: Bando di prova contributo", admitted.getSubject());
    assertTrue(ReceivedMail.text(admitted).contains("Importo: 250,00 €"), ReceivedMail.text(admitted));
  }
}
