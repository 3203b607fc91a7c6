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
 * @param requestedAt the epoch second the agent asked, when stamped ({@code leash-context-binding}
 *     stamps it)
 * @param sessionSteppedUpAt the epoch second of the last step-up of the user session the tokens
 *     come from, if any
 */
public record ApprovedCode(
    Set<String> grantedScopes,
    List<String> stepUpScopes,
    OptionalLong requestedAt,
    OptionalLong sessionSteppedUpAt) {

  /**
   * How far the clocks of two cluster nodes may differ: the request and the step-up may have been
   * stamped on different nodes.
   */
  static final long CLOCK_SKEW_SECONDS = 30;

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
          LeashConditions.requestedScopeHolds(config, grantedScopes, stepUpScopes);
      case LeashConditions.DEVICE_APPROVAL_ID ->
          stepUpAllowanceCannotHaveApplied(LeashConditions.stepUpAllowanceSeconds(config));
      default -> false;
    };
  }

  /**
   * The device-approval condition is false only when the SSO session stepped up at most {@code
   * allowance} seconds before the approval, and the approval came after the agent asked: a step-up
   * before {@code requestedAt - allowance} (less the clock skew), or none, cannot have made it
   * false. Without the time of the request, any step-up might have.
   */
  private boolean stepUpAllowanceCannotHaveApplied(long allowance) {
    if (allowance == 0 || sessionSteppedUpAt.isEmpty()) {
      return true;
    }
    return requestedAt.isPresent()
        && sessionSteppedUpAt.getAsLong()
            < requestedAt.getAsLong() - allowance - CLOCK_SKEW_SECONDS;
  }
}
