package dev.leash.keycloak.policies.malformed;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import org.keycloak.OAuthErrorException;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.util.JWKSUtils;

/**
 * Answers malformed posts to the device grant's endpoints with an OAuth error before Keycloak sees
 * them, because Keycloak 26.7.3 answers them with HTTP 500 (each found by {@code HostileInputIT}):
 *
 * <ul>
 *   <li>a device authorization request that is not a form post ({@code text/plain}, JSON, …): the
 *       415 Keycloak means to send fails while being written;
 *   <li>a form post to the device, token or device-page endpoints whose {@code charset} the JVM
 *       does not know: form decoding throws {@code UnsupportedCharsetException};
 *   <li>a DPoP proof whose {@code jwk} Keycloak cannot turn into a key (an EC key without {@code
 *       crv}): its DPoP validator throws {@code NullPointerException}. Checked with the call the
 *       validator makes ({@code JWKSUtils.getKeyWrapper}).
 * </ul>
 */
@Provider
@PreMatching
public class MalformedDeviceGrantRequests implements ContainerRequestFilter {

  private static final String DPOP_HEADER = "DPoP";

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!HttpMethod.POST.equals(request.getMethod()) || !DeviceGrantPaths.isAny(path)) {
      return;
    }
    MediaType type = request.getMediaType();
    boolean form = type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    if (!form && DeviceGrantPaths.isDeviceAuthorization(path)) {
      refuse(
          request,
          OAuthErrorException.INVALID_REQUEST,
          "A device authorization request must be a form post");
    } else if (type != null
        && !knownCharset(type.getParameters().get(MediaType.CHARSET_PARAMETER))) {
      refuse(
          request, OAuthErrorException.INVALID_REQUEST, "The request's charset is not supported");
    } else if (!usableProofKey(request.getHeaderString(DPOP_HEADER))) {
      refuse(request, OAuthErrorException.INVALID_DPOP_PROOF, "DPoP proof: malformed key");
    }
  }

  private static boolean knownCharset(String charset) {
    try {
      return charset == null || Charset.isSupported(charset);
    } catch (IllegalCharsetNameException notAName) {
      return false;
    }
  }

  /** Whether Keycloak can make a key of the proof's {@code jwk}; other proof faults pass on. */
  private static boolean usableProofKey(String proof) {
    if (proof == null) {
      return true;
    }
    try {
      JWK key = new JWSInput(proof).getHeader().getKey();
      return key == null || JWKSUtils.getKeyWrapper(key) != null;
    } catch (JWSInputException unparsable) {
      return true; // Keycloak's validator refuses it with invalid_dpop_proof itself.
    } catch (RuntimeException malformedKey) {
      return false;
    }
  }

  private static void refuse(ContainerRequestContext request, String error, String description) {
    request.abortWith(
        Response.status(Response.Status.BAD_REQUEST)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}")
            .build());
  }
}
