package dev.leash.keycloak.policies.grant;

/**
 * RFC 8628 section 3.5 pacing: each {@code slow_down} raises the interval a device must keep
 * between polls by 5 seconds, for that and all later polls; past the abuse limit the code is
 * revoked.
 */
final class PollPacing {

  static final long SLOW_DOWN_STEP_SECONDS = 5;

  private PollPacing() {}

  /**
   * Seconds the device must wait between polls after {@code violations} slow_downs; at least 1,
   * since a pacing window of 0 seconds is no window (and a store entry without a lifespan).
   */
  static long requiredInterval(long baseInterval, int violations) {
    return Math.max(1, baseInterval) + SLOW_DOWN_STEP_SECONDS * violations;
  }

  /**
   * Whether the {@code violation}-th too-fast poll goes past the limit and revokes the code. Only a
   * code that Keycloak's store holds is revoked: a code it does not hold is unknown, or it is being
   * redeemed right now by the poll that won it (Keycloak removes the code before it makes the
   * tokens), and revoking would take that poll's issuance claim, so the agent got no token at all.
   */
  static boolean revokes(int violation, int abuseLimit, boolean codeInStore) {
    return codeInStore && violation > abuseLimit;
  }
}
