package dev.leash.keycloak.policies.expiry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;

/**
 * The executor's configuration as Keycloak stores it in the realm's client profiles (and as realm
 * exports, keycloak-config-cli and the admin console read and write it). Absent values take the
 * secure defaults of {@link HardExpiryPolicy}.
 */
public class HardExpiryConfiguration extends ClientPolicyExecutorConfigurationRepresentation {

  static final String DEVICE_CODE_LIFETIME_CAP = "device-code-lifetime-cap";
  static final String APPROVAL_WINDOW = "approval-window";
  static final String REFRESH_TOKENS_ALLOWED = "refresh-tokens-allowed";
  static final String OFFLINE_ACCESS_ALLOWED = "offline-access-allowed";
  static final String ACCESS_TOKEN_LIFETIME_CAP = "access-token-lifetime-cap";
  static final String POLL_ABUSE_LIMIT = "poll-abuse-limit";

  @JsonProperty(DEVICE_CODE_LIFETIME_CAP)
  private Long deviceCodeLifetimeCap;

  @JsonProperty(APPROVAL_WINDOW)
  private Long approvalWindow;

  @JsonProperty(REFRESH_TOKENS_ALLOWED)
  private Boolean refreshTokensAllowed;

  @JsonProperty(OFFLINE_ACCESS_ALLOWED)
  private Boolean offlineAccessAllowed;

  @JsonProperty(ACCESS_TOKEN_LIFETIME_CAP)
  private Long accessTokenLifetimeCap;

  @JsonProperty(POLL_ABUSE_LIMIT)
  private Integer pollAbuseLimit;

  /** Refuses zero or negative numbers when an admin saves the profile. */
  @Override
  public boolean validateConfig() {
    try {
      toPolicy();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @JsonIgnore
  public HardExpiryPolicy toPolicy() {
    return new HardExpiryPolicy(
        orDefault(deviceCodeLifetimeCap, HardExpiryPolicy.DEFAULT_DEVICE_CODE_LIFETIME_CAP),
        orDefault(approvalWindow, HardExpiryPolicy.DEFAULT_APPROVAL_WINDOW),
        Boolean.TRUE.equals(refreshTokensAllowed),
        Boolean.TRUE.equals(offlineAccessAllowed),
        orDefault(accessTokenLifetimeCap, HardExpiryPolicy.DEFAULT_ACCESS_TOKEN_LIFETIME_CAP),
        pollAbuseLimit == null ? HardExpiryPolicy.DEFAULT_POLL_ABUSE_LIMIT : pollAbuseLimit);
  }

  private static long orDefault(Long value, long fallback) {
    return value == null ? fallback : value;
  }
}
