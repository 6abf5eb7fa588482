package coop.sportello.notifications.domain;

import coop.sportello.platform.domain.Refusal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a webhook may be sent. HTTPS only, to a public host: the body and its signature travel in
 * clear over HTTP, and Sportello posting to a loopback or private address would let a cooperative's
 * admin reach the servers beside it (and read their answers in the delivery log). Credentials in the
 * URL are refused (they would be stored and shown in clear; the signature authenticates us).
 *
 * <p>With {@code allowLoopback} (config {@code notifications.webhooks.allowInsecure}, for
 * development and the tests' receivers) {@code http://} and {@code https://} to localhost,
 * 127.0.0.1 and [::1] are allowed too, and nothing else more.
 *
 * <p>Only what the URL says is checked, never DNS (no lookups here): a public name that resolves to
 * a private address is for egress filtering at the network to stop.
 */
public final class WebhookUrl {

  public static final int MAX_LENGTH = 2000;
  private static final Pattern DOTTED_QUAD = Pattern.compile("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");
  /** A last label of digits or hex: an address in some other notation (2130706433, 0x7f.1), never a public name. */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("^(0x[0-9a-f]*|[0-9]+)$");

  private WebhookUrl() { }

  /** Why Sportello will not post to {@code url}, or empty when it will. */
  public static Optional<Refusal> refusal(String url, boolean allowLoopback) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return refuse("L'indirizzo del webhook non è un URL valido.");
    }
    if (url.length() > MAX_LENGTH || !uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
      return refuse("L'indirizzo del webhook non è un URL valido (per esempio https://esempio.it/sportello).");
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      return refuse("L'indirizzo del webhook non può contenere credenziali né un frammento (#).");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    boolean loopback = isLoopback(host);
    if (allowLoopback && loopback && (scheme.equals("http") || scheme.equals("https"))) {
      return Optional.empty();
    }
    if (!scheme.equals("https")) {
      return refuse("Il webhook deve usare https://.");
    }
    if (loopback || privateAddress(host)) {
      return refuse("Il webhook deve puntare a un indirizzo pubblico, non alla rete interna.");
    }
    return Optional.empty();
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.endsWith(".localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  /** An address literal (or what could be read as one) that is not a public unicast address. */
  private static boolean privateAddress(String host) {
    boolean v6 = host.startsWith("[") && host.endsWith("]");
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (!v6 && !DOTTED_QUAD.matcher(name).matches()) {
      return NUMERIC_LABEL.matcher(name.substring(name.lastIndexOf('.') + 1)).matches();
    }
    try {
      // Literals only, never DNS: the dotted quad is read here, and a bracketed IPv6 literal is
      // parsed by InetAddress without a lookup (getByAddress never looks anything up).
      InetAddress address = v6 ? InetAddress.getByName(name) : InetAddress.getByAddress(v4(name));
      byte[] bytes = address.getAddress();
      boolean uniqueLocalV6 = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
      boolean sharedV4 = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
      boolean thisNetworkV4 = bytes.length == 4 && bytes[0] == 0;
      return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
          || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6 || sharedV4 || thisNetworkV4;
    } catch (UnknownHostException e) {
      return true;
    }
  }

  private static byte[] v4(String dottedQuad) throws UnknownHostException {
    String[] parts = dottedQuad.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int n = Integer.parseInt(parts[i]);
      // A leading zero reads as octal to some resolvers (012 = 10): ambiguous, so no address at all.
      if (n > 255 || (parts[i].length() > 1 && parts[i].charAt(0) == '0')) {
        throw new UnknownHostException("not an IPv4 address");
      }
      bytes[i] = (byte) n;
    }
    return bytes;
  }

  private static Optional<Refusal> refuse(String detail) {
    return Optional.of(Refusal.invalid("webhook-url", detail));
  }
}
