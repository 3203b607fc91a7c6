package dev.leash.keycloak.policies.malformed;

import java.util.regex.Pattern;

/** The request paths of the device grant: device authorization, token and the device page. */
final class DeviceGrantPaths {

  private static final Pattern DEVICE_AUTHORIZATION =
      Pattern.compile("(.*/)?realms/[^/]+/protocol/openid-connect/auth/device/?");
  private static final Pattern ALL =
      Pattern.compile("(.*/)?realms/[^/]+/(protocol/openid-connect/(auth/device|token)|device)/?");

  private DeviceGrantPaths() {}

  static boolean isDeviceAuthorization(String path) {
    return DEVICE_AUTHORIZATION.matcher(path).matches();
  }

  static boolean isAny(String path) {
    return ALL.matcher(path).matches();
  }
}
