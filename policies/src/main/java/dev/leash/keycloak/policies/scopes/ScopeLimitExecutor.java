package dev.leash.keycloak.policies.scopes;

import dev.leash.keycloak.core.AgentCounters;
import dev.leash.keycloak.core.ApprovalFlow;
import dev.leash.keycloak.core.ApprovedCode;
import dev.leash.keycloak.core.CounterHints;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.GrantedScopes;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.SessionNotes;
import dev.leash.keycloak.core.audit.DeviceRequestAudit;
import dev.leash.keycloak.policies.ReservedParameters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceAuthorizationRequestContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * {@code leash-scope-limit}: what an agent may ask for through the device grant and who may approve
 * it. Out-of-policy scopes are refused, never silently dropped. The approver restriction and the
 * step-up scopes travel with the device code to the approval flow. At the token endpoint, a code
 * approved without the step-up or the approval screen that its scopes, its approvers or its agent's
 * flow call for gets no token: a backstop for a flow built without them, and for a sign-in through
 * an identity provider, which skips them.
 */
public class ScopeLimitExecutor implements ClientPolicyExecutorProvider<ScopeLimitConfiguration> {

  /** Seconds an agent at its pending-code cap is told to wait. */
  private static final long PENDING_RETRY_SECONDS = 60;

  private final KeycloakSession session;
  private final LeashClock clock;
  private final CounterHints requestCounts;

  /** The client policy's settings; an agent's own settings may replace some per request. */
  private ScopePolicy clientPolicy = new ScopeLimitConfiguration().toPolicy();

  private boolean agentSettingsAllowed;

  ScopeLimitExecutor(KeycloakSession session, LeashClock clock, CounterHints requestCounts) {
    this.session = session;
    this.clock = clock;
    this.requestCounts = requestCounts;
  }

  @Override
  public String getProviderId() {
    return ScopeLimitExecutorFactory.PROVIDER_ID;
  }

  @Override
  public Class<ScopeLimitConfiguration> getExecutorConfigurationClass() {
    return ScopeLimitConfiguration.class;
  }

  @Override
  public void setupConfiguration(ScopeLimitConfiguration configuration) {
    clientPolicy = configuration.toPolicy();
    agentSettingsAllowed = configuration.agentSettingsAllowed();
  }

