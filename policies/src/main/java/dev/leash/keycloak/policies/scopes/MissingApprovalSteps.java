package dev.leash.keycloak.policies.scopes;

import dev.leash.keycloak.core.ApprovalFlow;
import dev.leash.keycloak.core.ApprovedCode;
import dev.leash.keycloak.core.ApproverRules;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.GrantedScopes;
import dev.leash.keycloak.core.SessionNotes;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;

/**
 * Which step an approved device code should have passed and left no note of, at the token endpoint.
 * Only Leash's approval screen checks the approvers, two-person approval, the code suffix and the
 * justification, and only Leash step-up notes the second factor; a sign-in that ends outside the
 * browser flow, as one through an identity provider does in Keycloak 26.7.3, skips both. Step-up
 * scopes are those stamped on the code when the agent asked, as the approval flow judged them, not
 * today's policy: a policy change must not refuse a correctly approved code.
 */
final class MissingApprovalSteps {

  private MissingApprovalSteps() {}

  /** The refusal for tokens of {@code code}, approved into {@code clientSession}; empty if none. */
  static Optional<String> of(
      KeycloakSession session,
      AuthenticatedClientSessionModel clientSession,
      OAuth2DeviceCodeModel code) {
    Map<String, String> stamped = code.getAdditionalParams();
    // Stamped on every code a Leash executor let through; notes of an earlier grant carry another.
    // A code without one (asked for before a Leash policy covered the agent) has no notes, so it
    // gets no tokens when its scopes, approvers or flow call for the screen or step-up.
    String approvalId = stamped.get(DeviceCodeParams.APPROVAL_ID);
    ApprovedCode approved = approvedCode(clientSession, code, stamped);
    boolean steppedUp = noted(clientSession, approvalId, SessionNotes::stepUpFor);
    if (!steppedUp && GrantedScopes.anyOf(approved.grantedScopes(), approved.stepUpScopes())) {
      return Optional.of("The approval of these scopes needed a second factor and had none");
    }
    boolean approversNamed = !ApproverRules.of(stamped).isEmpty();
    boolean passedScreen = noted(clientSession, approvalId, SessionNotes::approvedOnScreen);
    if (approversNamed && !passedScreen) {
      return Optional.of(
          "This agent's approvers are checked on Leash's approval screen, and this approval did"
              + " not pass it");
    }
    if (passedScreen && steppedUp) {
      return Optional.empty();
    }
    Set<String> certain = ApprovalFlow.certainSteps(session, clientSession.getClient(), approved);
    if (!passedScreen && certain.contains(ApprovalFlow.SCREEN_ID)) {
      return Optional.of(
          "This agent's approvals pass Leash's approval screen, and this approval did not pass it");
    }
    if (!steppedUp && certain.contains(ApprovalFlow.STEP_UP_ID)) {
      return Optional.of(
          "This agent's approvals pass Leash step-up, and this approval had no second factor");
    }
    return Optional.empty();
  }

  private static ApprovedCode approvedCode(
      AuthenticatedClientSessionModel clientSession,
      OAuth2DeviceCodeModel code,
      Map<String, String> stamped) {
    return new ApprovedCode(
        GrantedScopes.of(clientSession.getClient(), code.getScope()),
        DeviceCodeParams.list(stamped, DeviceCodeParams.STEP_UP_SCOPES),
        DeviceCodeParams.epochSecond(stamped, DeviceCodeParams.REQUESTED_AT),
        DeviceCodeParams.epochSecond(
            clientSession.getUserSession().getNotes(), SessionNotes.STEP_UP_AT));
  }

  /**
   * Whether the client session holds the note {@code noteOf} names for this grant's approval, made
   * for the person whose session it is: an authentication session restarted in the same browser tab
   * keeps its client notes, so another person's note may be left on it.
   */
  private static boolean noted(
      AuthenticatedClientSessionModel clientSession,
      String approvalId,
      UnaryOperator<String> noteOf) {
    return approvalId != null
        && clientSession
            .getUserSession()
            .getUser()
            .getId()
            .equals(clientSession.getNote(noteOf.apply(approvalId)));
  }
}
