package dev.leash.keycloak.policies.malformed;

import java.util.List;

/**
 * The request paths of the device grant: device authorization, token and the device page, under
 * {@code realms/{realm}/} anywhere in the path, with at most one trailing slash. Plain string
 * checks rather than a regular expression: Leash's request filters ask this of every POST and GET
 * the server answers.
 */
public final class DeviceGrantPaths {

  private static final String DEVICE_AUTHORIZATION = "/protocol/openid-connect/auth/device";
  private static final List<String> ALL =
      List.of(DEVICE_AUTHORIZATION, "/protocol/openid-connect/token", "/device");

  private DeviceGrantPaths() {}

  public static boolean isDeviceAuthorization(String path) {
    return isRealmPath(path, DEVICE_AUTHORIZATION);
  }

  public static boolean isAny(String path) {
    for (String tail : ALL) {
      if (isRealmPath(path, tail)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code path} is {@code [.../]realms/<name><tail>[/]}. */
  private static boolean isRealmPath(String path, String tail) {
    int end = path.endsWith("/") ? path.length() - 1 : path.length();
    int nameEnd = end - tail.length();
    if (nameEnd < 0 || !path.startsWith(tail, nameEnd)) {
      return false;
    }
    int nameStart = path.lastIndexOf('/', nameEnd - 1) + 1;
    if (nameStart == 0 || nameStart == nameEnd) {
      return false; // no "realms/" before the name, or an empty name
    }
    int realmsStart = nameStart - "realms/".length();
    return realmsStart >= 0
        && path.startsWith("realms/", realmsStart)
        && (realmsStart == 0 || path.charAt(realmsStart - 1) == '/');
  }
}
