package dev.leash.keycloak.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * A cookie jar that treats loopback hosts as secure contexts, as real browsers do: Keycloak marks
 * its session cookies {@code Secure} even over plain HTTP, and browsers still send them to {@code
 * http://127.0.0.1}. {@link CookieManager} alone would drop them and every login would fail.
 */
final class LoopbackCookieManager extends CookieManager {

  LoopbackCookieManager() {
    super(null, CookiePolicy.ACCEPT_ALL);
  }

  @Override
  public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders)
      throws IOException {
    return super.get(isLoopbackHttp(uri) ? asHttps(uri) : uri, requestHeaders);
  }

  private static boolean isLoopbackHttp(URI uri) {
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      return false;
    }
    try {
      return InetAddress.getByName(uri.getHost()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static URI asHttps(URI uri) {
    try {
      return new URI(
          "https",
          uri.getUserInfo(),
          uri.getHost(),
          uri.getPort(),
          uri.getPath(),
          uri.getQuery(),
          null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
