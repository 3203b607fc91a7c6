package dev.leash.keycloak.policies;

import dev.leash.keycloak.core.DeviceCodeParams;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.regex.Pattern;
import org.keycloak.OAuthErrorException;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/** Refuses device requests that send parameters in Leash's reserved namespace themselves. */
public final class ReservedParameters {

  /** Names safe to repeat back in an error description; anything else is not echoed. */
  private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private ReservedParameters() {}

  public static void refuseClientSent(MultivaluedMap<String, String> requestParameters)
      throws ClientPolicyException {
    if (requestParameters == null) {
      return;
    }
    for (String name : requestParameters.keySet()) {
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
