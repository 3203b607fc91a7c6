package dev.leash.keycloak.authenticators.approval;

import dev.leash.keycloak.authenticators.DeviceApprovals;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.DeviceContext;
import dev.leash.keycloak.core.InfoPages;
import dev.leash.keycloak.core.LeashClock;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;

/**
 * {@code leash-device-approval}: the screen on which a signed-in person approves or denies a device
 * grant, showing what the server verified about the requesting device apart from what the device
 * claimed. Outside a device approval it does nothing. The form posts to Keycloak's login-action
 * URL, whose one-time session code makes it CSRF-safe and a replayed post a no-op.
 */
public class DeviceApprovalAuthenticator implements Authenticator {

  static final String TEMPLATE = "leash-device-approval.ftl";
  static final String DECISION = "decision";
  static final String APPROVE = "approve";
  static final String DENY = "deny";

  private final LeashClock clock;

  DeviceApprovalAuthenticator(LeashClock clock) {
    this.clock = clock;
  }

  @Override
  public void authenticate(AuthenticationFlowContext context) {
    if (!DeviceGrantType.isOAuth2DeviceVerificationFlow(context.getAuthenticationSession())) {
      context.success();
      return;
    }
    OAuth2DeviceCodeModel code = pendingCode(context);
    if (code == null) {
      context.failure(AuthenticationFlowError.EXPIRED_CODE, expired(context));
      return;
    }
    context.challenge(
        context.form().setAttribute("leashApproval", view(context, code)).createForm(TEMPLATE));
  }

  @Override
  public void action(AuthenticationFlowContext context) {
    MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
    String decision = form.getFirst(DECISION);
    if (pendingCode(context) == null) {
      context.failure(AuthenticationFlowError.EXPIRED_CODE, expired(context));
    } else if (APPROVE.equals(decision)) {
      context.success();
    } else if (DENY.equals(decision)) {
      // Keycloak's own denial: marks the code denied (the poller gets access_denied) and sends the
      // browser to the "denied" status page.
      context.failure(
          AuthenticationFlowError.ACCESS_DENIED,
          DeviceGrantType.denyOAuth2DeviceAuthorization(
              context.getAuthenticationSession(),
              LoginProtocol.Error.CONSENT_DENIED,
              context.getSession()));
    } else {
      authenticate(context);
    }
  }

  /** The pending device code this approval is for, or {@code null} once it expired or was used. */
  private OAuth2DeviceCodeModel pendingCode(AuthenticationFlowContext context) {
    return DeviceApprovals.codeBeingApproved(
            context.getSession(), context.getRealm(), context.getAuthenticationSession())
        .filter(code -> code.isPending() && !code.isExpired() && secondsLeft(code) > 0)
        .orElse(null);
  }

  private long secondsLeft(OAuth2DeviceCodeModel code) {
    long deadline =
        DeviceCodeParams.positiveLong(
            code.getAdditionalParams(), DeviceCodeParams.DEADLINE, code.getExpiration());
    return Math.min(deadline, code.getExpiration()) - clock.nowSeconds();
  }

  private ApprovalView view(AuthenticationFlowContext context, OAuth2DeviceCodeModel code) {
    RealmModel realm = context.getRealm();
    ClientModel client = realm.getClientByClientId(code.getClientId());
    String name = client.getName() == null || client.getName().isBlank() ? null : client.getName();
    List<String> scopes =
        code.getScope() == null ? List.of() : Arrays.asList(code.getScope().trim().split("\\s+"));
    return new ApprovalView(
        name == null ? client.getClientId() : name,
        client.getClientId(),
        DeviceContext.from(code.getAdditionalParams()).orElse(null),
        scopes,
        secondsLeft(code));
  }

  private static Response expired(AuthenticationFlowContext context) {
    return InfoPages.expiredRequest(context.form());
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
