package dev.leash.keycloak.policies.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetworkPrefixTest {

  @Test
  void anIpv6AddressCountsAsItsSlash64AndAnIpv4AddressAsItself() {
    assertEquals("2001:db8:1:2::/64", NetworkPrefix.countedSource("2001:db8:1:2:aaaa::1"));
    assertEquals(
        NetworkPrefix.countedSource("2001:db8:1:2:ffff:ffff:ffff:ffff"),
        NetworkPrefix.countedSource("2001:0db8:0001:0002::"),
        "every address of one /64 is one source");
    assertEquals("192.0.2.7", NetworkPrefix.countedSource("192.0.2.7"));
    assertEquals("not-an-address", NetworkPrefix.countedSource("not-an-address"));
  }

  @Test
  void addressesShareAPrefixOnlyWithinOneFamily() {
    assertTrue(NetworkPrefix.sameNetwork("192.0.2.7", "192.0.2.200", 24));
    assertFalse(NetworkPrefix.sameNetwork("192.0.2.7", "192.0.3.7", 24));
    assertFalse(NetworkPrefix.sameNetwork("192.0.2.7", "2001:db8::1", 24));
  }
}
