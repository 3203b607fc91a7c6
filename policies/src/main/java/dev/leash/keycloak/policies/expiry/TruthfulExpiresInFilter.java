package dev.leash.keycloak.policies.expiry;

import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.LeashClock;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.representations.OAuth2DeviceAuthorizationResponse;
import org.keycloak.util.JsonSerialization;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Makes {@code expires_in} of a device authorization response tell the truth when {@code
 * leash-hard-expiry} capped the code's lifetime. Keycloak computes {@code expires_in} from the
 * realm or client setting after the client policies ran, and the endpoint cannot be replaced, so
 * the response is corrected on its way out. It runs before Keycloak closes the request's session,
 * so the code just stored (not yet committed) is readable through the session.
 */
@Provider
public class TruthfulExpiresInFilter implements ContainerResponseFilter {

  private static final String DEVICE_AUTHORIZATION_PATH = "/protocol/openid-connect/auth/device";

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response)
      throws IOException {
    if (response.getStatus() != 200
        || !HttpMethod.POST.equals(request.getMethod())
        || !request.getUriInfo().getPath().endsWith(DEVICE_AUTHORIZATION_PATH)
        || !(response.getEntity() instanceof byte[] body)) {
      return;
    }
    KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
    if (session == null) {
      return;
    }
    OAuth2DeviceAuthorizationResponse authorization =
        JsonSerialization.readValue(body, OAuth2DeviceAuthorizationResponse.class);
    Map<String, String> stored =
        session
            .singleUseObjects()
            .get(OAuth2DeviceCodeModel.createKey(authorization.getDeviceCode()));
    long deadline =
        stored == null
            ? 0
            : DeviceCodeParams.positiveLong(
                OAuth2DeviceCodeModel.fromCache(
                        session.getContext().getRealm(), authorization.getDeviceCode(), stored)
                    .getAdditionalParams(),
                DeviceCodeParams.DEADLINE,
                0);
    if (deadline == 0) {
      return;
    }
    long secondsLeft = Math.max(0, deadline - LeashClock.KEYCLOAK.nowSeconds());
    if (secondsLeft < authorization.getExpiresIn()) {
      authorization.setExpiresIn(secondsLeft);
      response.setEntity(JsonSerialization.writeValueAsBytes(authorization));
    }
  }
}
