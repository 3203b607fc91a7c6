package dev.leash.keycloak.policies.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leash.keycloak.core.BindingMode;
import dev.leash.keycloak.core.DeviceCodeParams;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StricterBindingTest {

  @Test
  void aStricterModeReplacesTheStampedOne() {
    Map<String, String> saved = stamped("none", 32);
    StricterBinding.keep(saved, BindingMode.IP, 24);
    assertEquals(stamped("ip", 24), saved);
    StricterBinding.keep(saved, BindingMode.DPOP, 32);
    assertEquals(stamped("dpop", 32), saved);
  }

  @Test
  void aLooserModeLeavesTheStampedOne() {
    Map<String, String> saved = stamped("dpop", 32);
    StricterBinding.keep(saved, BindingMode.IP, 32);
    StricterBinding.keep(saved, BindingMode.NONE, 32);
    assertEquals(stamped("dpop", 32), saved);
  }

  @Test
  void aLongerNetworkPrefixIsStricterAndAShorterOneIsNot() {
    Map<String, String> saved = stamped("ip", 24);
    StricterBinding.keep(saved, BindingMode.IP, 16);
    assertEquals(stamped("ip", 24), saved);
    StricterBinding.keep(saved, BindingMode.IP, 32);
    assertEquals(stamped("ip", 32), saved);
  }

  @Test
  void anUnknownStampCountsAsTheStrictest() {
    Map<String, String> saved = stamped("quantum", 0);
    StricterBinding.keep(saved, BindingMode.IP, 32);
    assertEquals(stamped("quantum", 0), saved);
  }

  private static Map<String, String> stamped(String binding, int prefixBits) {
    Map<String, String> saved = new HashMap<>();
    saved.put(DeviceCodeParams.BINDING, binding);
    saved.put(DeviceCodeParams.IP_PREFIX_BITS, Integer.toString(prefixBits));
    return saved;
  }
}
