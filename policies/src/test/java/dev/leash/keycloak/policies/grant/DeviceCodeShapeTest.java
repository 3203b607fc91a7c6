package dev.leash.keycloak.policies.grant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceCodeShapeTest {

  @Test
  void acceptsBase64UrlUpTo128Characters() {
    assertTrue(DeviceCodeShape.matches("f2Jq-9_Zx0"));
    assertTrue(DeviceCodeShape.matches("a".repeat(128)));
  }

  @Test
  void refusesEverythingElse() {
    assertFalse(DeviceCodeShape.matches(""));
    assertFalse(DeviceCodeShape.matches("a".repeat(129)));
    for (String code :
        new String[] {"a+b", "a/b", "a=", "a b", "a\u0000", "a\n", "é", "ａ", "a.b"}) {
      assertFalse(DeviceCodeShape.matches(code), code);
    }
  }
}
