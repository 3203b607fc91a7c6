package dev.leash.keycloak.audit.delivery;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries one drainer run sealed, held until the run ends so that delivering them reads no row
 * and parses no body a second time. Holds at most {@code capacity} entries; the rest are read from
 * the database as before. Only entries whose sealing transaction committed may be added.
 */
public final class JustSealed {

  private final int capacity;
  private final Map<String, Map<Long, ChainedEntry>> byRealm = new HashMap<>();
  private int held;

  public JustSealed(int capacity) {
    this.capacity = capacity;
  }

  /** Holds {@code sealed} while there is room. */
  public void add(List<ChainedEntry> sealed) {
    for (ChainedEntry entry : sealed) {
      if (held == capacity) {
        return;
      }
      byRealm.computeIfAbsent(entry.realmId(), realm -> new HashMap<>()).put(entry.seq(), entry);
      held++;
    }
  }

  /**
   * Up to {@code limit} held entries of the realm from {@code fromSeq} on, stopping at the first
   * one not held (another drainer may have sealed it); empty when {@code fromSeq} is not held.
   */
  public List<ChainedEntry> from(String realmId, long fromSeq, int limit) {
    Map<Long, ChainedEntry> realm = byRealm.getOrDefault(realmId, Map.of());
    List<ChainedEntry> run = new ArrayList<>();
    for (long seq = fromSeq; run.size() < limit && realm.containsKey(seq); seq++) {
      run.add(realm.get(seq));
    }
    return run;
  }
}
