package dev.leash.keycloak.policies.binding;

import dev.leash.keycloak.core.BindingMode;
import dev.leash.keycloak.core.DeviceContext;
import java.util.List;

/**
 * The settings of one {@code leash-context-binding} executor.
 *
 * @param mode what polls must match
 * @param requireDpop refuse device requests without a DPoP proof or {@code dpop_jkt}
 * @param ipFallback in {@link BindingMode#DPOP} mode, bind a request without a DPoP key to its
 *     address instead of leaving it unbound
 * @param ipv4PrefixBits leading bits of an IPv4 address a poll must share in address binding
 * @param ipv6PrefixBits the same for IPv6
 * @param declaredFields request parameters a device may use to describe itself
 * @param maxFieldLength longest accepted declared value, in characters
 */
public record BindingPolicy(
    BindingMode mode,
    boolean requireDpop,
    boolean ipFallback,
    int ipv4PrefixBits,
    int ipv6PrefixBits,
    List<String> declaredFields,
    int maxFieldLength) {

  public static final List<String> DEFAULT_DECLARED_FIELDS = DeviceContext.STANDARD_DECLARED_FIELDS;
  public static final int DEFAULT_MAX_FIELD_LENGTH = 200;

  public BindingPolicy {
    if (ipv4PrefixBits < 0 || ipv4PrefixBits > 32) {
      throw new IllegalArgumentException("IPv4 prefix must be 0 to 32, was " + ipv4PrefixBits);
    }
    if (ipv6PrefixBits < 0 || ipv6PrefixBits > 128) {
      throw new IllegalArgumentException("IPv6 prefix must be 0 to 128, was " + ipv6PrefixBits);
    }
    if (maxFieldLength <= 0) {
      throw new IllegalArgumentException("maximum field length must be positive");
    }
    for (String field : declaredFields) {
      if (!isFieldName(field) || field.startsWith("leash_")) {
        throw new IllegalArgumentException("not a usable declared field name: " + field);
      }
    }
    declaredFields = List.copyOf(declaredFields);
  }

  /** The binding of a request that presented {@code dpopJkt} ({@code null}: no DPoP key). */
  BindingMode bindingFor(String dpopJkt) {
    if (mode != BindingMode.DPOP || dpopJkt != null) {
      return mode;
    }
    return ipFallback ? BindingMode.IP : BindingMode.NONE;
  }

  /** Prefix length for address binding of {@code address}. */
  int prefixBitsFor(String address) {
    return NetworkPrefix.isIpv6(address) ? ipv6PrefixBits : ipv4PrefixBits;
  }

  /**
   * A lower-case letter, then up to 39 lower-case letters, digits or underscores. A character loop:
   * Keycloak sets an executor's configuration up on every request.
   */
  private static boolean isFieldName(String field) {
    if (field.isEmpty()
        || field.length() > 40
        || !(field.charAt(0) >= 'a' && field.charAt(0) <= 'z')) {
      return false;
    }
    for (int i = 1; i < field.length(); i++) {
      char c = field.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_') {
        return false;
      }
    }
    return true;
  }
}
