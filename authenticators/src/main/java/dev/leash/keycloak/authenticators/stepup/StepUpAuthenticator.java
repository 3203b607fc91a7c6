package dev.leash.keycloak.authenticators.stepup;

import dev.leash.keycloak.core.DeviceApprovals;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.InfoPages;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.SessionNotes;
import dev.leash.keycloak.core.audit.AuditEventDetails;
import dev.leash.keycloak.core.audit.AuditFact;
import dev.leash.keycloak.core.audit.AuditTrail;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.AuthenticationExecutionModel;
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
 * Optionally a step-up of the same SSO session within a configured number of seconds counts too.
 * Without a second factor the approval ends on a clear page and nothing is approved (optionally the
 * person must set up an authenticator app at their next sign-in).
 */
final class StepUpAuthenticator implements Authenticator {

  private final LeashClock clock;

  StepUpAuthenticator(LeashClock clock) {
    this.clock = clock;
  }

  @Override
  public void authenticate(AuthenticationFlowContext context) {
    AuthenticationSessionModel authSession = context.getAuthenticationSession();
    if (!DeviceGrantType.isOAuth2DeviceVerificationFlow(authSession)) {
      context.success();
      return;
    }
    RealmModel realm = context.getRealm();
    StepUpSettings settings = StepUpSettings.from(context.getAuthenticatorConfig());
    long now = clock.nowSeconds();
    Optional<String> factor =
        SecondFactors.completed(
            authSession.getExecutionStatus(), executionId -> authenticatorOf(realm, executionId));
    if (factor.isPresent()) {
      // Remembered on the SSO session for the max-age allowance of later approvals.
      authSession.setUserSessionNote(SessionNotes.STEP_UP_AT, Long.toString(now));
      authSession.setUserSessionNote(SessionNotes.STEP_UP_FACTOR, factor.get());
    } else if (settings.maxAgeSeconds() > 0) {
      factor =
          RecentStepUp.of(context)
              .filter(stepUp -> now - stepUp.at() <= settings.maxAgeSeconds())
              .map(RecentStepUp.StepUp::factor);
    }
    if (factor.isEmpty()) {
      recordRefusal(context, now);
      refuse(context, settings);
      return;
    }
    authSession.setClientNote(SessionNotes.STEP_UP_FACTOR, factor.get());
    String approver = context.getUser().getId();
    approvalIdBeingApproved(context)
        .ifPresent(
            approvalId -> authSession.setClientNote(SessionNotes.stepUpFor(approvalId), approver));
    new AcrStore(context.getSession(), authSession)
        .setLevelAuthenticatedToCurrentRequest(settings.levelOfAuthentication());
    context.success();
  }

  private static Optional<String> approvalIdBeingApproved(AuthenticationFlowContext context) {
    return DeviceApprovals.codeBeingApproved(
            context.getSession(), context.getRealm(), context.getAuthenticationSession())
        .map(code -> code.getAdditionalParams().get(DeviceCodeParams.APPROVAL_ID));
  }

  /** A failure with a page sends no Keycloak event, so the audit trail hears of it directly. */
  private static void recordRefusal(AuthenticationFlowContext context, long now) {
    approvalIdBeingApproved(context)
        .ifPresent(
            approvalId ->
                AuditTrail.recordIfKept(
                    context.getSession(),
                    new AuditFact.ApproverRefused(
                        approvalId,
                        context.getUser().getId(),
                        context.getUser().getUsername(),
                        AuditEventDetails.STEP_UP_MISSING,
                        now)));
  }

  /** No second factor: refuse, and with the enrol setting make the user set one up next time. */
  private static void refuse(AuthenticationFlowContext context, StepUpSettings settings) {
    if (settings.enrolWithoutSecondFactor()) {
      context.getUser().addRequiredAction(UserModel.RequiredAction.CONFIGURE_TOTP);
      context.failure(
          AuthenticationFlowError.ACCESS_DENIED, InfoPages.stepUpEnrolment(context.form()));
    } else {
      context.failure(
          AuthenticationFlowError.ACCESS_DENIED, InfoPages.stepUpRequired(context.form()));
    }
  }

  private static String authenticatorOf(RealmModel realm, String executionId) {
    AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(executionId);
    return execution == null ? null : execution.getAuthenticator();
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
