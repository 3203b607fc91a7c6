package dev.leash.keycloak.core;

import java.util.Map;

/**
 * Names of the parameters Leash stamps into a device authorization request. Keycloak saves a
 * request's additional parameters with the device code, so whatever a Leash executor decides at
 * device authorization travels with the code to every cluster node that later serves a poll or the
 * verification page. Every name starts with {@link #PREFIX}; a client that sends such a parameter
 * itself is refused, so a device cannot forge Leash's decisions.
 */
public final class DeviceCodeParams {

  /** Prefix of every Leash parameter; reserved, never accepted from the client. */
  public static final String PREFIX = "leash_";

  /** Epoch second after which the code is dead, whatever the cache still holds. */
  public static final String DEADLINE = PREFIX + "deadline";

  /** Number of {@code slow_down} answers after which the code is revoked. */
  public static final String POLL_ABUSE_LIMIT = PREFIX + "poll_abuse_limit";

  private DeviceCodeParams() {}

  /** The parameter as a positive number, or {@code fallback} when absent or malformed. */
  public static long positiveLong(Map<String, String> params, String name, long fallback) {
    String value = params == null ? null : params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      return parsed > 0 ? parsed : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
