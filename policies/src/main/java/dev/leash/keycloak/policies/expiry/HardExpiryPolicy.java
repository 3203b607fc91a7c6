package dev.leash.keycloak.policies.expiry;

/**
 * The settings of one {@code leash-hard-expiry} executor and the deadline arithmetic they imply.
 * All times are epoch seconds, all durations seconds; nothing here reads a clock, so tests pass the
 * time in.
 *
 * @param deviceCodeLifetimeCap longest time a device code may wait for approval
 * @param approvalWindow longest time the agent has access after the approval
 * @param refreshTokensAllowed whether the agent gets a refresh token (capped to the window)
 * @param offlineAccessAllowed whether the agent may ask for {@code offline_access}
 * @param accessTokenLifetimeCap longest lifetime of one access token
 * @param pollAbuseLimit {@code slow_down} answers after which the device code is revoked
 */
public record HardExpiryPolicy(
    long deviceCodeLifetimeCap,
    long approvalWindow,
    boolean refreshTokensAllowed,
    boolean offlineAccessAllowed,
    long accessTokenLifetimeCap,
    int pollAbuseLimit) {

  public static final long DEFAULT_DEVICE_CODE_LIFETIME_CAP = 600;
  public static final long DEFAULT_APPROVAL_WINDOW = 900;
  public static final long DEFAULT_ACCESS_TOKEN_LIFETIME_CAP = 300;
  public static final int DEFAULT_POLL_ABUSE_LIMIT = 10;

  public HardExpiryPolicy {
    requirePositive("device code lifetime cap", deviceCodeLifetimeCap);
    requirePositive("approval window", approvalWindow);
    requirePositive("access token lifetime cap", accessTokenLifetimeCap);
    requirePositive("poll abuse limit", pollAbuseLimit);
  }

  /** Lifetime of a new device code: the realm's or client's setting, but never above the cap. */
  public long deviceCodeLifetime(long configuredLifetime) {
    return Math.min(configuredLifetime, deviceCodeLifetimeCap);
  }

  /** The epoch second a device code asked for at {@code now} dies. */
  public long deviceCodeDeadline(long now, long configuredLifetime) {
    return now + deviceCodeLifetime(configuredLifetime);
  }

  /** The epoch second the agent's access ends, for an approval given at {@code approvedAt}. */
  public long windowEnd(long approvedAt) {
    return approvedAt + approvalWindow;
  }

  /**
   * Expiry of an access token issued at {@code now}: what Keycloak chose ({@code 0} = none), but
   * never after the token cap or the window's end.
   */
  public long accessTokenExpiry(long keycloakExpiry, long now, long windowEnd) {
    return earliest(keycloakExpiry, Math.min(now + accessTokenLifetimeCap, windowEnd));
  }

  /**
   * Expiry of a refresh token or session-bound token: what Keycloak chose ({@code 0} = never, as
   * for offline tokens), but never after the window's end.
   */
  public static long cappedExpiry(long keycloakExpiry, long windowEnd) {
    return earliest(keycloakExpiry, windowEnd);
  }

  private static long earliest(long keycloakExpiry, long cap) {
    return keycloakExpiry <= 0 ? cap : Math.min(keycloakExpiry, cap);
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be a positive number, was " + value);
    }
  }
}
