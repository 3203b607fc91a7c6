package dev.leash.keycloak.policies.binding;

import dev.leash.keycloak.core.BindingMode;
import dev.leash.keycloak.core.DeviceCodeParams;
import java.util.Map;

/**
 * Several client profiles with {@code leash-context-binding} may cover one request: the first
 * captures its context, and each later one may only make its binding stricter, never looser. DPoP
 * is stricter than an address, an address stricter than none, and a longer network prefix stricter
 * than a shorter one.
 */
final class StricterBinding {

  private StricterBinding() {}

  /**
   * Puts {@code binding}, with {@code prefixBits} for an address binding, in place of the binding
   * {@code saved} holds, when it is stricter.
   */
  static void keep(Map<String, String> saved, BindingMode binding, int prefixBits) {
    // An unknown stamp (a newer version's) counts as the strictest, as when a poll reads it.
    BindingMode stamped =
        BindingMode.fromId(saved.get(DeviceCodeParams.BINDING)).orElse(BindingMode.DPOP);
    long stampedBits = DeviceCodeParams.positiveLong(saved, DeviceCodeParams.IP_PREFIX_BITS, 0);
    boolean longerPrefix =
        binding == BindingMode.IP && stamped == BindingMode.IP && prefixBits > stampedBits;
    if (binding.isStricterThan(stamped) || longerPrefix) {
      saved.put(DeviceCodeParams.BINDING, binding.id());
      saved.put(DeviceCodeParams.IP_PREFIX_BITS, Integer.toString(prefixBits));
    }
  }
}
