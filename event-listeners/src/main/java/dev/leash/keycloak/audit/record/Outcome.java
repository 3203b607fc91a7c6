package dev.leash.keycloak.audit.record;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a device grant stands, as its approval record says. */
public enum Outcome {
  /** Asked for, not yet decided. */
  PENDING,
  /** A person approved it (tokens may follow). */
  APPROVED,
  /** A person denied it. */
  DENIED,
  /** It ended unused: its deadline passed before tokens were issued. */
  EXPIRED,
  /** Leash revoked it for abusive polling. */
  REVOKED,
  /** Device authorization requests of an agent that were refused (aggregated). */
  REFUSED;

  /** The name in records and queries: {@code approved}, {@code denied}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Outcome> fromId(String id) {
    return Arrays.stream(values()).filter(outcome -> outcome.id().equals(id)).findFirst();
  }

  /** Whether tokens can still be issued, so the grant can still expire or be revoked. */
  boolean open() {
    return this == PENDING || this == APPROVED;
  }
}
