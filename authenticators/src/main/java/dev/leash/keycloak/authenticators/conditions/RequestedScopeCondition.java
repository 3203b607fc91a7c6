package dev.leash.keycloak.authenticators.conditions;

import dev.leash.keycloak.core.DeviceApprovals;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.GrantedScopes;
import dev.leash.keycloak.core.LeashConditions;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * True when the device code being approved grants any of the configured scopes, asked for or a
 * default scope of the agent.
 */
final class RequestedScopeCondition implements ConditionalAuthenticator {

  static final RequestedScopeCondition INSTANCE = new RequestedScopeCondition();

  @Override
  public boolean matchCondition(AuthenticationFlowContext context) {
    return DeviceApprovals.codeBeingApproved(
            context.getSession(), context.getRealm(), context.getAuthenticationSession())
        .map(
            code ->
                LeashConditions.requestedScopeHolds(
                    context.getAuthenticatorConfig(),
                    GrantedScopes.of(
                        context.getRealm().getClientByClientId(code.getClientId()),
                        code.getScope()),
                    DeviceCodeParams.list(
                        code.getAdditionalParams(), DeviceCodeParams.STEP_UP_SCOPES)))
        .orElse(false);
  }

  @Override
  public void action(AuthenticationFlowContext context) {}

  @Override
  public boolean requiresUser() {
    return false;
  }

  @Override
  public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

  @Override
  public void close() {}
}
