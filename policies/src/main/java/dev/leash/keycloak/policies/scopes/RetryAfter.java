package dev.leash.keycloak.policies.scopes;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Turns a device request Leash refused for being over an agent's limit into {@code 429 Too Many
 * Requests} with {@code Retry-After}. Keycloak answers every client-policy refusal at the device
 * endpoint with 400 and cannot be told otherwise, so the executor leaves the wait in the session
 * and this filter rewrites the response on its way out.
 */
@Provider
public class RetryAfter implements ContainerResponseFilter {

  private static final String ATTRIBUTE = "leash.retry_after";
  private static final String DEVICE_AUTHORIZATION_PATH = "/protocol/openid-connect/auth/device";

  /** Asks for the current device response to be a 429 with this Retry-After. */
  static void request(KeycloakSession session, long seconds) {
    session.setAttribute(ATTRIBUTE, seconds);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() != 400
        || !HttpMethod.POST.equals(request.getMethod())
        || !request.getUriInfo().getPath().endsWith(DEVICE_AUTHORIZATION_PATH)) {
      return;
    }
    KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
    Object seconds = session == null ? null : session.getAttribute(ATTRIBUTE);
    if (seconds instanceof Long wait) {
      response.setStatus(429);
      response.getHeaders().putSingle("Retry-After", Long.toString(wait));
    }
  }
}
