package dev.leash.keycloak.policies.scopes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentPolicySettingsTest {

  private final ScopePolicy policy =
      new ScopePolicy(
          List.of("openid", "profile"),
          3,
          List.of("profile"),
          List.of(),
          List.of("/agent-approvers"),
          3,
          20,
          60);

  @Test
  void blankSettingsKeepThePolicys() {
    assertEquals(policy, new AgentPolicySettings(Map.of()).applyTo(policy));
    assertEquals(policy, new AgentPolicySettings(null).applyTo(policy));
    assertEquals(
        policy,
        new AgentPolicySettings(Map.of("allowed-scopes", " ", "max-pending-codes", ""))
            .applyTo(policy));
  }

  @Test
  void filledInSettingsReplaceThePolicysOneByOne() {
    ScopePolicy own =
        new AgentPolicySettings(
                Map.of(
                    "allowed-scopes", "openid##agent:read",
                    "max-pending-codes", "1",
                    "max-requests-per-window", "0"))
            .applyTo(policy);

    assertEquals(List.of("openid", "agent:read"), own.allowedScopes());
    assertEquals(1, own.maxPendingCodes());
    assertEquals(0, own.maxRequests());
    assertEquals(3, own.maxScopes());
    assertEquals(List.of("/agent-approvers"), own.approverGroups());
  }

  @Test
  void anApproverSettingReplacesBothRolesAndGroups() {
    ScopePolicy own =
        new AgentPolicySettings(Map.of("approver-roles", "agent-admin")).applyTo(policy);

    assertEquals(List.of("agent-admin"), own.approverRoles());
    assertEquals(List.of(), own.approverGroups());
  }

  @Test
  void unusableCountsAreNamedAndNeverApplied() {
    AgentPolicySettings negative = new AgentPolicySettings(Map.of("max-pending-codes", "-1"));
    AgentPolicySettings text = new AgentPolicySettings(Map.of("max-scopes", "many"));
    AgentPolicySettings noWindow = new AgentPolicySettings(Map.of("request-window-seconds", "0"));

    assertEquals(
        Optional.of("max-pending-codes must be a whole number of at least 0"), negative.problem());
    assertEquals(Optional.of("max-scopes must be a whole number of at least 0"), text.problem());
    assertEquals(
        Optional.of("request-window-seconds must be a whole number of at least 1"),
        noWindow.problem());
    assertEquals(3, negative.applyTo(policy).maxPendingCodes());
    assertEquals(60, noWindow.applyTo(policy).requestWindowSeconds());
    assertEquals(Optional.empty(), new AgentPolicySettings(Map.of("max-scopes", " 2 ")).problem());
  }
}
