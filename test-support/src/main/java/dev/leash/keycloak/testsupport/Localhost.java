package dev.leash.keycloak.testsupport;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * URLs of the test server as a real browser should open them: with the host name {@code localhost}
 * instead of the address {@code 127.0.0.1}. WebAuthn accepts only a domain as relying party id,
 * never an IP address; Chromium resolves {@code localhost} to loopback and treats it as a secure
 * context.
 */
public final class Localhost {

  private Localhost() {}

  /** {@code url} with its host replaced by {@code localhost} (port, path and query kept). */
  public static String of(String url) {
    return of(URI.create(url));
  }

  /** {@code uri} with its host replaced by {@code localhost} (port, path and query kept). */
  public static String of(URI uri) {
    try {
      return new URI(
              uri.getScheme(),
              uri.getUserInfo(),
              "localhost",
              uri.getPort(),
              uri.getPath(),
              uri.getQuery(),
              uri.getFragment())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(uri.toString(), e);
    }
  }
}
