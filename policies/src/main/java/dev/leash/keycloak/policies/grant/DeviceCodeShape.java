package dev.leash.keycloak.policies.grant;

/**
 * Keycloak's device codes are Base64url (1 to 128 characters here); anything else is refused before
 * the store is asked. A character loop: every poll asks it.
 */
final class DeviceCodeShape {

  private static final int MAX_LENGTH = 128;

  private DeviceCodeShape() {}

  static boolean matches(String deviceCode) {
    int length = deviceCode.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (!isBase64Url(deviceCode.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
