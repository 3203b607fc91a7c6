package dev.leash.keycloak.core;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;

/**
 * Whether every approval of a client's device codes must pass Leash's approval screen: its browser
 * flow runs the screen on every path, so a code approved without it skipped the flow, as a sign-in
 * through an identity provider does (Keycloak 26.7.3 ends the browser flow there). The screen's
 * checks (two-person approval, code suffix, justification, approvers) then did not run.
 */
public final class ApprovalScreen {

  /** The provider id of Leash's device approval authenticator. */
  public static final String AUTHENTICATOR_ID = "leash-device-approval";

  /** Subflows nest a few levels deep; Keycloak refuses cycles, this bounds the walk regardless. */
  private static final int MAX_DEPTH = 16;

  private ApprovalScreen() {}

  /**
   * {@code true} when the client's browser flow (its own binding, else the realm's) has the screen
   * as a required step reached only through required subflows. A screen in an alternative or
   * conditional branch may be skipped by design, so it is not required then.
   */
  public static boolean requiredFor(RealmModel realm, ClientModel client) {
    AuthenticationFlowModel flow =
        AuthenticationFlowResolver.resolveBindingOverrideFlowForClient(
            client, AuthenticationFlowBindings.BROWSER_BINDING);
    if (flow == null) {
      flow = realm.getBrowserFlow();
    }
    return flow != null && requiredIn(realm, flow.getId(), 0);
  }

  private static boolean requiredIn(RealmModel realm, String flowId, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    return realm
        .getAuthenticationExecutionsStream(flowId)
        .filter(
            execution ->
                execution.getRequirement() == AuthenticationExecutionModel.Requirement.REQUIRED)
        .anyMatch(
            execution ->
                execution.isAuthenticatorFlow()
                    ? requiredIn(realm, execution.getFlowId(), depth + 1)
                    : AUTHENTICATOR_ID.equals(execution.getAuthenticator()));
  }
}
