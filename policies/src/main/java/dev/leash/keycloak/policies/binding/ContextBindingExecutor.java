package dev.leash.keycloak.policies.binding;

import dev.leash.keycloak.core.BindingMode;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.DeviceContext;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.audit.DeviceRequestAudit;
import dev.leash.keycloak.policies.ReservedParameters;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceAuthorizationRequestContext;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Captures the requesting device's context at device authorization and stamps it, with the binding
 * polls must match, into the parameters Keycloak saves with the device code. Leash's device grant
 * enforces the binding; the approval flow and the {@code agent} claim read the context.
 */
public class ContextBindingExecutor
    implements ClientPolicyExecutorProvider<ContextBindingConfiguration> {

  private static final int MAX_USER_AGENT_LENGTH = 512;

  private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cc}");

  /** Until Keycloak sets the configuration up (it builds an executor per request): built once. */
  private static final BindingPolicy DEFAULT_POLICY = new ContextBindingConfiguration().toPolicy();

  private final KeycloakSession session;
  private final LeashClock clock;
  private BindingPolicy policy = DEFAULT_POLICY;

  ContextBindingExecutor(KeycloakSession session, LeashClock clock) {
    this.session = session;
    this.clock = clock;
  }

  @Override
  public String getProviderId() {
    return ContextBindingExecutorFactory.PROVIDER_ID;
  }

  @Override
  public Class<ContextBindingConfiguration> getExecutorConfigurationClass() {
    return ContextBindingConfiguration.class;
  }

  @Override
  public void setupConfiguration(ContextBindingConfiguration configuration) {
    policy = configuration.toPolicy();
  }

  @Override
  public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
    if (context.getEvent() == ClientPolicyEvent.DEVICE_AUTHORIZATION_REQUEST) {
      DeviceAuthorizationRequestContext request = (DeviceAuthorizationRequestContext) context;
      capture(request);
      DeviceRequestAudit.onAccepted(session, request.getRequest(), clock);
    }
  }

  private void capture(DeviceAuthorizationRequestContext context) throws ClientPolicyException {
    MultivaluedMap<String, String> form = context.getRequestParameters();
    ReservedParameters.refuseClientSentAndMark(session, context);
    Map<String, String> claimed;
    try {
      claimed = new DeclaredFields(policy.declaredFields(), policy.maxFieldLength()).read(form);
    } catch (DeclaredFields.Rejected rejected) {
      throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, rejected.getMessage());
    }
    String dpopJkt = DpopKeyCapture.thumbprint(session, form);
    if (policy.requireDpop() && dpopJkt == null) {
      throw new ClientPolicyException(
          OAuthErrorException.INVALID_REQUEST,
          "This agent must prove a DPoP key (RFC 9449 DPoP header or dpop_jkt) when asking for a"
              + " device code");
    }
    Map<String, String> saved = context.getRequest().getAdditionalReqParams();
    String address = session.getContext().getConnection().getRemoteAddr();
    BindingMode binding = policy.bindingFor(dpopJkt);
    if (saved.containsKey(DeviceCodeParams.BINDING)) {
      // Another binding profile captured this request first: its context stands, bound as
      // strictly as the stricter of the two asks.
      StricterBinding.keep(saved, binding, policy.prefixBitsFor(address));
      return;
    }
    // Keycloak keeps unknown parameters (control characters stripped); the checked copies are
    // stamped under Leash's names instead.
    policy.declaredFields().forEach(saved::remove);
    new DeviceContext(
            DeviceCodeParams.ensureApprovalId(saved),
            address,
            userAgent(),
            clock.nowSeconds(),
            dpopJkt,
            binding,
            policy.prefixBitsFor(address),
            claimed)
        .stampInto(saved);
  }

  private String userAgent() {
    String header = session.getContext().getRequestHeaders().getHeaderString("User-Agent");
    if (header == null) {
      return null;
    }
    String printable = CONTROL_CHARACTERS.matcher(header).replaceAll("");
    return printable.length() > MAX_USER_AGENT_LENGTH
        ? printable.substring(0, MAX_USER_AGENT_LENGTH)
        : printable;
  }
}
