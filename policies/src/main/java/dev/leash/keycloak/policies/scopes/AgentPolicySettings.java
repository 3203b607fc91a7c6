package dev.leash.keycloak.policies.scopes;

import dev.leash.keycloak.core.DeviceCodeParams;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One agent's own settings, from the {@code leash-agent-policy} mapper on its dedicated scope. Each
 * setting that is filled in replaces the policy's ({@code leash-scope-limit}); each left blank
 * keeps it. Setting names are the executor's, so an admin sees the same words on both pages.
 */
final class AgentPolicySettings {

  private final Map<String, String> settings;

  AgentPolicySettings(Map<String, String> settings) {
    this.settings = settings == null ? Map.of() : settings;
  }

  /**
   * The problem with the first unusable setting, if any: a count that is not a whole number of at
   * least 0 (the window: at least 1).
   */
  Optional<String> problem() {
    for (String name :
        List.of(
            ScopeLimitConfiguration.MAX_SCOPES,
            ScopeLimitConfiguration.MAX_PENDING_CODES,
            ScopeLimitConfiguration.MAX_REQUESTS,
            ScopeLimitConfiguration.REQUEST_WINDOW)) {
      String value = text(name);
      if (value.isEmpty()) {
        continue;
      }
      int minimum = name.equals(ScopeLimitConfiguration.REQUEST_WINDOW) ? 1 : 0;
      if (parse(value).filter(number -> number >= minimum).isEmpty()) {
        return Optional.of(name + " must be a whole number of at least " + minimum);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code policy} with this agent's settings in place of the policy's where they are filled in.
   * Approver roles and groups are one setting ("who may approve"): filling in either replaces both,
   * so naming a role for one agent cannot quietly keep the policy's groups as approvers too.
   */
  ScopePolicy applyTo(ScopePolicy policy) {
    List<String> roles = list(ScopeLimitConfiguration.APPROVER_ROLES);
    List<String> groups = list(ScopeLimitConfiguration.APPROVER_GROUPS);
    boolean ownApprovers = !roles.isEmpty() || !groups.isEmpty();
    return new ScopePolicy(
        orElse(list(ScopeLimitConfiguration.ALLOWED_SCOPES), policy.allowedScopes()),
        number(ScopeLimitConfiguration.MAX_SCOPES, 0, policy.maxScopes()),
        orElse(list(ScopeLimitConfiguration.STEP_UP_SCOPES), policy.stepUpScopes()),
        ownApprovers ? roles : policy.approverRoles(),
        ownApprovers ? groups : policy.approverGroups(),
        number(ScopeLimitConfiguration.MAX_PENDING_CODES, 0, policy.maxPendingCodes()),
        number(ScopeLimitConfiguration.MAX_REQUESTS, 0, policy.maxRequests()),
        number(ScopeLimitConfiguration.REQUEST_WINDOW, 1, policy.requestWindowSeconds()));
  }

  private List<String> list(String name) {
    return Arrays.stream(DeviceCodeParams.LIST_SPLITTER.split(text(name)))
        .map(String::trim)
        .filter(value -> !value.isEmpty())
        .toList();
  }

  private static List<String> orElse(List<String> own, List<String> inherited) {
    return own.isEmpty() ? inherited : own;
  }

  /**
   * A number below {@code minimum} cannot be saved (see {@link #problem}); one imported keeps the
   * policy's.
   */
  private int number(String name, int minimum, int inherited) {
    return parse(text(name)).filter(number -> number >= minimum).orElse(inherited);
  }

  private String text(String name) {
    String value = settings.get(name);
    return value == null ? "" : value.trim();
  }

  private static Optional<Integer> parse(String value) {
    try {
      return value.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(value));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }
}
