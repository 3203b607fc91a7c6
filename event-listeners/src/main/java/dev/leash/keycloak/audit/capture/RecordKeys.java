package dev.leash.keycloak.audit.capture;

/** The keys under which approval records are unique in a realm. */
final class RecordKeys {

  /** Refusals of one agent with one error are tallied per hour. */
  static final long REFUSAL_WINDOW_SECONDS = 3600;

  private RecordKeys() {}

  /**
   * A grant's record: keyed by agent as well as approval id, because a client that no Leash policy
   * covers can send its own {@code leash_approval_id}; keyed so, a copied id only ever reaches the
   * sender's own records.
   */
  static String grant(String clientId, String approvalId) {
    return "grant:" + clientId + ":" + approvalId;
  }

  static String refusals(String clientUuid, String error, long windowStart) {
    return "refused:" + clientUuid + ":" + error + ":" + windowStart;
  }

  static long windowStart(long now) {
    return now - Math.floorMod(now, REFUSAL_WINDOW_SECONDS);
  }
}
