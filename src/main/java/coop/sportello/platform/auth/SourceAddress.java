package coop.sportello.platform.auth;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a sign-in comes from, for {@link AttemptThrottle}: the address of the peer, or, when the
 * peer is one of {@code auth.trustedProxies} (addresses or CIDR ranges), the nearest address in
 * {@code X-Forwarded-For} that is not one of them. Without that setting the header is ignored:
 * anyone can write it, and an attacker who could choose his source would never be slowed.
 *
 * <p>An IPv6 client is counted by its /64: one host commonly holds a whole /64.
 */
public final class SourceAddress {

  private record Range(byte[] prefix, int bits) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Range> trustedProxies;

  private SourceAddress(List<Range> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /** @param trustedProxies addresses ({@code 10.0.0.5}) or ranges ({@code 10.0.0.0/8}) of the proxies in front */
  public static SourceAddress trusting(List<String> trustedProxies) {
    return new SourceAddress(trustedProxies.stream().map(SourceAddress::range).toList());
  }

  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    return of(peer == null || peer.hostAddress() == null ? "" : peer.hostAddress(), request.headers().getAll("X-Forwarded-For"));
  }

  /** @param forwardedFor the X-Forwarded-For headers, in the order received */
  String of(String peer, List<String> forwardedFor) {
    if (!isTrusted(peer)) {
      return normalised(peer);
    }
    List<String> hops = forwardedFor.stream()
        .flatMap(value -> Arrays.stream(value.split(",")))
        .map(String::trim).filter(hop -> !hop.isEmpty()).toList();
    // Right to left: each trusted proxy appended the address it saw; the first one not a proxy of ours is the client.
    for (int i = hops.size() - 1; i >= 0; i--) {
      if (!isTrusted(hops.get(i))) {
        return normalised(hops.get(i));
      }
    }
    return normalised(hops.isEmpty() ? peer : hops.get(0));
  }

  private boolean isTrusted(String address) {
    byte[] bytes = bytes(address);
    return bytes != null && trustedProxies.stream().anyMatch(range -> range.contains(bytes));
  }

  /** IPv4 as written, IPv6 as its /64 in hex; anything that is not an address literal as it came. */
  static String normalised(String address) {
    byte[] bytes = bytes(address);
    if (bytes == null) {
      return address;
    }
    return bytes.length == 4 ? NetUtil.bytesToIpAddress(bytes) : HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
  }

  /** The address's bytes (IPv4-mapped IPv6 as IPv4), or null when it is not a literal: never a DNS lookup. */
  private static byte[] bytes(String address) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(stripBrackets(address));
    if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  private static String stripBrackets(String address) {
    return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
  }

  private static Range range(String cidr) {
    int slash = cidr.indexOf('/');
    String address = slash < 0 ? cidr.trim() : cidr.substring(0, slash).trim();
    byte[] prefix = bytes(address);
    if (prefix == null) {
      throw new IllegalArgumentException("auth.trustedProxies: not an IP address or range: " + cidr);
    }
    int bits = slash < 0 ? prefix.length * 8 : Integer.parseInt(cidr.substring(slash + 1).trim());
    if (bits < 0 || bits > prefix.length * 8) {
      throw new IllegalArgumentException("auth.trustedProxies: prefix length out of range: " + cidr);
    }
    return new Range(prefix, bits);
  }
}
