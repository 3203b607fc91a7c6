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
 * host when the server option allows it. Unless the server allows private destinations, the host
 * must not be, nor resolve to, an address of the server's own networks ({@link PrivateAddresses}):
 * a realm admin ({@code manage-realm}) is not trusted with the server's network, e.g. its
 * management port. Checked when an admin sets the URL and again before each delivery, since the
 * option may change and a name may come to resolve elsewhere. The HTTP client resolves the name
 * again when it connects; the JVM caches answers (30 s by default), so both see the same address
 * unless the cache entry ends in between: a narrow window, for a name that changes its address on
 * purpose. A receiver inside the server's network needs {@code webhook-allow-private}.
 *
 * @param allowHttp whether plain {@code http://} is allowed to any host
 * @param allowPrivate whether the host may be in the server's own networks (loopback included)
 * @param resolver how host names are resolved (the JDK's, as the HTTP client does)
 */
public record WebhookUrlPolicy(boolean allowHttp, boolean allowPrivate, HostResolver resolver) {

  static final int MAX_LENGTH = 2000;

  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public WebhookUrlPolicy(boolean allowHttp, boolean allowPrivate) {
    this(allowHttp, allowPrivate, HostResolver.SYSTEM);
  }

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
    if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
      return Optional.of("The webhook URL's port must be 1 to 65535");
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
    if (!allowPrivate && reachesPrivateAddress(uri.getHost())) {
      // One answer whatever the address and port: nothing about the network is told back.
      return Optional.of(
          "The webhook URL's host is in the server's own network (loopback, private,"
              + " link-local, multicast or reserved); the server option webhook-allow-private"
              + " allows that");
    }
    return Optional.empty();
  }

  /**
   * Whether any address of {@code host} is private: the HTTP client may connect to any of them. A
   * name that does not resolve now passes; it is checked again before each delivery.
   */
  private boolean reachesPrivateAddress(String host) {
    String name = host.startsWith("[") && host.endsWith("]") ? unbracket(host) : host;
    try {
      for (InetAddress address : resolver.resolve(name)) {
        if (PrivateAddresses.isPrivate(address)) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException unresolved) {
      return false;
    }
  }

  private static String unbracket(String host) {
    return host.substring(1, host.length() - 1);
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
      return InetAddress.getByName(ipv6 ? unbracket(host) : host).isLoopbackAddress();
    } catch (UnknownHostException notALiteral) {
      return false;
    }
  }
}
