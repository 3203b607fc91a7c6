package dev.leash.keycloak.audit.sink;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import java.util.List;

/**
 * Where sealed audit entries go. The drainer hands a sink one realm's entries in sequence order, at
 * least once: after a crash or a failure the same entries may come again, so receivers deduplicate
 * by {@code entry_id} (or realm and {@code seq}).
 */
public interface AuditSink {

  /**
   * Stable id, part of the delivery state: {@code file}, {@code syslog}, {@code webhook}, {@code
   * webhook:<name>}.
   */
  String id();

  /**
   * The kind of sink, a metrics label of few values: {@code file}, {@code syslog}, {@code webhook}.
   */
  default String type() {
    return id();
  }

  /**
   * Delivers leading entries of {@code entries} (all of realm {@code realmName}) in order and
   * returns how many were durably accepted: all of them, or fewer when the sink stopped early to
   * keep the drainer's transaction short (at least one, unless {@code entries} is empty).
   *
   * @throws DeliveryFailure when an entry failed; it says how many leading entries were accepted
   */
  int deliver(String realmName, List<ChainedEntry> entries) throws DeliveryFailure;
}
