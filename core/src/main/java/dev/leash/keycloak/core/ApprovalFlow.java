package dev.leash.keycloak.core;

import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;

/**
 * Whether a client's browser flow (its own binding, else the realm's) certainly runs one of Leash's
 * steps when approving a given device code. The token endpoint asks, because a code can be approved
 * without the flow's later steps: Keycloak 26.7.3 ends the browser flow at a sign-in through an
 * identity provider.
 *
 * <p>Judged as Keycloak runs a flow: a required step counts, in required subflows and in
 * conditional subflows whose conditions all held. That is known here only for Leash's own
 * conditions ({@link ApprovedCode#conditionHeld}). A step in an alternative branch, or behind
 * another condition, may be skipped by design, so it is not certain and nothing is refused for it.
 */
public final class ApprovalFlow {

  /** The provider id of Leash's device approval screen. */
  public static final String SCREEN_ID = "leash-device-approval";

  /** The provider id of Leash's step-up. */
  public static final String STEP_UP_ID = "leash-step-up";

  /** Subflows nest a few levels deep; Keycloak refuses cycles, this bounds the walk regardless. */
  private static final int MAX_DEPTH = 16;

  private final KeycloakSession session;
  private final RealmModel realm;
  private final ApprovedCode code;

  private ApprovalFlow(KeycloakSession session, RealmModel realm, ApprovedCode code) {
    this.session = session;
    this.realm = realm;
    this.code = code;
  }

  /** Whether approving {@code code} of {@code client} certainly ran the step {@code stepId}. */
  public static boolean certainlyRuns(
      KeycloakSession session, ClientModel client, ApprovedCode code, String stepId) {
    RealmModel realm = client.getRealm();
    AuthenticationFlowModel flow =
        AuthenticationFlowResolver.resolveBindingOverrideFlowForClient(
            client, AuthenticationFlowBindings.BROWSER_BINDING);
    if (flow == null) {
      flow = realm.getBrowserFlow();
    }
    return flow != null && new ApprovalFlow(session, realm, code).runs(flow.getId(), stepId, 0);
  }

  private boolean runs(String flowId, String stepId, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    return realm
        .getAuthenticationExecutionsStream(flowId)
        .anyMatch(
            execution -> {
              if (execution.isAuthenticatorFlow()) {
                boolean entered =
                    execution.isRequired()
                        || (execution.isConditional() && conditionsHeld(execution.getFlowId()));
                return entered && runs(execution.getFlowId(), stepId, depth + 1);
              }
              return execution.isRequired() && stepId.equals(execution.getAuthenticator());
            });
  }

  /**
   * Keycloak enters a conditional subflow when it has an enabled condition and every enabled
   * condition matches.
   */
  private boolean conditionsHeld(String subflowId) {
    List<AuthenticationExecutionModel> conditions =
        realm.getAuthenticationExecutionsStream(subflowId).filter(this::isCondition).toList();
    return !conditions.isEmpty()
        && conditions.stream()
            .allMatch(
                condition -> code.conditionHeld(condition.getAuthenticator(), configOf(condition)));
  }

  private AuthenticatorConfigModel configOf(AuthenticationExecutionModel execution) {
    String configId = execution.getAuthenticatorConfig();
    return configId == null ? null : realm.getAuthenticatorConfigById(configId);
  }

  /** As Keycloak 26.7.3's flow tells a condition: an enabled step whose authenticator is one. */
  private boolean isCondition(AuthenticationExecutionModel execution) {
    if (execution.isAuthenticatorFlow()
        || execution.getAuthenticator() == null
        || !execution.isEnabled()) {
      return false;
    }
    AuthenticatorFactory factory =
        (AuthenticatorFactory)
            session
                .getKeycloakSessionFactory()
                .getProviderFactory(Authenticator.class, execution.getAuthenticator());
    return factory != null && factory.create(session) instanceof ConditionalAuthenticator;
  }
}
