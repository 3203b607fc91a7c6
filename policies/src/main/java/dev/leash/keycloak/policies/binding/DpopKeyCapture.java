package dev.leash.keycloak.policies.binding;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.regex.Pattern;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.VerificationException;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.util.DPoPUtil;

/**
 * The DPoP key a device request presents (RFC 9449): a {@code DPoP} proof header, verified with
 * Keycloak's own DPoP validator (signature, {@code htm}/{@code htu}, freshness, single-use {@code
 * jti}), or a {@code dpop_jkt} parameter naming the key's thumbprint (section 10).
 */
final class DpopKeyCapture {

  static final String DPOP_HEADER = "DPoP";
  static final String DPOP_JKT_PARAM = "dpop_jkt";

  /** An RFC 7638 SHA-256 thumbprint, base64url without padding. */
  private static final Pattern THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");

  /**
   * Set on the request's session to the thumbprint its proof proved: a proof's {@code jti} is
   * single-use, so when several binding profiles cover the request only the first validates it.
   */
  private static final String PROVEN_THUMBPRINT = "leash.dpop-proven-thumbprint";

  private DpopKeyCapture() {}

  /** The presented key's thumbprint, or {@code null} when the request presents none. */
  static String thumbprint(KeycloakSession session, MultivaluedMap<String, String> form)
      throws ClientPolicyException {
    String proven = null;
    if (session.getContext().getRequestHeaders().getHeaderString(DPOP_HEADER) != null) {
      proven = session.getAttribute(PROVEN_THUMBPRINT, String.class);
      if (proven == null) {
        proven = validatedProof(session);
        session.setAttribute(PROVEN_THUMBPRINT, proven);
      }
    }
    String named = form == null ? null : form.getFirst(DPOP_JKT_PARAM);
    if (named == null) {
      return proven;
    }
    if (!THUMBPRINT.matcher(named).matches()) {
      throw new ClientPolicyException(
          OAuthErrorException.INVALID_REQUEST,
          "Parameter dpop_jkt is not a JWK SHA-256 thumbprint");
    }
    if (proven != null && !proven.equals(named)) {
      throw new ClientPolicyException(
          OAuthErrorException.INVALID_REQUEST, "Parameter dpop_jkt does not match the DPoP proof");
    }
    return named;
  }

  private static String validatedProof(KeycloakSession session) throws ClientPolicyException {
    KeycloakContext context = session.getContext();
    try {
      return new DPoPUtil.Validator(session)
          .request(context.getHttpRequest())
          .uriInfo(context.getUri())
          .validate()
          .getThumbprint();
    } catch (VerificationException e) {
      throw new ClientPolicyException("invalid_dpop_proof", "DPoP proof: " + e.getMessage());
    } catch (RuntimeException malformedProof) {
      // Keycloak's validator (26.7.3) can throw instead of refusing (e.g. NullPointerException
      // for a jwk without members, which MalformedDeviceGrantRequests also catches earlier):
      // a broken proof, not a server error.
      throw new ClientPolicyException("invalid_dpop_proof", "DPoP proof: malformed");
    }
  }
}
