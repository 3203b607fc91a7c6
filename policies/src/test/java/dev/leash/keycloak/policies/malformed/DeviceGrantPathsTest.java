package dev.leash.keycloak.policies.malformed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DeviceGrantPathsTest {

  /** The specification the string checks implement. */
  private static final Pattern DEVICE_AUTHORIZATION =
      Pattern.compile("(.*/)?realms/[^/]+/protocol/openid-connect/auth/device/?");

  private static final Pattern ALL =
      Pattern.compile("(.*/)?realms/[^/]+/(protocol/openid-connect/(auth/device|token)|device)/?");

  @Test
  void knowsTheDeviceGrantEndpoints() {
    assertTrue(
        DeviceGrantPaths.isDeviceAuthorization("/realms/demo/protocol/openid-connect/auth/device"));
    assertTrue(
        DeviceGrantPaths.isDeviceAuthorization("realms/demo/protocol/openid-connect/auth/device/"));
    assertTrue(DeviceGrantPaths.isAny("/auth/realms/demo/protocol/openid-connect/token"));
    assertTrue(DeviceGrantPaths.isAny("/realms/demo/device"));
    assertTrue(DeviceGrantPaths.isAny("/realms/realms/device/"));
    assertFalse(DeviceGrantPaths.isAny("/realms/demo/device//"));
    assertFalse(DeviceGrantPaths.isAny("/realms//device"));
    assertFalse(DeviceGrantPaths.isAny("/xrealms/demo/device"));
    assertFalse(DeviceGrantPaths.isAny("/realms/demo/login-actions/device"));
    assertFalse(
        DeviceGrantPaths.isDeviceAuthorization("/realms/demo/protocol/openid-connect/token"));
    assertFalse(DeviceGrantPaths.isAny(""));
    assertFalse(DeviceGrantPaths.isAny("/"));
  }

  /** Endpoint paths with up to two random one-character edits: matches and near misses. */
  @Test
  void agreesWithTheRegularExpressionNearTheEndpoints() {
    List<String> endpoints =
        List.of(
            "/realms/demo/protocol/openid-connect/auth/device",
            "/realms/demo/protocol/openid-connect/token/",
            "/kc/realms/r/device");
    String alphabet = "/realmsdvicetokn";
    Random random = new Random(8628);
    int matches = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder path = new StringBuilder(endpoints.get(random.nextInt(endpoints.size())));
      for (int edits = random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(path.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> path.insert(at, c);
          case 1 -> path.deleteCharAt(at);
          default -> path.setCharAt(at, c);
        }
      }
      String candidate = path.toString();
      boolean expected = ALL.matcher(candidate).matches();
      matches += expected ? 1 : 0;
      assertEquals(expected, DeviceGrantPaths.isAny(candidate), candidate);
      assertEquals(
          DEVICE_AUTHORIZATION.matcher(candidate).matches(),
          DeviceGrantPaths.isDeviceAuthorization(candidate),
          candidate);
    }
    assertTrue(matches > 10_000 && matches < 190_000, "both outcomes exercised: " + matches);
  }
}
