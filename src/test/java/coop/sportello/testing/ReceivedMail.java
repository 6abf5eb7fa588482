package coop.sportello.testing;

import jakarta.mail.internet.MimeMessage;

import java.util.List;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading what arrived at a {@link TestSmtp}: the one e-mail to an address, and its plain-text part. */
public final class ReceivedMail {

  private ReceivedMail() { }

  /** Waits for an e-mail to {@code address} and checks that it is the only one. */
  public static MimeMessage only(TestSmtp smtp, String address) {
    waitFor(() -> !smtp.receivedBy(address).isEmpty(), "an e-mail to " + address);
    List<MimeMessage> received = smtp.receivedBy(address);
    assertEquals(1, received.size(), "one e-mail to " + address);
    return received.get(0);
  }

  /** The plain-text part (the HTML part says the same). */
  public static String text(MimeMessage m) {
    return TestSmtp.plainText(m);
  }
}
