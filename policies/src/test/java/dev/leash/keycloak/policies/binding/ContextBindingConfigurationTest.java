package dev.leash.keycloak.policies.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.keycloak.core.BindingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextBindingConfigurationTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void defaultsBindToTheDpopKeyElseTheExactAddress() throws Exception {
    BindingPolicy policy = json.readValue("{}", ContextBindingConfiguration.class).toPolicy();
    assertEquals(BindingMode.DPOP, policy.mode());
    assertEquals(BindingMode.DPOP, policy.bindingFor("jkt"));
    assertEquals(BindingMode.IP, policy.bindingFor(null));
    assertEquals(32, policy.prefixBitsFor("192.0.2.1"));
    assertEquals(128, policy.prefixBitsFor("2001:db8::1"));
    assertEquals(BindingPolicy.DEFAULT_DECLARED_FIELDS, policy.declaredFields());
  }

  @Test
  void readsTheConsoleForm() throws Exception {
    BindingPolicy policy =
        json.readValue(
                """
                {"binding-mode": "dpop", "ip-fallback": "false", "ipv4-prefix": "24",
                 "declared-fields": ["agent_name", "ticket"], "max-field-length": "80"}
                """,
                ContextBindingConfiguration.class)
            .toPolicy();
    assertEquals(BindingMode.NONE, policy.bindingFor(null));
    assertEquals(24, policy.ipv4PrefixBits());
    assertEquals(List.of("agent_name", "ticket"), policy.declaredFields());
    assertEquals(80, policy.maxFieldLength());
  }

  @Test
  void refusesUnusableSettings() throws Exception {
    assertInvalid("{\"binding-mode\": \"cookie\"}");
    assertInvalid("{\"ipv4-prefix\": 33}");
    assertInvalid("{\"declared-fields\": [\"leash_ip\"]}");
    assertInvalid("{\"declared-fields\": [\"Bad Name\"]}");
    assertInvalid("{\"declared-fields\": [\"\"]}");
    assertInvalid("{\"declared-fields\": [\"_ticket\"]}");
    assertInvalid("{\"declared-fields\": [\"9lives\"]}");
    assertInvalid("{\"declared-fields\": [\"t" + "x".repeat(40) + "\"]}");
    assertInvalid("{\"max-field-length\": 0}");
  }

  private void assertInvalid(String configuration) throws Exception {
    assertFalse(json.readValue(configuration, ContextBindingConfiguration.class).validateConfig());
  }
}
