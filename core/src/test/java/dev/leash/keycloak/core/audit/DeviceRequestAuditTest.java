package dev.leash.keycloak.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.leash.keycloak.core.BindingMode;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.DeviceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceRequestAuditTest {

  @Test
  void theFactCarriesWhatTheExecutorsStamped() {
    Map<String, String> stamped = new HashMap<>();
    DeviceContext context =
        new DeviceContext(
            "a-1",
            "192.0.2.7",
            "cli/1",
            1_000,
            "jkt",
            BindingMode.DPOP,
            32,
            Map.of("purpose", "x"));
    context.stampInto(stamped);
    stamped.put(DeviceCodeParams.DEADLINE, "1300");

    AuditFact.DeviceRequestAccepted fact =
        DeviceRequestAudit.accepted("a-1", "agent", " openid  profile ", stamped, 1_000, 1_600);

    assertEquals(List.of("openid", "profile"), fact.scopes());
    assertEquals(context, fact.context());
    assertEquals(1_300, fact.expiresAt());
  }

  @Test
  void withoutLeashsDeadlineKeycloaksExpiryCounts() {
    AuditFact.DeviceRequestAccepted fact =
        DeviceRequestAudit.accepted("a-2", "agent", null, Map.of(), 1_000, 1_600);

    assertEquals(1_600, fact.expiresAt());
    assertEquals(List.of(), fact.scopes());
    assertNull(fact.context());
  }
}
