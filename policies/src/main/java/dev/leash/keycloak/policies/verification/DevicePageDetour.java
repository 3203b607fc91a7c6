package dev.leash.keycloak.policies.verification;

import dev.leash.keycloak.policies.malformed.DeviceGrantPaths;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Sends a person who opens the device authorization endpoint in a browser to the realm's device
 * page. Keycloak 26.7.3 serves its device page there too (the authorization endpoint creates a
 * plain {@code DeviceEndpoint}, whose {@code GET} takes a {@code user_code}), out of reach of
 * {@link LeashDeviceEndpoint}: user codes could be guessed there without Leash's limits, and
 * entered past Leash's deadline. The redirect is relative, so it holds behind a proxy that rewrites
 * the path.
 */
@Provider
@PreMatching
public class DevicePageDetour implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    String method = request.getMethod();
    if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
      return;
    }
    String path = request.getUriInfo().getPath();
    if (!DeviceGrantPaths.isDeviceAuthorization(path)) {
      return;
    }
    String query = request.getUriInfo().getRequestUri().getRawQuery();
    request.abortWith(
        Response.status(Response.Status.FOUND)
            .header(HttpHeaders.LOCATION, devicePageFrom(path) + (query == null ? "" : "?" + query))
            .build());
  }

  /**
   * The realm's device page relative to {@code path}, {@code realms/<name>/protocol/openid-connect/
   * auth/device} with or without a trailing slash: up to {@code realms/<name>/}, then {@code
   * device}.
   */
  static String devicePageFrom(String path) {
    return (path.endsWith("/") ? "../../../../" : "../../../") + "device";
  }
}
