package dev.leash.keycloak.authenticators.conditions;

import dev.leash.keycloak.core.DeviceApprovals;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.GrantedScopes;
import java.util.List;
import java.util.Set;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticatorConfigModel;
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
    Set<String> configured = configuredScopes(context.getAuthenticatorConfig());
    return DeviceApprovals.codeBeingApproved(
            context.getSession(), context.getRealm(), context.getAuthenticationSession())
        .map(
            code -> {
              // Scopes the agent's policy marks as step-up count too.
              List<String> stepUp =
                  DeviceCodeParams.list(
                      code.getAdditionalParams(), DeviceCodeParams.STEP_UP_SCOPES);
              return GrantedScopes.of(
                      context.getRealm().getClientByClientId(code.getClientId()), code.getScope())
                  .stream()
                  .anyMatch(name -> configured.contains(name) || stepUp.contains(name));
            })
        .orElse(false);
  }

  private static Set<String> configuredScopes(AuthenticatorConfigModel config) {
    String value =
        config == null ? null : config.getConfig().get(RequestedScopeConditionFactory.SCOPES);
    return value == null || value.isBlank() ? Set.of() : Set.of(value.trim().split("\\s*##\\s*"));
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
