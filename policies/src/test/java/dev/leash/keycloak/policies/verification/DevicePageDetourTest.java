package dev.leash.keycloak.policies.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DevicePageDetourTest {

  @Test
  void theRedirectLeadsToTheRealmsDevicePageWithOrWithoutATrailingSlash() {
    URI endpoint =
        URI.create("https://sso.example/auth/realms/demo/protocol/openid-connect/auth/device");
    URI withSlash = URI.create(endpoint + "/");

    assertEquals(
        URI.create("https://sso.example/auth/realms/demo/device"),
        endpoint.resolve(DevicePageDetour.devicePageFrom(endpoint.getPath())));
    assertEquals(
        URI.create("https://sso.example/auth/realms/demo/device"),
        withSlash.resolve(DevicePageDetour.devicePageFrom(withSlash.getPath())));
  }
}
