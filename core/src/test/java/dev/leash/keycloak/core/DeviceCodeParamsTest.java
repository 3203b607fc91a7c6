package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceCodeParamsTest {

  @Test
  void scopesSplitOnAnyWhiteSpace() {
    assertEquals(
        List.of("openid", "agent:read", "x"), DeviceCodeParams.scopes(" openid\tagent:read  x "));
    assertEquals(List.of(), DeviceCodeParams.scopes(null));
    assertEquals(List.of(), DeviceCodeParams.scopes("  "));
  }
}
