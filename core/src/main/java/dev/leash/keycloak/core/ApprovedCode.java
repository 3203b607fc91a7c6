package dev.leash.keycloak.core;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * An approved device code as the token endpoint sees it: enough to judge again whether Leash's own
 * flow conditions held when it was approved.
 *
 * @param grantedScopes the scopes its tokens carry ({@link GrantedScopes})
 * @param stepUpScopes the step-up scopes stamped on it when the agent asked
 * @param askedAt the epoch second the agent asked, when stamped
 * @param sessionSteppedUpAt the epoch second of the approver's SSO session's last step-up, if any
 */
public record ApprovedCode(
    Set<String> grantedScopes,
    List<String> stepUpScopes,
    OptionalLong askedAt,
    OptionalLong sessionSteppedUpAt) {

  public ApprovedCode {
    grantedScopes = Set.copyOf(grantedScopes);
    stepUpScopes = List.copyOf(stepUpScopes);
  }

  /**
   * Whether the condition {@code conditionId} with {@code config} certainly held when the code was
   * approved; {@code false} for conditions other than Leash's, which cannot be judged here.
   */
  boolean conditionHeld(String conditionId, AuthenticatorConfigModel config) {
    return switch (conditionId) {
      case LeashConditions.REQUESTED_SCOPE_ID ->
          LeashConditions.grantsConfiguredScope(config, grantedScopes, stepUpScopes);
      case LeashConditions.DEVICE_APPROVAL_ID ->
          stepUpAllowanceCannotHaveApplied(LeashConditions.stepUpAllowanceSeconds(config));
      default -> false;
    };
  }

  /**
   * The device-approval condition is false only when the SSO session stepped up at most {@code
   * allowance} seconds before the approval, and the approval came after the agent asked: a step-up
   * before {@code askedAt - allowance}, or none, cannot have made it false.
   */
  private boolean stepUpAllowanceCannotHaveApplied(long allowance) {
    if (allowance == 0 || sessionSteppedUpAt.isEmpty()) {
      return true;
    }
    return askedAt.isPresent() && sessionSteppedUpAt.getAsLong() < askedAt.getAsLong() - allowance;
  }
}
