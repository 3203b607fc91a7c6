package dev.leash.keycloak.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EpochSecondsTest {

  @Test
  void aTimeIsIsoText() {
    assertEquals("2026-12-07T21:00:00Z", EpochSeconds.text(1_796_677_200L));
  }

  @Test
  void aNumberNoInstantHoldsIsShownAsItIs() {
    assertEquals("9000000000000000000", EpochSeconds.text(9_000_000_000_000_000_000L));
    assertEquals(Long.toString(Long.MIN_VALUE), EpochSeconds.text(Long.MIN_VALUE));
  }
}
