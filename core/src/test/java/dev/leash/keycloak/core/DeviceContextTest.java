package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceContextTest {

  @Test
  void survivesTheTripThroughDeviceCodeParameters() {
    Map<String, String> claimed = new LinkedHashMap<>();
    claimed.put("agent_name", "<b>bot</b>");
    claimed.put("purpose", "deploy");
    DeviceContext context =
        new DeviceContext(
            "id-1", "2001:db8::7", "curl/8", 1_800_000_000L, "jkt", BindingMode.DPOP, 64, claimed);
    Map<String, String> params = new HashMap<>();
    params.put("unrelated", "kept");

    context.stampInto(params);

    assertEquals(context, DeviceContext.from(params).orElseThrow());
    assertTrue(
        params.keySet().stream()
            .filter(k -> !k.equals("unrelated"))
            .allMatch(k -> k.startsWith("leash_")));
  }

  @Test
  void absentWhenNothingWasCaptured() {
    assertTrue(DeviceContext.from(Map.of("agent_name", "x")).isEmpty());
    assertTrue(DeviceContext.from(null).isEmpty());
  }
}
