package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class ApprovedCodeTest {

  private static final long REQUESTED_AT = 1_800_000_000L;
  private static final long SKEW = ApprovedCode.CLOCK_SKEW_SECONDS;

  @Test
  void aRequestedScopeConditionHeldWhenTheCodeGrantsAConfiguredOrStepUpScope() {
    ApprovedCode code = code(Set.of("openid", "deploy"), List.of("prod"), OptionalLong.empty());
    AuthenticatorConfigModel deploy = config(LeashConditions.SCOPES, "payroll##deploy##deploy");

    assertTrue(code.conditionHeld(LeashConditions.REQUESTED_SCOPE_ID, deploy));
    assertFalse(
        code.conditionHeld(
            LeashConditions.REQUESTED_SCOPE_ID, config(LeashConditions.SCOPES, "payroll")));
    assertTrue(
        code(Set.of("prod"), List.of("prod"), OptionalLong.empty())
            .conditionHeld(LeashConditions.REQUESTED_SCOPE_ID, null));
  }

  @Test
  void aDeviceApprovalConditionWithoutAllowanceHeldWhateverTheSessionDid() {
    ApprovedCode code = code(Set.of("openid"), List.of(), OptionalLong.of(REQUESTED_AT));

    assertTrue(code.conditionHeld(LeashConditions.DEVICE_APPROVAL_ID, null));
    assertTrue(
        code.conditionHeld(
            LeashConditions.DEVICE_APPROVAL_ID,
            config(LeashConditions.UNLESS_STEPPED_UP_WITHIN, "not a number")));
  }

  /**
   * The approval came after the agent asked, so a step-up that an allowance of 300 s could have
   * counted is at most 300 s (and the nodes' clock skew) older than the request; an older one, or
   * none, could not.
   */
  @Test
  void aDeviceApprovalConditionWithAllowanceHeldUnlessTheSessionSteppedUpLateEnough() {
    AuthenticatorConfigModel allowance = config(LeashConditions.UNLESS_STEPPED_UP_WITHIN, "300");

    assertTrue(
        code(Set.of(), List.of(), OptionalLong.empty())
            .conditionHeld(LeashConditions.DEVICE_APPROVAL_ID, allowance));
    assertTrue(
        code(Set.of(), List.of(), OptionalLong.of(REQUESTED_AT - 300 - SKEW - 1))
            .conditionHeld(LeashConditions.DEVICE_APPROVAL_ID, allowance));
    assertFalse(
        code(Set.of(), List.of(), OptionalLong.of(REQUESTED_AT - 300 - SKEW))
            .conditionHeld(LeashConditions.DEVICE_APPROVAL_ID, allowance));
    assertFalse(
        new ApprovedCode(Set.of(), List.of(), OptionalLong.empty(), OptionalLong.of(REQUESTED_AT))
            .conditionHeld(LeashConditions.DEVICE_APPROVAL_ID, allowance));
  }

  @Test
  void anotherConditionCannotBeJudgedSoItIsNotCertain() {
    assertFalse(
        code(Set.of("openid"), List.of(), OptionalLong.empty())
            .conditionHeld("conditional-user-role", null));
  }

  private static ApprovedCode code(
      Set<String> granted, List<String> stepUpScopes, OptionalLong sessionSteppedUpAt) {
    return new ApprovedCode(
        granted, stepUpScopes, OptionalLong.of(REQUESTED_AT), sessionSteppedUpAt);
  }

  private static AuthenticatorConfigModel config(String name, String value) {
    AuthenticatorConfigModel config = new AuthenticatorConfigModel();
    config.setConfig(Map.of(name, value));
    return config;
  }
}
