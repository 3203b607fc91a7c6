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

  @Override
  public boolean validateConfig() {
    return maxScopes == null || maxScopes >= 0;
  }

  @JsonIgnore
  public ScopePolicy toPolicy() {
    return new ScopePolicy(
        orEmpty(allowedScopes),
        maxScopes == null ? 0 : maxScopes,
        orEmpty(stepUpScopes),
        orEmpty(approverRoles),
        orEmpty(approverGroups));
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().map(String::trim).filter(value -> !value.isEmpty()).toList();
  }
}
