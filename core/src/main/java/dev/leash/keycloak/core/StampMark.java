package dev.leash.keycloak.core;

import java.util.Map;

/**
 * Tells Leash's stamps on a device code from {@code leash_*} parameters a device sent itself. Only
 * a Leash executor refuses client-sent {@code leash_*} parameters, so on a device-grant client that
 * no Leash policy covers, a device could send its own "stamps": a binding, a deadline, another
 * grant's approval id. The first Leash executor of a device request checks the saved parameters
 * ({@code ReservedParameters}) and then marks them; every later reader trusts them only with the
 * mark.
 *
 * <p>The mark is a value no device can send. Keycloak 26.7.3 removes control characters (U+0000 to
 * U+001F and U+007F) from the value of every parameter it keeps from a device request, from the
 * form and from a request object alike ({@code StringUtil.removeControlCharacters} in {@code
 * AuthzEndpointRequestParser.extractAdditionalReqParams}), and the mark's value begins with one.
 * So, unlike a MAC, it needs no key: an HMAC under the realm's key cost 44 µs per poll, mostly
 * Keycloak's key manager building every key provider of the realm (docs/benchmarks.md). {@code
 * StampMarkIT} sends the mark itself, in the form and in a request object, and fails if a Keycloak
 * version keeps it.
 */
public final class StampMark {

  /** The mark's parameter. */
  public static final String MARK = DeviceCodeParams.PREFIX + "stamped";

  /** The mark's value: a control character, which no client-sent value keeps, then a version. */
  static final String VALUE = "\u0001v1";

  private StampMark() {}

  /** Marks a device request's saved parameters as checked: every {@code leash_*} one is Leash's. */
  public static void mark(Map<String, String> saved) {
    saved.put(MARK, VALUE);
  }

  /**
   * True when a code's {@code leash_*} parameters are Leash's: it has none (a code no Leash policy
   * saw), or it has the mark.
   */
  public static boolean holds(Map<String, String> saved) {
    if (saved == null || VALUE.equals(saved.get(MARK))) {
      return true;
    }
    for (String name : saved.keySet()) {
      if (name != null && name.startsWith(DeviceCodeParams.PREFIX)) {
        return false;
      }
    }
    return true;
  }
}
