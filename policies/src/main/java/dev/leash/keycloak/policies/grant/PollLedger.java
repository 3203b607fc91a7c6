package dev.leash.keycloak.policies.grant;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * What Leash remembers about the polls of one device code, in Keycloak's single-use object store so
 * every cluster node sees it. Only {@code putIfAbsent} and {@code contains} are used: both act on
 * the cache at once and atomically, while {@code put} waits for the request's transaction, which an
 * error answer (every rejected poll) rolls back. The store has no counter, so counts are numbered
 * slot keys claimed one at a time.
 */
final class PollLedger {

  private final SingleUseObjectProvider store;

  /** The code's settlement: issued, revoked or expired. Only polls of its own client settle it. */
  private final String codePrefix;

  /** The pace of this client's polls of the code. */
  private final String pollerPrefix;

  /**
   * The ledger of {@code deviceCode} as polled by the client with the internal id {@code
   * clientUuid}. Pace and slow_down counts are per client: a thief who polls a stolen code as
   * another client must not use up the pace of the client the code belongs to, and so revoke it.
   * The settlement is the code's own, as it has always been keyed, so nodes of an older and a newer
   * build share the one issuance claim during a rolling upgrade.
   */
  PollLedger(SingleUseObjectProvider store, String clientUuid, String deviceCode) {
    this.store = store;
    // Never end a key with ".revoked": the store treats such keys as revoked-token markers.
    this.codePrefix = "leash.dc." + deviceCode + ".";
    this.pollerPrefix = "leash.dc." + clientUuid + "." + deviceCode + ".";
  }

  /** The name under which the reports of this code's polls rejected with {@code reason} count. */
  String reportName(String reason) {
    return pollerPrefix + "report." + reason;
  }

  /** Tokens were issued for the code, or it was revoked or expired: no further poll may succeed. */
  boolean isSettled() {
    return store.contains(codePrefix + "settled");
  }

  /** Revoked for polling too fast; only asked of a settled code ({@link #revoke} settles first). */
  boolean isRevoked() {
    return store.contains(codePrefix + "revoked-code");
  }

  /** Expired by its deadline; only asked of a settled code ({@link #markExpired} settles first). */
  boolean isExpired() {
    return store.contains(codePrefix + "expired");
  }

  /** Too-fast polls recorded so far, counting at most {@code limit + 1}. */
  int violations(int limit) {
    int count = 0;
    while (count <= limit && store.contains(pollerPrefix + "slow-down." + (count + 1))) {
      count++;
    }
    return count;
  }

  /**
   * Opens the next pacing window of {@code intervalSeconds}, unless the window opened by the last
   * accepted poll or the last slow_down (after {@code violations} of them) is still open: {@code
   * false} means the device polls too fast. A window per violation count means each slow_down's
   * longer interval counts from that slow_down, as RFC 8628 tells the device to wait.
   */
  boolean tryOpenWindow(int violations, long intervalSeconds) {
    return store.putIfAbsent(pollerPrefix + "pace." + violations, intervalSeconds);
  }

  /**
   * Whether the window opened after {@code violations} slow_downs is still open; writes nothing.
   */
  boolean isWindowOpen(int violations) {
    return store.contains(pollerPrefix + "pace." + violations);
  }

  /**
   * Records one too-fast poll, claiming the first free slot from {@code firstFree} (the count
   * {@link #violations} read, plus one); returns its number (at most {@code limit + 1}).
   */
  int recordViolation(int firstFree, int limit, long retentionSeconds) {
    for (int slot = Math.max(1, firstFree); slot <= limit; slot++) {
      if (store.putIfAbsent(pollerPrefix + "slow-down." + slot, retentionSeconds)) {
        return slot;
      }
    }
    store.putIfAbsent(pollerPrefix + "slow-down." + (limit + 1), retentionSeconds);
    return limit + 1;
  }

  /**
   * The one atomic claim that lets a poll issue tokens. Whoever settles the code first wins:
   * issuance and revocation exclude each other.
   */
  boolean claimIssuance(long retentionSeconds) {
    return store.putIfAbsent(codePrefix + "settled", retentionSeconds);
  }

  /** Revokes the code unless tokens were already issued for it; {@code true} if it did. */
  boolean revoke(long retentionSeconds) {
    if (!store.putIfAbsent(codePrefix + "settled", retentionSeconds)) {
      return false;
    }
    store.putIfAbsent(codePrefix + "revoked-code", retentionSeconds);
    return true;
  }

  /**
   * Tombstone: unless tokens were issued or the code was revoked, every later poll answers {@code
   * expired_token}, whatever the cache holds. It settles the code, so a pending code's poll asks
   * the store one question ({@link #isSettled}) for issuance, revocation and expiry together.
   */
  void markExpired(long retentionSeconds) {
    if (store.putIfAbsent(codePrefix + "settled", retentionSeconds)) {
      store.putIfAbsent(codePrefix + "expired", retentionSeconds);
    }
  }
}
