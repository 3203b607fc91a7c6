package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceCodeParamsTest {

  @Test
  void scopesSplitOnAnyWhiteSpace() {
    assertEquals(
        List.of("openid", "agent:read", "x"), DeviceCodeParams.scopes(" openid\tagent:read  x "));
    assertEquals(List.of(), DeviceCodeParams.scopes(null));
    assertEquals(List.of(), DeviceCodeParams.scopes("  "));
  }

  @Test
  void aListAddedToKeepsWhatItHeldOnceEach() {
    Map<String, String> params = new HashMap<>();
    DeviceCodeParams.addToList(params, "l", List.of());
    assertEquals(Map.of(), params, "an empty list writes nothing");
    DeviceCodeParams.addToList(params, "l", List.of("agent:read"));
    DeviceCodeParams.addToList(params, "l", List.of("agent:write", "agent:read"));
    assertEquals(List.of("agent:read", "agent:write"), DeviceCodeParams.list(params, "l"));
  }
}
