package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StampMarkTest {

  @Test
  void aCodeNoLeashPolicySawHoldsWithoutAMark() {
    assertTrue(StampMark.holds(Map.of("acr_values", "1")));
    assertTrue(StampMark.holds(Map.of()));
  }

  @Test
  void leashParametersWithoutTheMarkDoNotHold() {
    assertFalse(StampMark.holds(Map.of(DeviceCodeParams.BINDING, "none")));
  }

  @Test
  void markedParametersHold() {
    Map<String, String> saved = new HashMap<>(Map.of(DeviceCodeParams.BINDING, "dpop"));
    StampMark.mark(saved);
    assertTrue(StampMark.holds(saved));
  }

  @Test
  void theMarksValueIsOneAKeycloakParserStripsFromClientValues() {
    // What Keycloak 26.7.3's removeControlCharacters leaves of the mark's value.
    String asSentByAClient = StampMark.VALUE.replaceAll("[\\u0000-\\u001f\\u007f]+", "");
    assertFalse(
        StampMark.holds(Map.of(DeviceCodeParams.BINDING, "none", StampMark.MARK, asSentByAClient)));
  }
}
