package dev.leash.keycloak.policies.malformed;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.error.KeycloakErrorHandler;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Answers a form to the device grant's endpoints whose percent-encoding is broken (a raw {@code
 * %zz}) with {@code 400 invalid_request}: Keycloak 26.7.3 decodes forms lazily and lets the
 * decoder's {@code IllegalArgumentException} become HTTP 500 (found by {@code HostileInputIT}).
 * Every other {@code IllegalArgumentException}, and every one elsewhere, is answered exactly as
 * Keycloak's own error handler answers it.
 */
@Provider
public class UndecodableForms implements ExceptionMapper<IllegalArgumentException> {

  /** How Keycloak's form decoder (26.7.3) says the encoding is broken. */
  private static final String DECODING_FAILURE = "Failed to decode URL";

  @Override
  public Response toResponse(IllegalArgumentException exception) {
    KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
    String message = exception.getMessage();
    if (message != null
        && message.startsWith(DECODING_FAILURE)
        && session != null
        && DeviceGrantPaths.isAny(session.getContext().getUri().getPath())) {
      // As Keycloak's handler does: nothing this request wrote commits.
      session.getTransactionManager().setRollbackOnly();
      return Response.status(Response.Status.BAD_REQUEST)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(
              "{\"error\":\"invalid_request\",\"error_description\":\"The request's form"
                  + " encoding is broken\"}")
          .build();
    }
    return KeycloakErrorHandler.getResponse(session, exception);
  }
}
