package coop.sportello.platform.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Where a sign-in comes from: X-Forwarded-For only from a proxy of ours, IPv6 by its /64. */
class SourceAddressTest {

  private final SourceAddress direct = SourceAddress.trusting(List.of());
  private final SourceAddress behindProxies = SourceAddress.trusting(List.of("10.0.0.0/8", "192.0.2.7"));

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertEquals("198.51.100.4", direct.of("198.51.100.4", List.of("203.0.113.9")));
  }

  @Test
  void aHeaderFromAnUntrustedPeerIsIgnored() {
    assertEquals("198.51.100.4", behindProxies.of("198.51.100.4", List.of("203.0.113.9")));
  }

  @Test
  void behindTrustedProxiesTheNearestAddressNotOursIsTheSource() {
    assertEquals("203.0.113.9", behindProxies.of("10.1.2.3", List.of("203.0.113.9")));
    // The client wrote the first entry itself; the proxies appended what they saw.
    assertEquals("203.0.113.9", behindProxies.of("10.1.2.3", List.of("1.1.1.1, 203.0.113.9", "192.0.2.7")));
    assertEquals("10.9.9.9", behindProxies.of("10.1.2.3", List.of("10.9.9.9")), "only proxies: the farthest");
    assertEquals("10.1.2.3", behindProxies.of("10.1.2.3", List.of()), "no header: the proxy itself");
  }

  @Test
  void ipv6IsCountedByItsSlash64AndMappedIpv4AsIpv4() {
    assertEquals(direct.of("2001:db8:1:2:aaaa::1", List.of()), direct.of("2001:db8:1:2:bbbb::99", List.of()));
    assertEquals("20010db800010002::/64", direct.of("2001:db8:1:2::1", List.of()));
    assertEquals("198.51.100.4", direct.of("::ffff:198.51.100.4", List.of()));
  }

  @Test
  void somethingThatIsNotAnAddressIsCountedAsWrittenNeverLookedUp() {
    assertEquals("unknown", behindProxies.of("10.1.2.3", List.of("unknown")));
  }

  @Test
  void aMistypedProxyStopsTheStart() {
    assertThrows(IllegalArgumentException.class, () -> SourceAddress.trusting(List.of("proxy.example")));
    assertThrows(IllegalArgumentException.class, () -> SourceAddress.trusting(List.of("10.0.0.0/40")));
  }
}
