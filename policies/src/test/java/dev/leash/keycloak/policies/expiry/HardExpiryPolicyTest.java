package dev.leash.keycloak.policies.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.leash.keycloak.core.LeashClock;
import org.junit.jupiter.api.Test;

class HardExpiryPolicyTest {

  private static final long NOW = 1_800_000_000L;
  private static final LeashClock CLOCK = () -> NOW;

  private final HardExpiryPolicy policy = new HardExpiryPolicy(300, 900, false, false, 120, 10);

  @Test
  void deviceCodeLivesTheShorterOfTheRealmSettingAndTheCap() {
    assertEquals(300, policy.deviceCodeLifetime(600));
    assertEquals(200, policy.deviceCodeLifetime(200));
    assertEquals(NOW + 300, policy.deviceCodeDeadline(CLOCK.nowSeconds(), 600));
    assertEquals(NOW + 200, policy.deviceCodeDeadline(CLOCK.nowSeconds(), 200));
  }

  @Test
  void windowCountsFromTheApproval() {
    assertEquals(NOW + 900, policy.windowEnd(CLOCK.nowSeconds()));
  }

  @Test
  void accessTokenNeverOutlivesTheCapOrTheWindow() {
    long windowEnd = NOW + 900;
    assertEquals(NOW + 120, policy.accessTokenExpiry(NOW + 3600, NOW, windowEnd));
    assertEquals(NOW + 60, policy.accessTokenExpiry(NOW + 60, NOW, windowEnd));
    assertEquals(NOW + 30, policy.accessTokenExpiry(NOW + 3600, NOW, NOW + 30));
    assertEquals(NOW + 120, policy.accessTokenExpiry(0, NOW, windowEnd), "0 means no expiry");
  }

  @Test
  void refreshAndOfflineTokensEndWithTheWindow() {
    long windowEnd = NOW + 900;
    assertEquals(windowEnd, HardExpiryPolicy.cappedExpiry(0, windowEnd), "offline: never expires");
    assertEquals(windowEnd, HardExpiryPolicy.cappedExpiry(NOW + 1800, windowEnd));
    assertEquals(NOW + 600, HardExpiryPolicy.cappedExpiry(NOW + 600, windowEnd));
  }

  @Test
  void refusesNonPositiveSettings() {
    assertThrows(
        IllegalArgumentException.class, () -> new HardExpiryPolicy(0, 900, false, false, 120, 10));
    assertThrows(
        IllegalArgumentException.class, () -> new HardExpiryPolicy(300, -1, false, false, 120, 10));
    assertThrows(
        IllegalArgumentException.class, () -> new HardExpiryPolicy(300, 900, false, false, 0, 10));
    assertThrows(
        IllegalArgumentException.class, () -> new HardExpiryPolicy(300, 900, false, false, 120, 0));
  }
}
