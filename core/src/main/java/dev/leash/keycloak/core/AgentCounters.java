package dev.leash.keycloak.core;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Per-agent counters in Keycloak's single-use object store, so limits hold across cluster nodes.
 * The store has no atomic increment; a count is a run of numbered slot keys, each claimed with the
 * atomic {@code putIfAbsent} and expiring on its own.
 */
public final class AgentCounters {

  /**
   * How long a freed-slot marker outlives its code's expiry: Keycloak keeps a code an interval plus
   * 10 s past it, and the marker must last as long as the code can still be read.
   */
  static final long MARKER_GRACE_SECONDS = 120;

  /**
   * A code stops freeing its slot this long before the slot lapses: the slot could lapse, and
   * another code claim it, between the check and the release, or already have on a node whose clock
   * is a little ahead. The slot lapses by itself moments later.
   */
  static final long SLOT_LAPSE_MARGIN_SECONDS = 5;

  private final SingleUseObjectProvider store;
  private final String clientUuid;

  public AgentCounters(SingleUseObjectProvider store, String clientUuid) {
    this.store = store;
    this.clientUuid = clientUuid;
  }

  /**
   * Counts one device request in the current fixed window of {@code windowSeconds}: the number of
   * its count in the window (1 for the first), or 0 when {@code limit} requests were already
   * counted in it. {@code hints} are this node's.
   */
  public int countRequest(int limit, long windowSeconds, long now, CounterHints hints) {
    // Windows of other lengths count apart: window numbers of close lengths coincide.
    String name = "leash.rate." + clientUuid + "." + windowSeconds;
    return WindowCounter.claim(store, name, limit, windowSeconds, now, hints);
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

  /**
   * Frees {@code slot} again if the request that just claimed it is refused: a check after the
   * claim (another executor, later in the profile) refused it, so no code holds the slot. Keycloak
   * rolls back a request it answers with an error; without this the slot would be held until it
   * lapsed. Once Keycloak commits the request's participants (after their prepare phase), the slot
   * is kept even if one of them fails: Keycloak 26.7.3 commits every one it can, so the code may be
   * stored all the same, and the slot lapses with it.
   */
  public void releaseIfRolledBack(KeycloakSession session, int slot) {
    AtomicBoolean committing = new AtomicBoolean();
    KeycloakTransactionManager transactions = session.getTransactionManager();
    transactions.enlist(
        new AbstractKeycloakTransaction() {
          @Override
          protected void commitImpl() {
            committing.set(true);
          }

          @Override
          protected void rollbackImpl() {}
        });
    transactions.enlistAfterCompletion(
        new AbstractKeycloakTransaction() {
          @Override
          protected void commitImpl() {}

          @Override
          protected void rollbackImpl() {
            if (!committing.get()) {
              store.remove(pendingKey(slot));
            }
          }
        });
  }

  /**
   * Frees pending-code slot {@code slot}, held by the code {@code deviceCode}, exactly once: the
   * first caller claims a marker (atomic {@code putIfAbsent}, on every cluster node) that lives
   * {@code markerSeconds}, longer than the code itself. A later call for the same code (a second
   * poll of a denied code, a denial and a poll racing) frees nothing: by then another code may hold
   * the slot. {@code true} when this call freed it.
   */
  public boolean releasePendingSlotOnce(String deviceCode, int slot, long markerSeconds) {
    // Never end a key with ".revoked": the store treats such keys as revoked-token markers.
    if (!store.putIfAbsent("leash.dc." + deviceCode + ".slot-freed", Math.max(1, markerSeconds))) {
      return false;
    }
    store.remove(pendingKey(slot));
    return true;
  }

  /**
   * Frees the pending-code slot a device code holds ({@link DeviceCodeParams#PENDING_SLOT}), if
   * any, once per code: call when the code is used, denied or revoked.
   */
  public static void releasePendingSlotOf(KeycloakSession session, OAuth2DeviceCodeModel code) {
    long slot =
        DeviceCodeParams.positiveLong(code.getAdditionalParams(), DeviceCodeParams.PENDING_SLOT, 0);
    // Codes from before the slot's end was stamped: it lapsed at the deadline or the expiry.
    long lapse =
        Math.min(
            DeviceCodeParams.positiveLong(
                code.getAdditionalParams(), DeviceCodeParams.DEADLINE, code.getExpiration()),
            code.getExpiration());
    long slotUntil =
        DeviceCodeParams.positiveLong(
            code.getAdditionalParams(), DeviceCodeParams.PENDING_SLOT_UNTIL, lapse);
    long now = LeashClock.KEYCLOAK.nowSeconds();
    if (slot == 0 || !holdsItsSlot(slotUntil, now)) {
      return;
    }
    ClientModel client = session.getContext().getRealm().getClientByClientId(code.getClientId());
    if (client != null) {
      long codeLeft = Math.max(0, code.getExpiration() - now);
      new AgentCounters(session.singleUseObjects(), client.getId())
          .releasePendingSlotOnce(
              code.getDeviceCode(), (int) slot, codeLeft + MARKER_GRACE_SECONDS);
    }
  }

  /**
   * Whether a code still holds the slot it claimed, which lapses at {@code slotUntil} while
   * Keycloak keeps the code a while longer: freeing the slot after that would free another code's
   * claim of the same slot, and let the agent exceed its cap.
   */
  static boolean holdsItsSlot(long slotUntil, long now) {
    return now < slotUntil - SLOT_LAPSE_MARGIN_SECONDS;
  }

  private String pendingKey(int slot) {
    return "leash.pending." + clientUuid + "." + slot;
  }
}
