package dev.leash.keycloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /**
   * A round of {@code ok} requests in 10 s, all taking {@code millis} ms, and the server busy for 1
   * ms of CPU time each.
   */
  static Round round(String server, long ok, long millis) {
    long[] latencies = new long[(int) ok];
    java.util.Arrays.fill(latencies, millis * MS);
    return new Round(server, ok, 0, 10 * SECOND, latencies, ok * MS);
  }

  /** A comparison of rounds after a minute's warm-up of each server. */
  static Comparison comparison(
      String scenario, String unit, List<Round> baseline, List<Round> candidate) {
    return new Comparison(scenario, unit, MINUTE, baseline, MINUTE, candidate);
  }

  @Test
  void ratioIsOfTheMedianRoundsSoOneDisturbedRoundDoesNotCount() {
    Comparison comparison =
        comparison(
            "device authorization",
            "/s",
            List.of(
                round("vanilla", 1000, 10), round("vanilla", 1010, 10), round("vanilla", 200, 90)),
            List.of(round("Leash", 980, 11), round("Leash", 990, 11), round("Leash", 970, 11)));

    assertEquals(100.0, comparison.baselineRate(), 1e-9);
    assertEquals(98.0, comparison.candidateRate(), 1e-9);
    assertEquals(0.98, comparison.ratio(), 1e-9);
    assertEquals(1.0, comparison.addedP99(), 1e-9);
    assertTrue(comparison.meetsGoal());
  }

  @Test
  void missesTheGoalOnThroughputOrOnAddedP99() {
    Comparison slower =
        comparison(
            "polls", "/s", List.of(round("vanilla", 1000, 10)), List.of(round("Leash", 940, 10)));
    Comparison laggier =
        comparison(
            "polls", "/s", List.of(round("vanilla", 1000, 10)), List.of(round("Leash", 1000, 12)));

    assertFalse(slower.meetsGoal());
    assertFalse(laggier.meetsGoal());
  }

  @Test
  void perMinuteForSlowJourneys() {
    Comparison trips =
        comparison(
            "approval round trips",
            "/min",
            List.of(round("vanilla", 50, 300)),
            List.of(round("Leash", 45, 330)));

    assertEquals(300.0, trips.baselineRate(), 1e-9);
    assertEquals(270.0, trips.candidateRate(), 1e-9);
    assertEquals(0.9, trips.ratio(), 1e-9);
  }
}
