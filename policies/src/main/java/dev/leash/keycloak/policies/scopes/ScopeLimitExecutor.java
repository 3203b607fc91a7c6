package dev.leash.keycloak.policies.scopes;

import dev.leash.keycloak.core.AgentCounters;
import dev.leash.keycloak.core.ApproverRules;
import dev.leash.keycloak.core.CounterHints;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.audit.DeviceRequestAudit;
import dev.leash.keycloak.policies.ReservedParameters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
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
    // Another profile's executor may have stamped already: every one's approvers and step-up count.
    ApproverRules.add(stamped, policy.approverRoles(), policy.approverGroups());
    DeviceCodeParams.addToList(stamped, DeviceCodeParams.STEP_UP_SCOPES, policy.stepUpScopes());
  }

  /**
   * Counts the request and claims a pending-code slot, refusing with {@code slow_down} (HTTP 429
   * and Retry-After, set by {@link RetryAfter}) when the agent is over a limit. A request that
   * another profile's executor counted, or claimed a slot for, is judged by that claim.
   */
  private void limitRequests(ScopePolicy policy, Map<String, String> stamped)
      throws ClientPolicyException {
    ClientModel client = session.getContext().getClient();
    AgentCounters counters = new AgentCounters(session.singleUseObjects(), client.getId());
    long now = clock.nowSeconds();
    if (policy.maxRequests() > 0 && !withinRequestLimit(policy, counters, now)) {
      long retry = AgentCounters.secondsLeftInWindow(policy.requestWindowSeconds(), now);
      RetryAfter.request(session, retry);
      throw new ClientPolicyException(
          OAuthErrorException.SLOW_DOWN,
          "Too many device requests from this agent; retry in " + retry + " seconds");
    }
    if (policy.maxPendingCodes() > 0 && !withinPendingCap(policy, counters, stamped, now)) {
      RetryAfter.request(session, PENDING_RETRY_SECONDS);
      throw new ClientPolicyException(
          OAuthErrorException.SLOW_DOWN,
          "This agent already has as many device codes waiting for approval as it may ("
              + policy.maxPendingCodes()
              + ")");
    }
  }

  private boolean withinRequestLimit(ScopePolicy policy, AgentCounters counters, long now) {
    long window = policy.requestWindowSeconds();
    OptionalInt counted = RequestClaims.requestCount(session, window);
    if (counted.isEmpty()) {
      int count = counters.countRequest(policy.maxRequests(), window, now, requestCounts);
      if (count == 0) {
        return false;
      }
      RequestClaims.requestCounted(session, window, count);
      return true;
    }
    return counted.getAsInt() <= policy.maxRequests();
  }

  /**
   * Slots are claimed from the first up, so the slot a request holds is one more than the codes
   * that held the ones below it when it claimed: within a cap of at least its number.
   */
  private boolean withinPendingCap(
      ScopePolicy policy, AgentCounters counters, Map<String, String> stamped, long now) {
    OptionalInt claimed = RequestClaims.pendingSlot(session);
    if (claimed.isPresent()) {
      return claimed.getAsInt() <= policy.maxPendingCodes();
    }
    long deadline = DeviceCodeParams.positiveLong(stamped, DeviceCodeParams.DEADLINE, 0);
    ClientModel client = session.getContext().getClient();
    long lifetime =
        deadline > 0
            ? deadline - now
            : session.getContext().getRealm().getOAuth2DeviceConfig().getLifespan(client);
    OptionalInt slot = counters.claimPendingSlot(policy.maxPendingCodes(), lifetime);
    if (slot.isEmpty()) {
      return false;
    }
    counters.releaseIfRolledBack(session, slot.getAsInt());
    RequestClaims.pendingSlotClaimed(session, slot.getAsInt());
    stamped.put(DeviceCodeParams.PENDING_SLOT, Integer.toString(slot.getAsInt()));
    stamped.put(DeviceCodeParams.PENDING_SLOT_UNTIL, Long.toString(now + Math.max(1, lifetime)));
    return true;
  }

  /**
   * A code approved without the screen or the step-up its scopes, its approvers or its agent's flow
   * call for gets no tokens.
   */
  private void onTokens(DeviceTokenResponseContext context) throws ClientPolicyException {
    Optional<String> missing =
        MissingApprovalSteps.of(session, context.getClientSession(), context.getDeviceCodeModel());
    if (missing.isPresent()) {
      throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT, missing.get());
    }
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
