package dev.leash.keycloak.policies.scopes;

import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.SessionNotes;
import dev.leash.keycloak.policies.ReservedParameters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceAuthorizationRequestContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * {@code leash-scope-limit}: what an agent may ask for through the device grant and who may approve
 * it. Out-of-policy scopes are refused, never silently dropped. The approver restriction and the
 * step-up scopes travel with the device code to the approval flow; at the token endpoint, a code
 * whose approval should have been stepped up but was not gets no token (a backstop for a flow built
 * without {@code leash-step-up}).
 */
public class ScopeLimitExecutor implements ClientPolicyExecutorProvider<ScopeLimitConfiguration> {

  private ScopePolicy policy = new ScopeLimitConfiguration().toPolicy();

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
    policy = configuration.toPolicy();
  }

  @Override
  public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
    switch (context.getEvent()) {
      case DEVICE_AUTHORIZATION_REQUEST ->
          onDeviceAuthorization((DeviceAuthorizationRequestContext) context);
      case DEVICE_TOKEN_RESPONSE -> onTokens((DeviceTokenResponseContext) context);
      default -> {
        // Only device-grant requests and their tokens are limited here.
      }
    }
  }

  private void onDeviceAuthorization(DeviceAuthorizationRequestContext context)
      throws ClientPolicyException {
    ReservedParameters.refuseClientSent(context.getRequestParameters());
    List<String> scopes = scopes(context.getRequest().getScope());
    Optional<String> refusal = policy.refusal(scopes);
    if (refusal.isPresent()) {
      throw new ClientPolicyException(OAuthErrorException.INVALID_SCOPE, refusal.get());
    }
    Map<String, String> stamped = context.getRequest().getAdditionalReqParams();
    DeviceCodeParams.putList(stamped, DeviceCodeParams.APPROVER_ROLES, policy.approverRoles());
    DeviceCodeParams.putList(stamped, DeviceCodeParams.APPROVER_GROUPS, policy.approverGroups());
    DeviceCodeParams.putList(stamped, DeviceCodeParams.STEP_UP_SCOPES, policy.stepUpScopes());
  }

  private void onTokens(DeviceTokenResponseContext context) throws ClientPolicyException {
    AuthenticatedClientSessionModel clientSession = context.getClientSession();
    if (policy.needsStepUp(scopes(context.getDeviceCodeModel().getScope()))
        && clientSession.getNote(SessionNotes.STEP_UP_FACTOR) == null) {
      throw new ClientPolicyException(
          OAuthErrorException.INVALID_GRANT,
          "The approval of these scopes needed a second factor and had none");
    }
  }

  private static List<String> scopes(String scope) {
    return scope == null || scope.isBlank() ? List.of() : Arrays.asList(scope.trim().split("\\s+"));
  }
}
