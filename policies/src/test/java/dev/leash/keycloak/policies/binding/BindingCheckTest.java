package dev.leash.keycloak.policies.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leash.keycloak.core.BindingMode;
import dev.leash.keycloak.core.DeviceContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingCheckTest {

  @Test
  void dpopBindingWantsTheSameKey() {
    DeviceContext bound = context(BindingMode.DPOP, "10.0.0.1", 32, "key-a");
    assertEquals(BindingCheck.Outcome.MATCH, BindingCheck.check(bound, "10.9.9.9", "key-a"));
    assertEquals(
        BindingCheck.Outcome.DPOP_KEY_MISMATCH, BindingCheck.check(bound, "10.0.0.1", "key-b"));
    assertEquals(
        BindingCheck.Outcome.DPOP_PROOF_MISSING, BindingCheck.check(bound, "10.0.0.1", null));
  }

  @Test
  void addressBindingWantsTheSameNetwork() {
    DeviceContext exact = context(BindingMode.IP, "192.0.2.10", 32, null);
    assertEquals(BindingCheck.Outcome.MATCH, BindingCheck.check(exact, "192.0.2.10", null));
    assertEquals(
        BindingCheck.Outcome.ADDRESS_MISMATCH, BindingCheck.check(exact, "192.0.2.11", null));
    DeviceContext network = context(BindingMode.IP, "192.0.2.10", 24, null);
    assertEquals(BindingCheck.Outcome.MATCH, BindingCheck.check(network, "192.0.2.200", null));
    assertEquals(
        BindingCheck.Outcome.ADDRESS_MISMATCH, BindingCheck.check(network, "192.0.3.1", null));
  }

  @Test
  void unboundGrantsMatchAnyPoll() {
    DeviceContext none = context(BindingMode.NONE, "192.0.2.10", 32, null);
    assertEquals(BindingCheck.Outcome.MATCH, BindingCheck.check(none, "203.0.113.1", null));
  }

  @Test
  void networkPrefixComparesOnlyLiteralAddressesOfOneFamily() {
    assertTrue(NetworkPrefix.sameNetwork("2001:db8::1", "2001:db8::ffff", 64));
    assertFalse(NetworkPrefix.sameNetwork("2001:db8::1", "2001:db9::1", 32));
    assertFalse(NetworkPrefix.sameNetwork("192.0.2.1", "::ffff:c000:201:1", 0));
    assertFalse(NetworkPrefix.sameNetwork("example.com", "example.com", 32), "no DNS");
    assertFalse(NetworkPrefix.sameNetwork("cafe.bad", "cafe.bad", 32), "hex-only name: no DNS");
    assertTrue(NetworkPrefix.sameNetwork("64:ff9b::192.0.2.1", "64:ff9b::192.0.2.9", 120));
    assertFalse(NetworkPrefix.sameNetwork(null, "192.0.2.1", 32));
    assertFalse(NetworkPrefix.sameNetwork(null, null, 32));
    assertTrue(NetworkPrefix.sameNetwork("2001:db8::1", "2001:db8::1", 128));
    assertTrue(NetworkPrefix.isIpv6("::1"));
    assertFalse(NetworkPrefix.isIpv6("127.0.0.1"));
  }

  private static DeviceContext context(BindingMode mode, String ip, int bits, String jkt) {
    return new DeviceContext("id", ip, null, 0, jkt, mode, bits, Map.of());
  }
}
