package dev.leash.keycloak.policies.verification;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.UriBuilder;
import java.util.regex.Pattern;
import org.keycloak.common.util.Base64Url;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;

/**
 * A random id for the browser using the device page, kept in a cookie of Leash's own, so wrong user
 * codes can be counted per browser as well as per address (RFC 8628 section 5.1). The code-entry
 * page has no Keycloak session to count in. A guesser can drop or forge the cookie; that only gets
 * it a fresh browser count, and the address count still holds.
 */
final class BrowserId {

  static final String COOKIE = "LEASH_DEVICE_BROWSER";

  /** 16 random bytes, base64url without padding: anything else is ignored, never stored. */
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{22}");

  private BrowserId() {}

  /** The browser's id from its cookie, or a new one, sent to the browser with this response. */
  static String of(KeycloakSession session) {
    Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(COOKIE);
    if (cookie != null && WELL_FORMED.matcher(cookie.getValue()).matches()) {
      return cookie.getValue();
    }
    String id = Base64Url.encode(SecretGenerator.getInstance().randomBytes(16));
    boolean secure = "https".equals(session.getContext().getUri().getRequestUri().getScheme());
    session
        .getContext()
        .getHttpResponse()
        .setCookieIfAbsent(
            new NewCookie.Builder(COOKIE)
                .value(id)
                .path(devicePagePath(session))
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.LAX)
                .build());
    return id;
  }

  /** The device page's path, with or without a trailing slash or a sub-path like {@code status}. */
  private static String devicePagePath(KeycloakSession session) {
    return UriBuilder.fromUri(session.getContext().getUri().getBaseUri())
        .path("realms")
        .path(session.getContext().getRealm().getName())
        .path("device")
        .build()
        .getRawPath();
  }
}
