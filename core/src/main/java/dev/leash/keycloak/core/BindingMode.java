package dev.leash.keycloak.core;

import java.util.Optional;

/**
 * What a poll must share with the device authorization request for the grant to proceed. Declared
 * strictest first.
 */
public enum BindingMode {
  /** The poll carries a DPoP proof made with the key the request presented. */
  DPOP("dpop"),
  /** The poll comes from the request's source address (or its configured network prefix). */
  IP("ip"),
  /** Nothing: the context is recorded for the approver and the audit trail only. */
  NONE("none");

  private final String id;

  BindingMode(String id) {
    this.id = id;
  }

  /** The name used in configuration, device-code parameters, claims and events. */
  public String id() {
    return id;
  }

  /** Whether this binding asks more of a poll than {@code other}. */
  public boolean isStricterThan(BindingMode other) {
    return ordinal() < other.ordinal();
  }

  public static Optional<BindingMode> fromId(String id) {
    for (BindingMode mode : values()) { // a loop: every poll of a bound code asks this
      if (mode.id.equals(id)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
