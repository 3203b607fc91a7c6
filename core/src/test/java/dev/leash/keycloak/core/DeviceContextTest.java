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
  void claimedFieldsComeInReadingOrder() {
    Map<String, String> claimed = new HashMap<>();
    claimed.put("ticket", "T-1");
    claimed.put("command", "ls");
    claimed.put("agent_name", "bot");
    claimed.put("alpha", "a");
    DeviceContext context =
        new DeviceContext("id", "192.0.2.1", null, 0, null, BindingMode.NONE, 32, claimed);
    assertEquals(
        java.util.List.of("agent_name", "command", "alpha", "ticket"),
        java.util.List.copyOf(context.claimed().keySet()));
  }

  @Test
  void aBindingThisBuildDoesNotKnowIsTheStrictest() {
    Map<String, String> params = new HashMap<>();
    new DeviceContext("id", "192.0.2.1", null, 0, null, BindingMode.IP, 32, Map.of())
        .stampInto(params);
    params.put(DeviceCodeParams.BINDING, "attested-key");

    assertEquals(BindingMode.DPOP, DeviceContext.from(params).orElseThrow().binding());
  }

  @Test
  void absentWhenNothingWasCaptured() {
    assertTrue(DeviceContext.from(Map.of("agent_name", "x")).isEmpty());
    assertTrue(DeviceContext.from(null).isEmpty());
  }

  @Test
  void anApprovalIdAloneIsNoCapturedContext() {
    Map<String, String> params = new HashMap<>();
    String approvalId = DeviceCodeParams.ensureApprovalId(params);

    assertTrue(DeviceContext.from(params).isEmpty());
    assertEquals(approvalId, DeviceCodeParams.ensureApprovalId(params));
  }
}
