package dev.leash.keycloak.policies.scopes;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;

/** The executor's configuration as stored in the realm's client profiles. */
public class ScopeLimitConfiguration extends ClientPolicyExecutorConfigurationRepresentation {

  static final String ALLOWED_SCOPES = "allowed-scopes";
  static final String MAX_SCOPES = "max-scopes";
  static final String STEP_UP_SCOPES = "step-up-scopes";
  static final String APPROVER_ROLES = "approver-roles";
  static final String APPROVER_GROUPS = "approver-groups";
  static final String MAX_PENDING_CODES = "max-pending-codes";
  static final String MAX_REQUESTS = "max-requests-per-window";
  static final String REQUEST_WINDOW = "request-window-seconds";
  static final String AGENT_SETTINGS_ALLOWED = "agent-settings-allowed";

  @JsonProperty(ALLOWED_SCOPES)
  private List<String> allowedScopes;

  @JsonProperty(MAX_SCOPES)
  private Integer maxScopes;

  @JsonProperty(STEP_UP_SCOPES)
  private List<String> stepUpScopes;

  @JsonProperty(APPROVER_ROLES)
  private List<String> approverRoles;

  @JsonProperty(APPROVER_GROUPS)
  private List<String> approverGroups;

  @JsonProperty(MAX_PENDING_CODES)
  private Integer maxPendingCodes;

  @JsonProperty(MAX_REQUESTS)
  private Integer maxRequests;

  @JsonProperty(REQUEST_WINDOW)
  private Integer requestWindowSeconds;

  @JsonProperty(AGENT_SETTINGS_ALLOWED)
  private Boolean agentSettingsAllowed;

  @Override
  public boolean validateConfig() {
    return nonNegative(maxScopes)
        && nonNegative(maxPendingCodes)
        && nonNegative(maxRequests)
        && (requestWindowSeconds == null || requestWindowSeconds > 0);
  }

  private static boolean nonNegative(Integer value) {
    return value == null || value >= 0;
  }

  @JsonIgnore
  public ScopePolicy toPolicy() {
    return new ScopePolicy(
        orEmpty(allowedScopes),
        maxScopes == null ? 0 : maxScopes,
        orEmpty(stepUpScopes),
        orEmpty(approverRoles),
        orEmpty(approverGroups),
        maxPendingCodes == null ? 0 : maxPendingCodes,
        maxRequests == null ? 0 : maxRequests,
        requestWindowSeconds == null ? 60 : requestWindowSeconds);
  }

  /** Whether an agent's own settings ({@code leash-agent-policy}) may replace these. */
  @JsonIgnore
  public boolean agentSettingsAllowed() {
    return Boolean.TRUE.equals(agentSettingsAllowed);
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().map(String::trim).filter(value -> !value.isEmpty()).toList();
  }
}
