package dev.leash.keycloak.authenticators.stepup;

import dev.leash.keycloak.core.InfoPages;
import dev.leash.keycloak.core.SessionNotes;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code leash-step-up}: lets a device approval through only if the person completed a second
 * factor in this very approval (Keycloak's own OTP, WebAuthn, passkey or recovery-code step placed
 * before it in the flow), even when an SSO session let them skip the password. Records the factor
 * on the session and raises the level of authentication, so the token's {@code acr} shows it.
 * Without a second factor the approval ends on a clear page and nothing is approved.
 */
final class StepUpAuthenticator implements Authenticator {

  @Override
  public void authenticate(AuthenticationFlowContext context) {
    AuthenticationSessionModel authSession = context.getAuthenticationSession();
    if (!DeviceGrantType.isOAuth2DeviceVerificationFlow(authSession)) {
      context.success();
      return;
    }
    RealmModel realm = context.getRealm();
    Optional<String> factor =
        SecondFactors.completed(
            authSession.getExecutionStatus(), executionId -> authenticatorOf(realm, executionId));
    if (factor.isEmpty()) {
      context.failure(
          AuthenticationFlowError.ACCESS_DENIED, InfoPages.stepUpRequired(context.form()));
      return;
    }
    authSession.setClientNote(SessionNotes.STEP_UP_FACTOR, factor.get());
    new AcrStore(context.getSession(), authSession)
        .setLevelAuthenticatedToCurrentRequest(level(context.getAuthenticatorConfig()));
    context.success();
  }

  private static String authenticatorOf(RealmModel realm, String executionId) {
    AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(executionId);
    return execution == null ? null : execution.getAuthenticator();
  }

  private static int level(AuthenticatorConfigModel config) {
    String level = config == null ? null : config.getConfig().get(StepUpAuthenticatorFactory.LOA);
    return level == null || level.isBlank()
        ? StepUpAuthenticatorFactory.DEFAULT_LOA
        : Integer.parseInt(level.trim());
  }

  @Override
  public void action(AuthenticationFlowContext context) {
    authenticate(context);
  }

  @Override
  public boolean requiresUser() {
    return true;
  }

  @Override
  public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
    return true;
  }

  @Override
  public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

  @Override
  public void close() {}
}
