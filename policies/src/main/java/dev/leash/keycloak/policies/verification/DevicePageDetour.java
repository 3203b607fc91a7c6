package dev.leash.keycloak.policies.verification;

import dev.leash.keycloak.policies.malformed.DeviceGrantPaths;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Closes Keycloak's second device page. Keycloak 26.7.3 serves its device page under the device
 * authorization endpoint too (the authorization endpoint creates a plain {@code DeviceEndpoint}),
 * out of reach of {@link LeashDeviceEndpoint}: user codes could be guessed there without Leash's
 * limits, and entered past Leash's deadline.
 *
 * <ul>
 *   <li>A {@code GET} (the page, with or without a {@code user_code}) is sent to the realm's device
 *       page. The redirect is relative, so it holds behind a proxy that rewrites the path.
 *   <li>A {@code POST} is a device authorization request. Keycloak would take one that accepts HTML
 *       but not JSON as a code entered on the page, so such a request is made to accept JSON.
 * </ul>
 */
@Provider
@PreMatching
public class DevicePageDetour implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    String method = request.getMethod();
    boolean post = HttpMethod.POST.equals(method);
    if (!post && !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
      return;
    }
    String path = request.getUriInfo().getPath();
    if (!DeviceGrantPaths.isDeviceAuthorization(path)) {
      return;
    }
    if (post) {
      if (request.getAcceptableMediaTypes().stream()
          .noneMatch(type -> type.isCompatible(MediaType.APPLICATION_JSON_TYPE))) {
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
      }
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