  @Override
  public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
    switch (context.getEvent()) {
      case DEVICE_AUTHORIZATION_REQUEST -> {
        DeviceAuthorizationRequestContext request = (DeviceAuthorizationRequestContext) context;
        onDeviceAuthorization(request);
        DeviceRequestAudit.onAccepted(session, request.getRequest(), clock);
      }
      case DEVICE_TOKEN_RESPONSE -> onTokens((DeviceTokenResponseContext) context);
      default -> {
        // Only device-grant requests and their tokens are limited here.
      }
    }
  }

  private void onDeviceAuthorization(DeviceAuthorizationRequestContext context)
      throws ClientPolicyException {
    ReservedParameters.refuseClientSentAndMark(session, context);
    ScopePolicy policy = effectivePolicy();
    List<String> scopes = DeviceCodeParams.scopes(context.getRequest().getScope());
    Optional<String> refusal = policy.refusal(scopes);
    if (refusal.isPresent()) {
      throw new ClientPolicyException(OAuthErrorException.INVALID_SCOPE, refusal.get());
    }
    Map<String, String> stamped = context.getRequest().getAdditionalReqParams();
    limitRequests(policy, stamped);
    DeviceCodeParams.putList(stamped, DeviceCodeParams.APPROVER_ROLES, policy.approverRoles());
    DeviceCodeParams.putList(stamped, DeviceCodeParams.APPROVER_GROUPS, policy.approverGroups());
    DeviceCodeParams.putList(stamped, DeviceCodeParams.STEP_UP_SCOPES, policy.stepUpScopes());
  }

  /**
   * Counts the request and claims a pending-code slot, refusing with {@code slow_down} (HTTP 429
   * and Retry-After, set by {@link RetryAfter}) when the agent is over a limit.
   */
  private void limitRequests(ScopePolicy policy, Map<String, String> stamped)
      throws ClientPolicyException {
    ClientModel client = session.getContext().getClient();
    AgentCounters counters = new AgentCounters(session.singleUseObjects(), client.getId());
    long now = clock.nowSeconds();
    if (policy.maxRequests() > 0
        && !counters.tryCountRequest(
            policy.maxRequests(), policy.requestWindowSeconds(), now, requestCounts)) {
      long retry = AgentCounters.secondsLeftInWindow(policy.requestWindowSeconds(), now);
      RetryAfter.request(session, retry);
      throw new ClientPolicyException(
          OAuthErrorException.SLOW_DOWN,
          "Too many device requests from this agent; retry in " + retry + " seconds");
    }
    if (policy.maxPendingCodes() > 0) {
      long deadline = DeviceCodeParams.positiveLong(stamped, DeviceCodeParams.DEADLINE, 0);
      long lifetime =
          deadline > 0
              ? deadline - now
              : session.getContext().getRealm().getOAuth2DeviceConfig().getLifespan(client);
      OptionalInt slot = counters.claimPendingSlot(policy.maxPendingCodes(), lifetime);
      if (slot.isEmpty()) {
        RetryAfter.request(session, PENDING_RETRY_SECONDS);
        throw new ClientPolicyException(
            OAuthErrorException.SLOW_DOWN,
            "This agent already has as many device codes waiting for approval as it may ("
                + policy.maxPendingCodes()
                + ")");
      }
      counters.releaseIfRolledBack(session, slot.getAsInt());
      stamped.put(DeviceCodeParams.PENDING_SLOT, Integer.toString(slot.getAsInt()));
      stamped.put(DeviceCodeParams.PENDING_SLOT_UNTIL, Long.toString(now + Math.max(1, lifetime)));
    }
  }

  /**
   * Judges by the step-up scopes stamped on the code when the agent asked, like the approval flow
   * did, not by today's policy: a policy change must not refuse a correctly approved code. Only
   * Leash's approval screen checks the approvers, two-person approval, the code suffix and the
   * justification, and only Leash step-up notes the second factor; a sign-in through an identity
   * provider skips the rest of the browser flow in Keycloak 26.7.3, both included.
   */
  private void onTokens(DeviceTokenResponseContext context) throws ClientPolicyException {
    AuthenticatedClientSessionModel clientSession = context.getClientSession();
    OAuth2DeviceCodeModel code = context.getDeviceCodeModel();
    Map<String, String> stamped = code.getAdditionalParams();
    // Stamped on every code a Leash executor let through; notes of an earlier grant carry another.
    // A code without one (asked for before a Leash policy covered the agent) has no notes, so it
    // gets no tokens when its scopes or the flow call for the screen or step-up.
    String approvalId = stamped.get(DeviceCodeParams.APPROVAL_ID);
    ApprovedCode approved = approvedCode(clientSession, code, stamped);
    boolean steppedUp = noted(clientSession, approvalId, SessionNotes::stepUpFor);
    if (!steppedUp && GrantedScopes.anyOf(approved.grantedScopes(), approved.stepUpScopes())) {
      throw new ClientPolicyException(
          OAuthErrorException.INVALID_GRANT,
          "The approval of these scopes needed a second factor and had none");
    }
    boolean approversNamed =
        !DeviceCodeParams.list(stamped, DeviceCodeParams.APPROVER_ROLES).isEmpty()
            || !DeviceCodeParams.list(stamped, DeviceCodeParams.APPROVER_GROUPS).isEmpty();
    boolean passedScreen = noted(clientSession, approvalId, SessionNotes::approvedOnScreen);
    if (approversNamed && !passedScreen) {
      throw new ClientPolicyException(
          OAuthErrorException.INVALID_GRANT,
          "This agent's approvers are checked on Leash's approval screen, and this approval did"
              + " not pass it");
    }
    if (passedScreen && steppedUp) {
      return;
    }
    Set<String> certain = ApprovalFlow.certainSteps(session, clientSession.getClient(), approved);
    if (!passedScreen && certain.contains(ApprovalFlow.SCREEN_ID)) {
      throw new ClientPolicyException(
          OAuthErrorException.INVALID_GRANT,
          "This agent's approvals pass Leash's approval screen, and this approval did not pass it");
    }
    if (!steppedUp && certain.contains(ApprovalFlow.STEP_UP_ID)) {
      throw new ClientPolicyException(
          OAuthErrorException.INVALID_GRANT,
          "This agent's approvals pass Leash step-up, and this approval had no second factor");
    }
  }

  private static ApprovedCode approvedCode(
      AuthenticatedClientSessionModel clientSession,
      OAuth2DeviceCodeModel code,
      Map<String, String> stamped) {
    long requestedAt = DeviceCodeParams.positiveLong(stamped, DeviceCodeParams.REQUESTED_AT, 0);
    long steppedUpAt =
        DeviceCodeParams.positiveLong(
            clientSession.getUserSession().getNotes(), SessionNotes.STEP_UP_AT, 0);
    return new ApprovedCode(
        GrantedScopes.of(clientSession.getClient(), code.getScope()),
        DeviceCodeParams.list(stamped, DeviceCodeParams.STEP_UP_SCOPES),
        requestedAt > 0 ? OptionalLong.of(requestedAt) : OptionalLong.empty(),
        steppedUpAt > 0 ? OptionalLong.of(steppedUpAt) : OptionalLong.empty());
  }

  /**
   * Whether the client session holds the note {@code noteOf} names for this grant's approval, made
   * for the person whose session it is: an authentication session restarted in the same browser tab
   * keeps its client notes, so another person's note may be left on it.
   */
  private static boolean noted(
      AuthenticatedClientSessionModel clientSession,
      String approvalId,
      UnaryOperator<String> noteOf) {
    return approvalId != null
        && clientSession
            .getUserSession()
            .getUser()
            .getId()
            .equals(clientSession.getNote(noteOf.apply(approvalId)));
  }

  /**
   * The policy's settings, with the agent's own ({@code leash-agent-policy}) in their place where
   * the policy lets them: client administrators can change those, realm administrators the policy.
   */
  private ScopePolicy effectivePolicy() {
    return agentSettingsAllowed
        ? AgentPolicyMapper.settingsOf(session.getContext().getClient()).applyTo(clientPolicy)
        : clientPolicy;
  }
}
