package dev.leash.keycloak.core;

import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
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
 * Which of Leash's steps a client's browser flow (its own binding, else the realm's) certainly runs
 * when approving a given device code. The token endpoint asks, because a code can be approved
 * without the flow's later steps: a sign-in through an identity provider ends Keycloak 26.7.3's
 * browser flow.
 *
 * <p>Whether a conditional subflow's conditions held is known here only for Leash's own conditions
 * ({@link ApprovedCode#conditionHeld}). A step behind another condition, or in one of several
 * alternatives, may be skipped by design, so it is not certain and nothing is refused for it.
 */
public final class ApprovalFlow {

  /** The provider id of Leash's device approval screen. */
  public static final String SCREEN_ID = "leash-device-approval";

  /** The provider id of Leash's step-up. */
  public static final String STEP_UP_ID = "leash-step-up";

  private static final Logger LOG = Logger.getLogger(ApprovalFlow.class);

  private ApprovalFlow() {}

  /**
   * The provider ids of the steps that approving {@code code} of {@code client} certainly ran.
   * Keycloak's {@code AuthenticationFlowResolver.resolveBrowserFlow} would also honour a flow an
   * authorization request asked for; it needs an authentication session, and a device approval
   * never asks for one, so the client's binding decides.
   */
  public static Set<String> certainSteps(
      KeycloakSession session, ClientModel client, ApprovedCode code) {
    RealmModel realm = client.getRealm();
    AuthenticationFlowModel flow =
        AuthenticationFlowResolver.resolveBindingOverrideFlowForClient(
            client, AuthenticationFlowBindings.BROWSER_BINDING);
    if (flow == null) {
      flow = realm.getBrowserFlow();
    }
    return flow == null
        ? Set.of()
        : CertainSteps.of(flow.getId(), new RealmFlows(session, realm, code));
  }

  /** The realm's flows, with the code whose approval they ran for. */
  private record RealmFlows(KeycloakSession session, RealmModel realm, ApprovedCode code)
      implements CertainSteps.Flows {

    @Override
    public List<AuthenticationExecutionModel> executionsOf(String flowId) {
      return realm.getAuthenticationExecutionsStream(flowId).toList();
    }

    /**
     * As Keycloak 26.7.3's private {@code DefaultAuthenticationFlow.isConditionalAuthenticator}: a
     * condition is an enabled step whose authenticator is one. An authenticator that cannot be made
     * here, where no authentication session exists, may be either.
     */
    @Override
    public CertainSteps.Kind kindOf(AuthenticationExecutionModel execution) {
      if (execution.isAuthenticatorFlow()
          || execution.getAuthenticator() == null
          || !execution.isEnabled()) {
        return CertainSteps.Kind.STEP;
      }
      AuthenticatorFactory factory =
          (AuthenticatorFactory)
              session
                  .getKeycloakSessionFactory()
                  .getProviderFactory(Authenticator.class, execution.getAuthenticator());
      if (factory == null) {
        return CertainSteps.Kind.STEP;
      }
      try {
        return factory.create(session) instanceof ConditionalAuthenticator
            ? CertainSteps.Kind.CONDITION
            : CertainSteps.Kind.STEP;
      } catch (RuntimeException e) {
        LOG.debugf(e, "Cannot tell whether %s is a condition", execution.getAuthenticator());
        return CertainSteps.Kind.UNKNOWN;
      }
    }

    @Override
    public boolean held(AuthenticationExecutionModel condition) {
      return code.conditionHeld(condition.getAuthenticator(), configOf(condition));
    }

    private AuthenticatorConfigModel configOf(AuthenticationExecutionModel execution) {
      String configId = execution.getAuthenticatorConfig();
      return configId == null ? null : realm.getAuthenticatorConfigById(configId);
    }
  }
}
