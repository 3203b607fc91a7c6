package dev.leash.keycloak.policies;

import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.StampMark;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceAuthorizationRequestContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * Refuses device requests that send parameters in Leash's reserved namespace themselves, and marks
 * the namespace as Leash's ({@link StampMark}).
 */
public final class ReservedParameters {

  /** Names safe to repeat back in an error description; anything else is not echoed. */
  private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** Set on the request's session once its saved parameters were checked, before any stamp. */
  private static final String SAVED_PARAMETERS_CHECKED = "leash.reserved-parameters-checked";

  private ReservedParameters() {}

  /**
   * Refuses the request if the client sent a {@code leash_*} parameter, in the form or in a request
   * object: Keycloak 26.7.3 also parses a {@code request} JWT on the device endpoint (unsigned ones
   * too, unless the client requires a signature algorithm) and copies its claims into the
   * parameters saved with the code, where Leash's stamps live. The saved parameters are checked by
   * the first Leash executor of the request, before any of them stamps there, and then marked.
   */
  public static void refuseClientSentAndMark(
      KeycloakSession session, DeviceAuthorizationRequestContext context)
      throws ClientPolicyException {
    if (context.getRequestParameters() != null) {
      refuseReserved(context.getRequestParameters().keySet());
    }
    if (session.getAttribute(SAVED_PARAMETERS_CHECKED) == null) {
      session.setAttribute(SAVED_PARAMETERS_CHECKED, Boolean.TRUE);
      Map<String, String> saved = context.getRequest().getAdditionalReqParams();
      refuseReserved(saved.keySet());
      StampMark.mark(saved);
    }
  }

  private static void refuseReserved(Collection<String> names) throws ClientPolicyException {
    for (String name : names) {
      if (name != null && name.startsWith(DeviceCodeParams.PREFIX)) {
        String shown =
            PRINTABLE_NAME.matcher(name).matches() ? name : DeviceCodeParams.PREFIX + "*";
        throw new ClientPolicyException(
            OAuthErrorException.INVALID_REQUEST,
            "Parameter " + shown + " is reserved and must not be sent by the client");
      }
    }
  }
}
