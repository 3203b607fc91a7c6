package dev.leash.keycloak.policies.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PollPacingTest {

  @Test
  void eachSlowDownAddsFiveSeconds() {
    assertEquals(5, PollPacing.requiredInterval(5, 0));
    assertEquals(10, PollPacing.requiredInterval(5, 1));
    assertEquals(16, PollPacing.requiredInterval(1, 3));
  }

  @Test
  void aZeroIntervalStillMeansOneSecond() {
    assertEquals(1, PollPacing.requiredInterval(0, 0));
    assertEquals(6, PollPacing.requiredInterval(0, 1));
  }

  @Test
  void revocationComesOnlyPastTheLimit() {
    assertFalse(PollPacing.revokes(3, 3, true));
    assertTrue(PollPacing.revokes(4, 3, true));
  }

  @Test
  void aCodeMissingFromTheStoreIsNeverRevoked() {
    // It may be the code whose winning poll is making the tokens right now: found in ClusterIT,
    // where a burst of polls revoked such a code and the agent got no token at all.
    assertFalse(PollPacing.revokes(4, 3, false));
    assertFalse(PollPacing.revokes(1000, 3, false));
  }
}
