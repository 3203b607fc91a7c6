package dev.leash.keycloak.core;

import java.util.OptionalInt;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Per-agent counters in Keycloak's single-use object store, so limits hold across cluster nodes.
 * The store has no atomic increment; a count is a run of numbered slot keys, each claimed with the
 * atomic {@code putIfAbsent} and expiring on its own.
 */
public final class AgentCounters {

  private final SingleUseObjectProvider store;
  private final String clientUuid;

  public AgentCounters(SingleUseObjectProvider store, String clientUuid) {
    this.store = store;
    this.clientUuid = clientUuid;
  }

  /**
   * Counts one device request in the current fixed window of {@code windowSeconds}; {@code false}
   * when {@code limit} requests were already counted in it.
   */
  public boolean tryCountRequest(int limit, long windowSeconds, long now) {
    return WindowCounter.tryCount(store, "leash.rate." + clientUuid, limit, windowSeconds, now);
  }

  public static long secondsLeftInWindow(long windowSeconds, long now) {
    return WindowCounter.secondsLeft(windowSeconds, now);
  }

  /** Claims one of {@code max} pending-code slots for {@code lifetime} seconds. */
  public OptionalInt claimPendingSlot(int max, long lifetime) {
    for (int slot = 1; slot <= max; slot++) {
      if (store.putIfAbsent(pendingKey(slot), Math.max(1, lifetime))) {
        return OptionalInt.of(slot);
      }
    }
    return OptionalInt.empty();
  }

  /** Frees a pending-code slot when its code is used, denied or revoked. */
  public void releasePendingSlot(int slot) {
    store.remove(pendingKey(slot));
  }

  /**
   * Frees the pending-code slot a device code holds ({@link DeviceCodeParams#PENDING_SLOT}), if
   * any: call when the code is used, denied or revoked.
   */
  public static void releasePendingSlotOf(KeycloakSession session, OAuth2DeviceCodeModel code) {
    long slot =
        DeviceCodeParams.positiveLong(code.getAdditionalParams(), DeviceCodeParams.PENDING_SLOT, 0);
    ClientModel client = session.getContext().getRealm().getClientByClientId(code.getClientId());
    if (slot > 0 && client != null) {
      new AgentCounters(session.singleUseObjects(), client.getId()).releasePendingSlot((int) slot);
    }
  }

  private String pendingKey(int slot) {
    return "leash.pending." + clientUuid + "." + slot;
  }
}
