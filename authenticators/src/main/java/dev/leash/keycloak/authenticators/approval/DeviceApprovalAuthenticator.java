package dev.leash.keycloak.authenticators.approval;

import dev.leash.keycloak.core.AgentCounters;
import dev.leash.keycloak.core.DeviceApprovals;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.DeviceContext;
import dev.leash.keycloak.core.GrantedScopes;
import dev.leash.keycloak.core.InfoPages;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.SessionNotes;
import dev.leash.keycloak.core.audit.AuditEventDetails;
import dev.leash.keycloak.core.audit.AuditFact;
import dev.leash.keycloak.core.audit.AuditTrail;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.OAuth2DeviceUserCodeProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.sessions.AuthenticationSessionModel;

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
  static final String CODE_SUFFIX = "code_suffix";
  static final String JUSTIFICATION = "justification";

  /** Wrong code suffixes after which the approval is refused and the code denied. */
  static final int MAX_SUFFIX_MISTAKES = 3;

  private static final String SUFFIX_MISTAKES_NOTE = "leash.code_suffix_mistakes";
  private static final String SECOND_APPROVER_MUST_DIFFER = "leashSecondApproverMustDiffer";

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
    if (!ApproverRule.allows(
        context.getSession(), context.getRealm(), context.getUser(), code.getAdditionalParams())) {
      // The code stays pending for a permitted approver. A failure with a page sends no Keycloak
      // event, so the refusal goes to the audit trail directly.
      AuditTrail.recordIfKept(
          context.getSession(),
          new AuditFact.ApproverRefused(
              approvalId(code),
              context.getUser().getId(),
              context.getUser().getUsername(),
              AuditEventDetails.APPROVER_NOT_ALLOWED,
              clock.nowSeconds()));
      context.failure(
          AuthenticationFlowError.ACCESS_DENIED, InfoPages.notAllowedToApprove(context.form()));
      return;
    }
    context.challenge(screen(context, code, null));
  }

  /** The code being approved as the device was given it to show (Keycloak keeps it bare). */
  private static String userCodeAsShown(AuthenticationFlowContext context) {
    String verified =
        context
            .getAuthenticationSession()
            .getClientNote(DeviceGrantType.OAUTH2_DEVICE_VERIFIED_USER_CODE);
    return verified == null
        ? null
        : context.getSession().getProvider(OAuth2DeviceUserCodeProvider.class).display(verified);
  }

  private Response screen(
      AuthenticationFlowContext context, OAuth2DeviceCodeModel code, String error) {
    return context
        .form()
        .setAttribute("leashApproval", view(context, code, error))
        .createForm(TEMPLATE);
  }

  @Override
  public void action(AuthenticationFlowContext context) {
    MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
    String decision = form.getFirst(DECISION);
    OAuth2DeviceCodeModel code = pendingCode(context);
    if (code == null) {
      context.failure(AuthenticationFlowError.EXPIRED_CODE, expired(context));
    } else if (!ApproverRule.allows(
        context.getSession(), context.getRealm(), context.getUser(), code.getAdditionalParams())) {
      // Neither an approval nor a denial from someone outside the approvers: a denial would burn
      // the code for the permitted approvers. authenticate() refuses with the page.
      authenticate(context);
    } else if (APPROVE.equals(decision)) {
      approve(context, code, form);
    } else if (DENY.equals(decision)) {
      deny(context, code, AuditEventDetails.DENIED_BY_APPROVER);
    } else {
      authenticate(context);
    }
  }

  private void approve(
      AuthenticationFlowContext context,
      OAuth2DeviceCodeModel code,
      MultivaluedMap<String, String> form) {
    AuthenticationSessionModel authSession = context.getAuthenticationSession();
    ApprovalOptions options = ApprovalOptions.from(context.getAuthenticatorConfig());
    String userCode = authSession.getClientNote(DeviceGrantType.OAUTH2_DEVICE_VERIFIED_USER_CODE);
    String justification = form.getFirst(JUSTIFICATION);
    Optional<String> problem =
        ApprovalAnswer.problem(options, userCode, form.getFirst(CODE_SUFFIX), justification);
    if (problem.isPresent()) {
      if (ApprovalAnswer.SUFFIX_MISMATCH.equals(problem.get())
          && tooManySuffixMistakes(authSession)) {
        // Guessing the suffix is not a way in.
        deny(context, code, AuditEventDetails.CODE_SUFFIX_MISTAKES);
      } else {
        context.challenge(screen(context, code, problem.get()));
      }
      return;
    }
    if (options.requireJustification()) {
      authSession.setClientNote(
          SessionNotes.JUSTIFICATION, ApprovalAnswer.justification(justification));
    }
    if (options.needsTwoPersons(
            GrantedScopes.of(
                context.getRealm().getClientByClientId(code.getClientId()), code.getScope()))
        && !secondApprover(context, code)) {
      return;
    }
    authSession.setClientNote(
        SessionNotes.approvedOnScreen(approvalId(code)), context.getUser().getId());
    context.success();
  }

  /**
   * Two-person approval: the first "yes" is recorded and the code stays pending; only a different
   * person's "yes" completes the approval. {@code true} when this person completes it.
   */
  private boolean secondApprover(AuthenticationFlowContext context, OAuth2DeviceCodeModel code) {
    FirstApproval first =
        new FirstApproval(context.getSession().singleUseObjects(), code.getDeviceCode());
    String firstApprover = first.approver();
    String me = context.getUser().getId();
    if (firstApprover == null) {
      first.record(me, secondsLeft(code));
      context.challenge(InfoPages.waitingForSecondApprover(context.form()));
      return false;
    }
    if (firstApprover.equals(me)) {
      context.challenge(screen(context, code, SECOND_APPROVER_MUST_DIFFER));
      return false;
    }
    context.getAuthenticationSession().setClientNote(SessionNotes.FIRST_APPROVER, firstApprover);
    return true;
  }

  private static boolean tooManySuffixMistakes(AuthenticationSessionModel authSession) {
    String recorded = authSession.getAuthNote(SUFFIX_MISTAKES_NOTE);
    int mistakes = (recorded == null ? 0 : Integer.parseInt(recorded)) + 1;
    authSession.setAuthNote(SUFFIX_MISTAKES_NOTE, Integer.toString(mistakes));
    return mistakes >= MAX_SUFFIX_MISTAKES;
  }

  /**
   * Keycloak's own denial: marks the code denied (the poller gets access_denied) and sends the
   * browser to the "denied" status page; frees the agent's pending-code slot and records why.
   */
  private void deny(AuthenticationFlowContext context, OAuth2DeviceCodeModel code, String reason) {
    AgentCounters.releasePendingSlotOf(context.getSession(), code);
    AuditTrail.recordIfKept(
        context.getSession(),
        new AuditFact.ApprovalDenied(
            approvalId(code),
            context.getUser().getId(),
            context.getUser().getUsername(),
            reason,
            clock.nowSeconds()));
    AuthenticationSessionModel authSession = context.getAuthenticationSession();
    Response deniedPage =
        DeviceGrantType.denyOAuth2DeviceAuthorization(
            authSession, LoginProtocol.Error.CONSENT_DENIED, context.getSession());
    // Keycloak 26.7.3 keeps the user code of a denied code. Its consent page refuses a denied code,
    // and so does this screen; without its user code, nobody even starts another approval (the
    // device page no longer knows the code). The agent gets access_denied.
    DeviceGrantType.removeDeviceByUserCode(
        context.getSession(),
        context.getRealm(),
        authSession.getClientNote(DeviceGrantType.OAUTH2_DEVICE_VERIFIED_USER_CODE));
    context.failure(AuthenticationFlowError.ACCESS_DENIED, deniedPage);
  }

  private static String approvalId(OAuth2DeviceCodeModel code) {
    return code.getAdditionalParams().get(DeviceCodeParams.APPROVAL_ID);
  }

  /**
   * The pending device code this approval is for, or {@code null} once it expired, was used or was
   * denied (Keycloak counts a denied code as pending).
   */
  private OAuth2DeviceCodeModel pendingCode(AuthenticationFlowContext context) {
    return DeviceApprovals.codeBeingApproved(
            context.getSession(), context.getRealm(), context.getAuthenticationSession())
        .filter(
            code ->
                code.isPending() && !code.isDenied() && !code.isExpired() && secondsLeft(code) > 0)
        .orElse(null);
  }

  private long secondsLeft(OAuth2DeviceCodeModel code) {
    long deadline =
        DeviceCodeParams.positiveLong(
            code.getAdditionalParams(), DeviceCodeParams.DEADLINE, code.getExpiration());
    return Math.min(deadline, code.getExpiration()) - clock.nowSeconds();
  }

  private ApprovalView view(
      AuthenticationFlowContext context, OAuth2DeviceCodeModel code, String error) {
    RealmModel realm = context.getRealm();
    ClientModel client = realm.getClientByClientId(code.getClientId());
    String name = client.getName() == null || client.getName().isBlank() ? null : client.getName();
    ApprovalOptions options = ApprovalOptions.from(context.getAuthenticatorConfig());
    List<String> asked = DeviceCodeParams.scopes(code.getScope());
    List<String> stepUp =
        DeviceCodeParams.list(code.getAdditionalParams(), DeviceCodeParams.STEP_UP_SCOPES);
    Map<String, ClientScopeModel> defaults = client.getClientScopes(true);
    // Default scopes are granted unasked: the screen lists those Keycloak's consent screen shows,
    // and those that call for a step-up or a second approver, so the approver sees why.
    List<ApprovalView.RequestedScope> scopes =
        GrantedScopes.of(client, code.getScope()).stream()
            .filter(
                scope ->
                    asked.contains(scope)
                        || (defaults.containsKey(scope)
                            && defaults.get(scope).isDisplayOnConsentScreen())
                        || stepUp.contains(scope)
                        || options.twoPersonScopes().contains(scope))
            .map(scope -> new ApprovalView.RequestedScope(scope, consentText(client, scope)))
            .toList();
    String description = client.getDescription();
    return new ApprovalView(
        name == null ? client.getClientId() : name,
        client.getClientId(),
        description == null || description.isBlank() ? null : description,
        userCodeAsShown(context),
        DeviceContext.from(code.getAdditionalParams()).orElse(null),
        clock.nowSeconds(),
        scopes,
        secondsLeft(code),
        options,
        error);
  }

  /**
   * The consent text of the client's scope {@code name}, if it has one. Only the agent's own
   * default and optional scopes count: Keycloak grants no other, and looking there spares a scan of
   * every scope in the realm on each screen.
   */
  private static String consentText(ClientModel client, String name) {
    return Stream.of(client.getClientScopes(true), client.getClientScopes(false))
        .map(scopes -> scopes.get(name))
        .filter(Objects::nonNull)
        .map(ClientScopeModel::getConsentScreenText)
        .filter(text -> text != null && !text.isBlank())
        .findFirst()
        .orElse(null);
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
