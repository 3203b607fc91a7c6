package dev.leash.keycloak.audit.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which URLs a realm's webhook may have: absolute {@code https://} URLs without credentials or
 * fragment; {@code http://} only to a loopback address (a receiver on the same machine), or to any
 * host when the server option allows it. Checked when an admin sets the URL and again before each
 * delivery, since the server option may change.
 *
 * @param allowHttp whether plain {@code http://} is allowed to any host
 */
public record WebhookUrlPolicy(boolean allowHttp) {

  static final int MAX_LENGTH = 2000;

  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Why {@code url} may not be used, or empty when it may. */
  public Optional<String> problem(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of("The webhook URL is missing");
    }
    if (url.length() > MAX_LENGTH) {
      return Optional.of("The webhook URL is longer than " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("The webhook URL is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return Optional.of("The webhook URL must start with https://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("The webhook URL has no host");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("The webhook URL must not hold credentials: the signature authenticates");
    }
    if (uri.getRawFragment() != null) {
      return Optional.of("The webhook URL must not have a fragment");
    }
    if (scheme.equals("http") && !allowHttp && !isLoopback(uri.getHost())) {
      return Optional.of(
          "The webhook URL must use https:// (http:// only to a loopback address, unless the"
              + " server option webhook-allow-http is set)");
    }
    return Optional.empty();
  }

  /** Only literal loopback addresses and {@code localhost}: no name is resolved to decide. */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean ipv6 = host.startsWith("[") && host.endsWith("]");
    if (!ipv6 && !IPV4_LITERAL.matcher(host).matches()) {
      return false;
    }
    try {
      return InetAddress.getByName(ipv6 ? host.substring(1, host.length() - 1) : host)
          .isLoopbackAddress();
    } catch (UnknownHostException notALiteral) {
      return false;
    }
  }
}
