package dev.leash.keycloak.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;

/**
 * Leash's flow conditions, their settings and how they judge a device code: shared by the
 * conditions in the approval flow and by the token endpoint, which judges again whether an approval
 * must have passed a step the flow holds.
 */
public final class LeashConditions {

  /** True while the flow approves a device code, unless the SSO session stepped up recently. */
  public static final String DEVICE_APPROVAL_ID = "leash-condition-device-approval";

  /** True when the device code being approved grants one of the configured scopes. */
  public static final String REQUESTED_SCOPE_ID = "leash-condition-requested-scope";

  /** {@link #DEVICE_APPROVAL_ID}'s setting: seconds a step-up of the SSO session counts for. */
  public static final String UNLESS_STEPPED_UP_WITHIN = "unless-stepped-up-within";

  /** {@link #REQUESTED_SCOPE_ID}'s setting: the scopes, as Keycloak saves a multivalued setting. */
  public static final String SCOPES = "scopes";

  /** Between the scopes of {@link #SCOPES}, with any spaces around it. */
  private static final Pattern SCOPE_SEPARATOR =
      Pattern.compile("\\s*" + Pattern.quote(Constants.CFG_DELIMITER) + "\\s*");

  private LeashConditions() {}

  /** The step-up allowance of a device-approval condition; 0 (none) when unset or unreadable. */
  public static long stepUpAllowanceSeconds(AuthenticatorConfigModel config) {
    String seconds = setting(config, UNLESS_STEPPED_UP_WITHIN);
    try {
      return seconds == null || seconds.isBlank() ? 0 : Math.max(0, Long.parseLong(seconds.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Whether a code granting {@code granted} matches a requested-scope condition: a configured
   * scope, or one the agent's policy marks as needing step-up ({@code stepUpScopes}).
   */
  public static boolean requestedScopeHolds(
      AuthenticatorConfigModel config, Collection<String> granted, List<String> stepUpScopes) {
    Set<String> configured = configuredScopes(config);
    return granted.stream()
        .anyMatch(name -> configured.contains(name) || stepUpScopes.contains(name));
  }

  private static Set<String> configuredScopes(AuthenticatorConfigModel config) {
    String value = setting(config, SCOPES);
    return value == null || value.isBlank()
        ? Set.of()
        // Not Set.of: it refuses a scope entered twice.
        : Set.copyOf(Arrays.asList(SCOPE_SEPARATOR.split(value.trim())));
  }

  private static String setting(AuthenticatorConfigModel config, String name) {
    return config == null || config.getConfig() == null ? null : config.getConfig().get(name);
  }
}
