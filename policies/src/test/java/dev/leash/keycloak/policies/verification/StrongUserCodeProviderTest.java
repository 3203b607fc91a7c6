package dev.leash.keycloak.policies.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StrongUserCodeProviderTest {

  private final StrongUserCodeProvider provider = new StrongUserCodeProvider(10);

  @Test
  void codesAreTenConsonantsShownInGroupsOfFive() {
    for (int i = 0; i < 200; i++) {
      String code = provider.generate();
      assertTrue(code.matches("[BCDFGHJKLMNPQRSTVWXZ]{10}"), code);
      assertTrue(provider.display(code).matches("[A-Z]{5}-[A-Z]{5}"), provider.display(code));
    }
    assertEquals("BCDFG-HJKLM-NP", new StrongUserCodeProvider(12).display("BCDFGHJKLMNP"));
  }

  @Test
  void entryForgivesCaseDashesAndSpaces() {
    assertEquals("BCDFGHJKLM", provider.format("bcdfg-hjklm"));
    assertEquals("BCDFGHJKLM", provider.format(" BCDFG HJKLM\t"));
    assertEquals("BCDFGHJKLM", provider.format(provider.display("BCDFGHJKLM")));
  }

  @Test
  void absurdlyLongEntriesMatchNothing() {
    assertEquals("", provider.format("B".repeat(81)));
    assertEquals("", provider.format(null));
  }

  @Test
  void lengthsOutsideEightToTwentyAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new StrongUserCodeProvider(7));
    assertThrows(IllegalArgumentException.class, () -> new StrongUserCodeProvider(21));
  }
}
