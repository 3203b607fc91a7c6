package dev.leash.keycloak.audit.sink;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import java.util.List;

/**
 * Where sealed audit entries go. The drainer hands a sink one realm's entries in sequence order, at
 * least once: after a crash or a failure the same entries may come again, so receivers deduplicate
 * by {@code entry_id} (or realm and {@code seq}).
 */
public interface AuditSink {

  /** Stable id, part of the delivery state: {@code file}, later {@code webhook}, {@code syslog}. */
  String id();

  /**
   * Delivers {@code entries} of realm {@code realmName} in order, returning only when all of them
   * are durably accepted.
   *
   * @throws DeliveryFailure when not all were; it says how many leading entries were
   */
  void deliver(String realmName, List<ChainedEntry> entries) throws DeliveryFailure;
}
