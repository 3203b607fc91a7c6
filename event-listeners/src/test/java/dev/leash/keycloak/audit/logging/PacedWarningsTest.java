package dev.leash.keycloak.audit.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacedWarningsTest {

  @Test
  void theSameWarningIsDueAgainOnlyAfterTheInterval() {
    PacedWarnings warnings = new PacedWarnings(3600);
    assertTrue(warnings.due("realm-a", "no trusted key", 1_000));
    assertFalse(warnings.due("realm-a", "no trusted key", 4_599));
    assertTrue(warnings.due("realm-b", "no trusted key", 4_599), "another realm");
    assertTrue(warnings.due("realm-a", "no trusted key", 4_600));
  }

  @Test
  void anotherReasonIsDueAtOnce() {
    PacedWarnings warnings = new PacedWarnings(3600);
    assertTrue(warnings.due("realm-a", "no trusted key", 1_000));
    assertTrue(warnings.due("realm-a", "the file cannot be read", 1_001));
    assertTrue(warnings.due("realm-a", null, 1_002));
    assertFalse(warnings.due("realm-a", null, 1_003));
  }
}
