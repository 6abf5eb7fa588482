package coop.sportello.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server inside the test (GreenMail) on a free loopback port, and the
 * {@code notifications} configuration that points Sportello's relay at it.
 */
public final class TestSmtp implements AutoCloseable {

  private final GreenMail server;
  private final int port;

  public TestSmtp() {
    this.port = freePort();
    this.server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
  }

  public int port() {
    return port;
  }

  public GreenMail server() {
    return server;
  }

  /** The relay pointed at this server (plain SMTP on loopback), polling fast, links under {@code publicUrl}. */
  public JsonObject notificationsConfig(String publicUrl) {
    return new JsonObject().put("publicUrl", publicUrl).put("planMillis", 100).put("sendMillis", 100)
        .put("email", new JsonObject().put("host", "127.0.0.1").put("port", port).put("starttls", "disabled"));
  }

  public List<MimeMessage> received() {
    return Arrays.asList(server.getReceivedMessages());
  }

  /** Messages to one address. */
  public List<MimeMessage> receivedBy(String address) {
    return received().stream().filter(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  /** The plain-text part of a message (the HTML part says the same). */
  public static String plainText(MimeMessage m) {
    return part(m, "text/plain");
  }

  public static String html(MimeMessage m) {
    return part(m, "text/html");
  }

  private static String part(MimeMessage m, String type) {
    try {
      Object content = m.getContent();
      if (content instanceof String s) {
        return s;
      }
      jakarta.mail.Multipart parts = (jakarta.mail.Multipart) content;
      for (int i = 0; i < parts.getCount(); i++) {
        if (parts.getBodyPart(i).isMimeType(type)) {
          return (String) parts.getBodyPart(i).getContent();
        }
      }
      throw new AssertionError("no " + type + " part");
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
