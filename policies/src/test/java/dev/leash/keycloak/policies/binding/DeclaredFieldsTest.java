package dev.leash.keycloak.policies.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclaredFieldsTest {

  private final DeclaredFields fields = new DeclaredFields(List.of("agent_name", "purpose"), 10);

  @Test
  void keepsValuesVerbatimInConfiguredOrder() throws Exception {
    Map<String, String> read =
        fields.read(
            Map.of(
                "purpose", List.of("<i>x</i>"),
                "agent_name", List.of("bot \uD83E\uDD16"),
                "other", List.of("ignored")));
    assertEquals(List.of("agent_name", "purpose"), List.copyOf(read.keySet()));
    assertEquals("<i>x</i>", read.get("purpose"));
  }

  @Test
  void refusesWhatCannotBeShownSafely() {
    assertRejected("agent_name", "contains control characters", "bot\u0000");
    assertRejected("agent_name", "contains control characters", "line\nbreak");
    assertRejected("purpose", "longer than 10", "12345678901");
    assertRejected("purpose", "not valid UTF-8", "bad\uFFFD");
    assertRejected("purpose", "not valid UTF-8", "lone\uD800");
  }

  @Test
  void refusesAFieldSentTwice() {
    DeclaredFields.Rejected rejected =
        assertThrows(
            DeclaredFields.Rejected.class,
            () -> fields.read(Map.of("agent_name", List.of("a", "b"))));
    assertTrue(rejected.getMessage().contains("agent_name"));
  }

  @Test
  void countsCharactersNotUtf16Units() throws Exception {
    String tenEmoji = "\uD83E\uDD16".repeat(10);
    assertEquals(tenEmoji, fields.read(Map.of("purpose", List.of(tenEmoji))).get("purpose"));
  }

  private void assertRejected(String field, String reason, String value) {
    DeclaredFields.Rejected rejected =
        assertThrows(
            DeclaredFields.Rejected.class, () -> fields.read(Map.of(field, List.of(value))));
    assertTrue(rejected.getMessage().contains(field), rejected.getMessage());
    assertTrue(rejected.getMessage().contains(reason), rejected.getMessage());
  }
}
