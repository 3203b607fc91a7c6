package dev.leash.keycloak.authenticators.conditions;

import dev.leash.keycloak.authenticators.stepup.RecentStepUp;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.LeashConditions;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;

/**
 * True while the flow is approving a device code (RFC 8628), false for any other login; with a
 * "recent step-up" allowance also false when the SSO session stepped up recently enough.
 */
final class DeviceApprovalCondition implements ConditionalAuthenticator {

  static final DeviceApprovalCondition INSTANCE = new DeviceApprovalCondition(LeashClock.KEYCLOAK);

  private final LeashClock clock;

  private DeviceApprovalCondition(LeashClock clock) {
    this.clock = clock;
  }

  @Override
  public boolean matchCondition(AuthenticationFlowContext context) {
    return DeviceGrantType.isOAuth2DeviceVerificationFlow(context.getAuthenticationSession())
        && !RecentStepUp.within(
            context,
            LeashConditions.stepUpAllowanceSeconds(context.getAuthenticatorConfig()),
            clock.nowSeconds());
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
