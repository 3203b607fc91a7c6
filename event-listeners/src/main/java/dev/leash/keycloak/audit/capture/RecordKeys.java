package dev.leash.keycloak.audit.capture;

/** The keys under which approval records are unique in a realm. */
final class RecordKeys {

  /** Refusals of one agent with one error are tallied per hour. */
  static final long REFUSAL_WINDOW_SECONDS = 3600;

  private RecordKeys() {}

  static String grant(String approvalId) {
    return "grant:" + approvalId;
  }

  static String refusals(String clientUuid, String error, long windowStart) {
    return "refused:" + clientUuid + ":" + error + ":" + windowStart;
  }

  static long windowStart(long now) {
    return now - Math.floorMod(now, REFUSAL_WINDOW_SECONDS);
  }
}
