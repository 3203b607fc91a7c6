package dev.leash.keycloak.policies.expiry;

import dev.leash.keycloak.core.LeashClock;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.OAuth2DeviceAuthorizationResponse;
import org.keycloak.util.JsonSerialization;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Makes {@code expires_in} of a device authorization response tell the truth when {@code
 * leash-hard-expiry} capped the code's lifetime. Keycloak computes {@code expires_in} from the
 * realm or client setting after the client policies ran, and the endpoint cannot be replaced, so
 * the response is corrected on its way out. The executor names the deadline in a session attribute
 * only when it is earlier than Keycloak's expiry, so every other response passes untouched, without
 * being parsed.
 */
@Provider
public class TruthfulExpiresInFilter implements ContainerResponseFilter {

  private static final String DEADLINE = TruthfulExpiresInFilter.class.getName() + ".deadline";

  /**
   * Asks for the device authorization response of the session's request to say the code expires at
   * {@code deadline} (epoch second).
   */
  static void correctTo(KeycloakSession session, long deadline) {
    session.setAttribute(DEADLINE, deadline);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response)
      throws IOException {
    if (response.getStatus() != 200 || !(response.getEntity() instanceof byte[] body)) {
      return;
    }
    KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
    if (session == null || !(session.getAttribute(DEADLINE) instanceof Long deadline)) {
      return;
    }
    OAuth2DeviceAuthorizationResponse authorization =
        JsonSerialization.readValue(body, OAuth2DeviceAuthorizationResponse.class);
    long secondsLeft = Math.max(0, deadline - LeashClock.KEYCLOAK.nowSeconds());
    if (secondsLeft < authorization.getExpiresIn()) {
      authorization.setExpiresIn(secondsLeft);
      response.setEntity(JsonSerialization.writeValueAsBytes(authorization));
    }
  }
}
